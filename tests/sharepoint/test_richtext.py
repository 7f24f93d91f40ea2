"""SharePoint 2010/2013 rich text (Note fields, publishing HTML) tidied before our sanitizer,
and the image and link URLs in it found and pointed at our media."""

from html import unescape

import nh3
import pytest

from app.articles.sanitize import sanitize_html
from app.sharepoint.richtext import clean_html, image_sources, link_targets, rewrite_urls

# As the 2010 editor saves a news item: a wrapper, rte classes, font spans, filler paragraphs,
# the cursor markers and zero-width spaces it leaves behind.
EDITOR_2010 = (
    '<div class="ExternalClass3F2A9C1B7D4E4B1A8F6C2D0E9B7A5C31">'
    '<p class="ms-rteElement-P"><span style="font-family:Arial;font-size:10pt">Sáng 12/3, '
    "UBND tỉnh An Giang tổ chức họp báo\u200b về tình hình kinh tế.</span></p>"
    "<p>&#160;</p>"
    '<p class="ms-rteElement-H2">Tăng trưởng 6,5%<span id="ms-rterangecursor-start"></span>'
    '<span id="ms-rterangecursor-end"></span></p>'
    '<p><font face="Times New Roman" size="3">Người dân huyện <b>Tri Tôn</b> thu hoạch lúa'
    "&#160;sớm.</font></p><p>\u200b</p></div>"
)
# Word pasted into the editor: MsoNormal paragraphs, <o:p>, mso- styles, conditional comments
# and list bullets written as text.
WORD_PASTE = (
    "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml>"
    '<![endif]--><p class="MsoNormal" style="mso-margin-top-alt:auto;text-align:justify">'
    '<span style="font-size:13.0pt;mso-bidi-font-family:Arial">Đoàn công tác của Bộ Y tế kiểm '
    "tra<o:p></o:p></span></p>"
    '<p class="MsoListParagraph" style="text-indent:-.25in;mso-list:l0 level1 lfo1">'
    '<![if !supportLists]><span style="font-family:Symbol;mso-list:Ignore">·<span '
    'style="font:7.0pt &quot;Times New Roman&quot;">&nbsp;&nbsp; </span></span><![endif]>'
    "Phòng, chống dịch sốt xuất huyết<o:p></o:p></p>"
)
# A picture and its caption as editors lay them: a paragraph each, or a two-row table.
CAPTIONED = (
    '<p><img src="/PublishingImages/2014/cau-my-thuan.jpg" alt="Cầu Mỹ Thuận" '
    'style="border:0px solid"></p><p style="text-align:center"><em>Cầu Mỹ Thuận nhìn từ bờ '
    "Vĩnh Long. Ảnh: Văn Bình</em></p>"
)
TABLE_CAPTIONED = (
    '<table class="ms-rteTable-default" width="100%"><tbody><tr><td><img '
    'src="/PublishingImages/le-hoi.jpg?RenditionID=6"></td></tr><tr><td>Lễ hội Bà Chúa Xứ Núi '
    "Sam</td></tr></tbody></table>"
)
DATA_TABLE = (
    '<table class="ms-rteTable-default" cellspacing="0"><tbody><tr class="ms-rteTableHeaderRow-'
    'default"><th class="ms-rteTableHeaderEvenCol-default" scope="col">Huyện</th><th>Số hộ</th>'
    '</tr><tr class="ms-rteTableOddRow-default"><td style="width:50%">Tri Tôn</td><td '
    'align="right">1.250</td></tr><tr><td colspan="2">Tổng: 1.250 hộ</td></tr></tbody></table>'
)
BROKEN = (
    '<div class="ExternalClassA1"><p>Ông Nguyễn Văn Bình <b>cho biết: <i>có 1.250 hộ'
    "<ul><li>được vay vốn<li>ưu đãi</ul><script>alert('xss')</script><p>Hết"
)
SAMPLES = [EDITOR_2010, WORD_PASTE, CAPTIONED, TABLE_CAPTIONED, DATA_TABLE, BROKEN]

NASTY = [
    "",
    "   \n\t ",
    "<<<>>>&&&;",
    "</p></div></table>",
    "<p <p>Đà Nẵng",
    "<![CDATA[ẩn]]>hiện<![x]>",
    "\x00Hà\x00 Nội\ufeff",
    '<img src=x onerror="alert(1)"><a href="javascript:alert(1)">bấm</a>',
    "<table><td>ô<tr><li>mục<table><td>sâu",
    "<ul><li>một<table><li>hai<tr><td><li>ba</td></tr></table>bốn</li></ul>",
    '<a href="/a"><a href="/b">lồng</a></a><p><p><h1><pre>\n\nmã</pre>',
    '<span style="font-weight:bold"><div>đậm<div>khối</div></div></span>;;style=";:',
    "<table><tr><td>" * 300 + "đáy",
    "<div>" * 1000 + "tận cùng" + "</span>" * 50,
    "<!--[if gte mso 9]>chưa đóng",
    "<script>document.write('<p>x')",
]


def letters(html: str) -> list[str]:
    """The letters a browser shows, sorted: it moves text out of tables where it may not be."""
    text = unescape(nh3.clean(html, tags=set(), strip_comments=True))
    return sorted(character for character in text if character.isalpha())


def without_rel(html: str) -> str:
    # sanitize_html gives every link rel="noopener noreferrer"; that is its only addition.
    return html.replace(' rel="noopener noreferrer"', "")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(
            EDITOR_2010,
            "<p>Sáng 12/3, UBND tỉnh An Giang tổ chức họp báo về tình hình kinh tế.</p>\n"
            "<h2>Tăng trưởng 6,5%</h2>\n"
            "<p>Người dân huyện <b>Tri Tôn</b> thu hoạch lúa&nbsp;sớm.</p>",
            id="editor-2010",
        ),
        pytest.param(
            WORD_PASTE,
            "<p>Đoàn công tác của Bộ Y tế kiểm tra</p>\n<p>Phòng, chống dịch sốt xuất huyết</p>",
            id="word-paste",
        ),
        pytest.param(
            CAPTIONED,
            '<figure><img src="/PublishingImages/2014/cau-my-thuan.jpg" alt="Cầu Mỹ Thuận">'
            "<figcaption>Cầu Mỹ Thuận nhìn từ bờ Vĩnh Long. Ảnh: Văn Bình</figcaption></figure>",
            id="caption-paragraph",
        ),
        pytest.param(
            '<p><a href="/PublishingImages/a.jpg"><img src="/PublishingImages/a.jpg"></a></p>'
            "<p>&#160;</p><p><i>Ảnh: TTXVN</i></p>",
            '<figure><a href="/PublishingImages/a.jpg"><img src="/PublishingImages/a.jpg"></a>'
            "<figcaption>Ảnh: TTXVN</figcaption></figure>",
            id="italic-caption-after-filler",
        ),
        pytest.param(
            '<p><img src="/a.jpg"></p><p>Chiều cùng ngày, đoàn làm việc với huyện.</p>',
            '<p><img src="/a.jpg"></p>\n<p>Chiều cùng ngày, đoàn làm việc với huyện.</p>',
            id="plain-paragraph-after-image-is-no-caption",
        ),
        pytest.param(
            TABLE_CAPTIONED,
            '<figure><img src="/PublishingImages/le-hoi.jpg?RenditionID=6">'
            "<figcaption>Lễ hội Bà Chúa Xứ Núi Sam</figcaption></figure>",
            id="caption-table",
        ),
        pytest.param(
            DATA_TABLE,
            '<table><tbody><tr><th scope="col">Huyện</th><th>Số hộ</th></tr><tr><td>Tri Tôn'
            '</td><td align="right">1.250</td></tr><tr><td colspan="2">Tổng: 1.250 hộ</td></tr>'
            "</tbody></table>",
            id="data-table",
        ),
        pytest.param(
            BROKEN,
            "<p>Ông Nguyễn Văn Bình <b>cho biết: <i>có 1.250 hộ</i></b></p>\n"
            "<ul><li><b><i>được vay vốn</i></b></li><li><b><i>ưu đãi</i></b></li></ul>\n"
            "<p><b><i>Hết</i></b></p>",
            id="unclosed-tags-and-script",
        ),
        pytest.param(
            '<p class="ms-rteElement-H3B">Nhỏ</p><h1>Lớn</h1>'
            '<div class="ms-rteElement-H4">Bé</div>',
            "<h3>Nhỏ</h3>\n<h2>Lớn</h2>\n<h4>Bé</h4>",
            id="headings",
        ),
        pytest.param(
            '<p><span style="font-weight:bold">Đậm</span>, <span style="FONT-STYLE: italic">'
            'nghiêng</span>, <span style="font-weight:700;font-style:italic">cả hai</span></p>',
            "<p><strong>Đậm</strong>, <em>nghiêng</em>, <strong><em>cả hai</em></strong></p>",
            id="styled-spans",
        ),
        pytest.param(
            "<div>Dòng một<br>dòng hai<br><br>Đoạn mới</div><div>&#160;</div><div>Cuối</div>",
            "<p>Dòng một<br>dòng hai</p>\n<p>Đoạn mới</p>\n<p>Cuối</p>",
            id="divs-as-paragraphs",
        ),
        pytest.param(
            '<ul><li>&#160;</li><li>Một</li></ul><ol start="3"><li>Ba<li>Bốn</ol><p> </p>',
            '<ul><li>Một</li></ul>\n<ol start="3"><li>Ba</li><li>Bốn</li></ol>',
            id="lists",
        ),
        pytest.param(
            """<p><img src="/a.jpg" alt="Ông 'Tư' &amp; <bà> Năm"> Giá&nbsp;5.200 &lt;đ&gt;</p>""",
            """<p><img src="/a.jpg" alt="Ông 'Tư' &amp; &lt;bà&gt; Năm"> Giá&nbsp;5.200 """
            "&lt;đ&gt;</p>",
            id="escapes-as-sanitizer-writes-them",
        ),
        pytest.param(
            "<pre>\n\nif (a &lt; b)\n    return;</pre>",
            "<pre>if (a &lt; b)\n    return;</pre>",
            id="pre-leading-line-feeds",
        ),
        pytest.param(
            # html5ever puts the second item in the first, before the table it left empty.
            "<ul><li>một<table><li>hai</table>ba</ul>",
            "<ul><li>một</li><li>hai</li><li>ba</li></ul>",
            id="item-in-item-through-a-table",
        ),
    ],
)
def test_clean_html(html: str, expected: str) -> None:
    assert clean_html(html) == expected


@pytest.mark.parametrize("html", SAMPLES + NASTY)
def test_sanitize_html_leaves_the_result_as_it_is(html: str) -> None:
    cleaned = clean_html(html)
    assert without_rel(sanitize_html(cleaned)) == cleaned


@pytest.mark.parametrize("html", SAMPLES + NASTY)
def test_cleaning_twice_is_cleaning_once(html: str) -> None:
    cleaned = clean_html(html)
    assert clean_html(cleaned) == cleaned


@pytest.mark.parametrize("html", SAMPLES + NASTY)
def test_no_letter_is_lost(html: str) -> None:
    assert letters(clean_html(html)) == letters(html)


@pytest.mark.parametrize("html", NASTY)
def test_garbage_gives_harmless_html(html: str) -> None:
    cleaned = clean_html(html)
    assert "<script" not in cleaned
    assert "onerror" not in cleaned
    assert "javascript:" not in cleaned
    assert cleaned == cleaned.strip()


def test_very_deep_markup_is_flattened_not_a_crash() -> None:
    # Past a hundred levels elements are unwrapped (their text kept) instead of recursing on.
    html = "<div>" * 1000 + "<b>đậm</b> và <i>nghiêng</i>"
    assert clean_html(html) == "<p>đậm và nghiêng</p>"
    assert clean_html("<div>" * 20 + "<b>đậm</b>") == "<p><b>đậm</b></p>"


BODY = (
    '<p><img src="/PublishingImages/C%E1%BA%A7u%20M%E1%BB%B9%20Thu%E1%BA%ADn.jpg?RenditionID=6'
    '&amp;w=640" alt="Cầu"></p>\n'
    "<p><img src='https://tinhuy.angiang.gov.vn/PublishingImages/hop-bao.png'/></p>\n"
    '<!-- <img src="/PublishingImages/an.jpg"> <a href="/an.pdf">x</a> -->\n'
    '<p>Xem <a href="/Lists/TinTuc/Attachments/12/K%E1%BA%BF%20ho%E1%BA%A1ch%202015.docx">kế '
    'hoạch</a>, <a href="../SiteAssets/B%C3%A1o%20c%C3%A1o.pdf" target="_blank">báo cáo</a>, '
    '<a href="https://vnexpress.net/kinh-te">VnExpress</a>, <a name="muc-1">neo</a>, '
    '<a href="">rỗng</a>, <img src="">'
    '<IMG SRC="/PublishingImages/C%E1%BA%A7u%20M%E1%BB%B9%20Thu%E1%BA%ADn.jpg?RenditionID=6'
    '&amp;w=640"></p>'
)
ENCODED_IMAGE = "/PublishingImages/C%E1%BA%A7u%20M%E1%BB%B9%20Thu%E1%BA%ADn.jpg?RenditionID=6&w=640"
ATTACHMENT = "/Lists/TinTuc/Attachments/12/K%E1%BA%BF%20ho%E1%BA%A1ch%202015.docx"


def test_image_sources_in_order_each_once_references_read() -> None:
    assert image_sources(BODY) == [
        ENCODED_IMAGE,
        "https://tinhuy.angiang.gov.vn/PublishingImages/hop-bao.png",
    ]


def test_link_targets_in_order_each_once() -> None:
    assert link_targets(BODY) == [
        ATTACHMENT,
        "../SiteAssets/B%C3%A1o%20c%C3%A1o.pdf",
        "https://vnexpress.net/kinh-te",
    ]


def test_rewrite_urls_changes_only_the_mapped_values() -> None:
    rewritten = rewrite_urls(
        BODY,
        images={ENCODED_IMAGE: (42, "/media/2015/03/cau-my-thuan.jpg")},
        links={ATTACHMENT: "/media/2015/03/ke-hoach-2015.docx?v=1&t=2"},
    )
    assert rewritten == (
        BODY.replace(
            '"/PublishingImages/C%E1%BA%A7u%20M%E1%BB%B9%20Thu%E1%BA%ADn.jpg?RenditionID=6'
            '&amp;w=640" alt="Cầu">',
            '"/media/2015/03/cau-my-thuan.jpg" alt="Cầu" data-media-id="42">',
        )
        .replace(
            '"/PublishingImages/C%E1%BA%A7u%20M%E1%BB%B9%20Thu%E1%BA%ADn.jpg?RenditionID=6'
            '&amp;w=640">',
            '"/media/2015/03/cau-my-thuan.jpg" data-media-id="42">',
        )
        .replace(ATTACHMENT, "/media/2015/03/ke-hoach-2015.docx?v=1&amp;t=2")
    )
    assert image_sources(rewritten) == [
        "/media/2015/03/cau-my-thuan.jpg",
        "https://tinhuy.angiang.gov.vn/PublishingImages/hop-bao.png",
    ]


def test_rewrite_urls_replaces_a_media_id_already_there() -> None:
    html = '<img data-media-id="7" src="/a.jpg"/>'
    rewritten = rewrite_urls(html, images={"/a.jpg": (9, "/media/a.jpg")}, links={})
    assert rewritten == '<img data-media-id="9" src="/media/a.jpg"/>'


@pytest.mark.parametrize("html", [BODY, *NASTY])
def test_rewrite_urls_without_matches_gives_every_byte_back(html: str) -> None:
    assert rewrite_urls(html, images={"/khac.jpg": (1, "/m.jpg")}, links={"/khac": "/m"}) == html


def test_the_importers_pipeline_gives_html_the_sanitizer_keeps() -> None:
    cleaned = sanitize_html(clean_html(CAPTIONED + TABLE_CAPTIONED + BODY))
    images = {
        src: (number, f"/media/{number}.jpg") for number, src in enumerate(image_sources(cleaned))
    }
    links = {href: "/media/tai-lieu.pdf" for href in link_targets(cleaned) if "Attachments" in href}
    rewritten = rewrite_urls(cleaned, images=images, links=links)
    assert sanitize_html(rewritten) == rewritten
    assert image_sources(rewritten) == [f"/media/{number}.jpg" for number in range(len(images))]
    assert rewritten.count("data-media-id=") == len(images) + 1  # the Cầu Mỹ Thuận image twice
    assert link_targets(rewritten)[0] == "/media/tai-lieu.pdf"
