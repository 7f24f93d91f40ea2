"""Vietnamese typed with TCVN3 (ABC) or VNI fonts, read back from SharePoint as cp1252 text."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.sharepoint.legacy_text import (
    TCVN3_CODES,
    LegacyRepair,
    encode_legacy,
    is_vietnamese_syllable,
    repair_html,
    repair_text,
)

# News sentences as a provincial portal writes them: đ/Đ, ư, ơ, the five tones, capitals,
# numbers and punctuation. In TCVN3 a capital with a tone has no code of its own, so these
# put such capitals only in words written all in capitals (tested on their own below).
NEWS = [
    "Phát triển kinh tế Đồng bằng sông Cửu Long: năm 2015 tăng trưởng đạt 6,5%.",
    "UBND tỉnh An Giang vừa tổ chức hội nghị tổng kết công tác quốc phòng – an ninh năm 2014.",
    "Người dân huyện Tri Tôn thu hoạch lúa Hè Thu sớm để tránh lũ; giá lúa tươi 5.200 đồng/kg.",
    "Thủ tướng yêu cầu: “Phải giữ vững ổn định chính trị, trật tự an toàn xã hội”.",
    "Đoàn công tác của Bộ Y tế kiểm tra việc phòng, chống dịch sốt xuất huyết tại thị xã Tân Châu.",
    "Ông Nguyễn Văn Bình, Chủ tịch UBND xã, cho biết: có 1.250 hộ được vay vốn ưu đãi.",
    "Ước tính xuất khẩu cá tra tăng 12% so với cùng kỳ; doanh nghiệp mở rộng thị trường châu Âu.",
    "Lễ hội Bà Chúa Xứ Núi Sam năm nay thu hút hơn 2 triệu lượt khách (tăng 8% so với năm trước).",
    "KINH TẾ - XÃ HỘI: Đắk Lắk có 12 nghìn hộ thoát nghèo, vượt chỉ tiêu đề ra",
    "Giữa tháng 10, mưa lớn khiến nước sông Hậu dâng cao, đường ở Long Xuyên ngập 0,3 – 0,5 m.",
    "Học sinh Trường THPT chuyên Thoại Ngọc Hầu đoạt 3 huy chương vàng Olympic Toán học.",
    "Quyết định số 1234/QĐ-UBND ngày 12/3/2015 phê duyệt quy hoạch khuyến nông, khuyến ngư.",
    "Ơn nghĩa sinh thành: chương trình “Áo ấm cho em” trao 500 phần quà tại xã biên giới.",
    "Ấp Vĩnh Thạnh, xã Vĩnh Hòa: khuya 15/8, một căn nhà bị cháy, thiệt hại khoảng 300 triệu đồng!",
]
# The last two carry capitals with tones outside capitalised words ("Áo", "Ấp"): exact in VNI.
TCVN3_NEWS = NEWS[:-2]


def test_the_brief_s_example_in_both_encodings() -> None:
    assert encode_legacy("Phát triển kinh tế", "tcvn3") == "Ph¸t triÓn kinh tÕ"
    assert encode_legacy("Phát triển kinh tế", "vni") == "Phaùt trieån kinh teá"


@pytest.mark.parametrize(
    ("letters", "tcvn3", "vni"),
    [
        # UniKey's tables (vnconv/data.cpp), row by row: no tone, sắc, huyền, hỏi, ngã, nặng.
        ("aáàảãạ", "a¸µ¶·¹", ["a", "aù", "aø", "aû", "aõ", "aï"]),
        ("ăắằẳẵặ", "¨¾»¼½Æ", ["aê", "aé", "aè", "aú", "aü", "aë"]),
        ("âấầẩẫậ", "©ÊÇÈÉË", ["aâ", "aá", "aà", "aå", "aã", "aä"]),
        ("êếềểễệ", "ªÕÒÓÔÖ", ["eâ", "eá", "eà", "eå", "eã", "eä"]),
        ("iíìỉĩị", "iÝ×ØÜÞ", ["i", "í", "ì", "æ", "ó", "ò"]),
        ("ơớờởỡợ", "¬íêëìî", ["ô", "ôù", "ôø", "ôû", "ôõ", "ôï"]),
        ("ưứừửữự", "\xadøõö÷ù", ["ö", "öù", "öø", "öû", "öõ", "öï"]),
        ("yýỳỷỹỵ", "yýúûüþ", ["y", "yù", "yø", "yû", "yõ", "î"]),
        ("ỸỴĐđ", "üþ§®", ["YÕ", "Î", "Ñ", "ñ"]),
        ("ĂÂÊÔƠƯ", "¡¢£¤¥¦", ["AÊ", "AÂ", "EÂ", "OÂ", "Ô", "Ö"]),
    ],
)
def test_tables(letters: str, tcvn3: str, vni: list[str]) -> None:
    assert [encode_legacy(letter, "tcvn3") for letter in letters] == list(tcvn3)
    assert [encode_legacy(letter, "vni") for letter in letters] == vni


def test_every_vietnamese_letter_has_one_code_and_lowercase_codes_differ() -> None:
    letters = {
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưy"
        for tone in ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
    } | {"đ"}
    assert len(letters) == 73
    for encoding in ("tcvn3", "vni"):
        assert len({encode_legacy(letter, encoding) for letter in letters}) == 73  # type: ignore[arg-type]
    # VNI capitals have codes of their own; TCVN3 capitals with a tone share the lowercase code.
    both_cases = letters | {letter.upper() for letter in letters}
    assert len({encode_legacy(letter, "vni") for letter in both_cases}) == 146
    assert len({encode_legacy(letter, "tcvn3") for letter in both_cases}) == 73 + 7 + 6
    assert TCVN3_CODES["Ấ"] == TCVN3_CODES["ấ"] == "Ê"


@pytest.mark.parametrize("sentence", TCVN3_NEWS)
def test_tcvn3_news_comes_back(sentence: str) -> None:
    legacy = encode_legacy(sentence, "tcvn3")
    assert legacy != sentence
    assert repair_text(legacy) == LegacyRepair(sentence, "tcvn3", None)


@pytest.mark.parametrize("sentence", NEWS)
def test_vni_news_comes_back(sentence: str) -> None:
    legacy = encode_legacy(sentence, "vni")
    assert legacy != sentence
    assert repair_text(legacy) == LegacyRepair(sentence, "vni", None)


def test_a_whole_article_comes_back() -> None:
    article = "\n".join(NEWS)
    assert repair_text(encode_legacy(article, "vni")) == LegacyRepair(article, "vni", None)
    tcvn3_article = "\n".join(TCVN3_NEWS)
    assert repair_text(encode_legacy(tcvn3_article, "tcvn3")).text == tcvn3_article


def test_tcvn3_capitals_with_tones_read_as_the_font_showed_them() -> None:
    # .VnTime had no "Ủ": the editor saw, and SharePoint kept, the lowercase code.
    assert encode_legacy("Ủy ban nhân dân tỉnh", "tcvn3") == "ñy ban nh©n d©n tØnh"
    assert repair_text("ñy ban nh©n d©n tØnh").text == "ủy ban nhân dân tỉnh"
    # Words in capitals get theirs back, one-letter-of-proof words follow their neighbours.
    assert repair_text("THÔNG BÁO KẾT QUẢ").text == "THÔNG BÁO KẾT QUẢ"  # already Unicode
    assert repair_text(encode_legacy("THÔNG BÁO KẾT QUẢ TỐT", "tcvn3")).text == (
        "THÔNG BÁO KẾT QUẢ TỐT"
    )
    assert repair_text("Kinh TÕ vµ X· Héi").text == "Kinh Tế và Xã Hội"


def test_decomposed_unicode_is_composed_and_not_flagged() -> None:
    composed = NEWS[0]
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert repair_text(decomposed) == LegacyRepair(composed, None, None)
    assert repair_html(f"<p title='{decomposed}'>{decomposed}</p>") == LegacyRepair(
        f"<p title='{composed}'>{composed}</p>", None, None
    )


@pytest.mark.parametrize(
    "text",
    [
        *NEWS,
        "\n".join(NEWS),
        "THÔNG BÁO: Ủy ban nhân dân tỉnh tuyển dụng 25 công chức năm 2015",
        "The council approved the budget for 2015; turnout was 87.5% (up 3.2 points).",
        "Un café au lait à l’aéroport, où le naïf Noël goûte une crème brûlée à Haïti.",
        "Raúl aún no sabe si el año que viene irá a Bogotá; ¿quién sabe?",
        "Grüße aus München: Die Straße ist schön, Änderungen folgen.",
        "© 2015 Báo An Giang. Microsoft® Office, nhiệt độ 25°C ± 2°, diện tích 3×4 m, ½ kg, §3 ¶2",
        "Giá xăng RON 92 giảm 1.000 đồng/lít – từ 15h ngày 4/3 · Nguồn: Petrolimex™",
        "Email: toasoan@baoangiang.com.vn – ĐT: (0296) 3 841 357",
        "",
        "2015-03-04T01:00:00Z",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert repair_text(text) == LegacyRepair(text, None, None)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        # Someone pasted a TCVN3 paragraph into a Unicode article.
        (
            "Phát triển nông nghiệp bền vững. Ph¸t triÓn n«ng nghiÖp bÒn v÷ng.",
            "mixed Unicode and TCVN3",
        ),
        (
            "Phát triển nông nghiệp bền vững. Phaùt trieån noâng nghieäp beàn vöõng.",
            "mixed Unicode and VNI",
        ),
        ("Ph¸t triÓn kinh tÕ. Phaùt trieån kinh teá.", "mixed TCVN3 and VNI"),
        # Both read as Vietnamese: tổ nổ cổ (TCVN3) or tỉ nỉ cỉ (VNI).
        ("tæ næ cæ", "could be TCVN3 or VNI"),
        # French in a TCVN3 text could not have been typed in it: not TCVN3 through and through.
        ("Ph¸t triÓn kinh tÕ cña tØnh vµ mét café", "looks like TCVN3"),
        ("Tin tøc", "might be TCVN3"),
    ],
)
def test_what_cannot_be_converted_for_sure_is_flagged_and_left(text: str, flag: str) -> None:
    repair = repair_text(text)
    assert repair.text == text
    assert repair.encoding is None
    assert repair.flagged is not None
    assert repair.flagged.startswith(flag), repair.flagged


def test_a_long_text_may_hold_a_word_that_is_no_syllable() -> None:
    # A name in a long TCVN3 text does not stop it; in a short one it does.
    long_text = encode_legacy(" ".join(TCVN3_NEWS[:6]), "tcvn3") + " (Schröder)"
    assert repair_text(long_text).encoding == "tcvn3"
    short = "Ph¸t triÓn (Schröder)"
    assert repair_text(short).flagged is not None


@pytest.mark.parametrize(
    "word",
    [
        "phát",
        "triển",
        "nghiêng",
        "khuya",
        "người",
        "được",
        "quyết",
        "giữa",
        "Đắk",
        "ĐỒNG",
        "ừ",
        "ở",
    ],
)
def test_vietnamese_syllables(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word", ["cafộ", "phảt", "ngưòi", "Microsoftđ", "naựve", "hoàng", "thank", "aúng"]
)
def test_not_vietnamese_syllables(word: str) -> None:
    # Two tones, a hỏi before a stop, foreign letters or finals, an impossible vowel group.
    assert is_vietnamese_syllable(word) == (word == "hoàng")


def test_html_text_and_alt_title_are_converted_the_rest_kept() -> None:
    html = (
        '<div class="ExternalClassB1C5"><h2 title="Tin t&#248;c">Tin tøc &amp; '
        "S¸ng t¹o</h2>"
        '<p style="text-align:justify">&nbsp;Ng­êi d©n x· <b>V</b>Ünh Th¹nh nhËn '
        '<a href="https://angiang.gov.vn/caf%C3%A9?a=1&amp;b=2#n¨m">h­íng dÉn</a>'
        " &sect;ång thêi</p>"
        '<img src="/sites/tintuc/PublishingImages/anh%2012.jpg" alt="Lóa HÌ Thu" width=300>'
        '<script>var t = "Ph¸t";</script><!-- Ph¸t triÓn --></div>'
    )
    assert repair_html(html) == LegacyRepair(
        '<div class="ExternalClassB1C5"><h2 title="Tin tức">Tin tức &amp; '
        "Sáng tạo</h2>"
        '<p style="text-align:justify">&nbsp;Người dân xã <b>V</b>ĩnh Thạnh nhận '
        '<a href="https://angiang.gov.vn/caf%C3%A9?a=1&amp;b=2#n¨m">hướng dẫn</a>'
        " Đồng thời</p>"
        '<img src="/sites/tintuc/PublishingImages/anh%2012.jpg" alt="Lúa Hè Thu" width=300>'
        '<script>var t = "Ph¸t";</script><!-- Ph¸t triÓn --></div>',
        "tcvn3",
        None,
    )


def test_vni_html_with_a_mark_written_as_a_reference() -> None:
    # "l&ocirc;&ugrave;p" is "lôùp": the letter is made of both, however they were written.
    html = "<p>Tröôøng THPT Long Xuyeân: <em>tuyeån</em> sinh l&ocirc;&ugrave;p 10 &lt;2015&gt;</p>"
    assert repair_html(html) == LegacyRepair(
        "<p>Trường THPT Long Xuyên: <em>tuyển</em> sinh lớp 10 &lt;2015&gt;</p>", "vni", None
    )


@pytest.mark.parametrize(
    "html",
    [
        "<p>Phát triển kinh tế &amp; xã hội</p>",
        '<p><a href="https://vi.wikipedia.org/wiki/C%C3%A0_ph%C3%AA">Cà phê</a> &copy; 2015</p>',
        "<p>Un café à l'aéroport &ndash; naïve</p><br/><!-- x -->",
        '<img src="x.jpg" alt="Microsoft® Office">',
        "not html at all < > & ¸",
        "<p>broken <b>markup <i>here</p",
    ],
)
def test_ordinary_html_is_left_byte_for_byte(html: str) -> None:
    assert repair_html(html) == LegacyRepair(html, None, None)


def test_mixed_html_is_flagged_and_left() -> None:
    html = "<p>Phát triển nông nghiệp</p><p>Ph¸t triÓn n«ng nghiÖp</p>"
    repair = repair_html(html)
    assert repair.text == html
    assert repair.encoding is None
    assert repair.flagged is not None
    assert repair.flagged.startswith("mixed Unicode and TCVN3")


def test_a_word_split_by_an_inline_tag_is_one_word() -> None:
    assert repair_html("<p>Ph<b>¸</b>t triÓn</p>").text == "<p>Ph<b>á</b>t triển</p>"


def _same_as_far_as_tcvn3_tells(repair: LegacyRepair, sentence: str, encoding: str) -> bool:
    """TCVN3 has one code for "ã" and "Ã": words in any order ("XÃ" beside "tăng") can only
    be right up to case."""
    if encoding == "tcvn3":
        return (repair.text.casefold(), repair.encoding) == (sentence.casefold(), encoding)
    return repair == LegacyRepair(sentence, encoding, None)


def _sentences(lines: list[str], min_size: int) -> st.SearchStrategy[str]:
    """Words of the lines in any order, each with a Vietnamese letter."""
    words = sorted({word for line in lines for word in line.split() if not word.isascii()})
    return st.lists(st.sampled_from(words), min_size=min_size, max_size=30).map(" ".join)


@given(_sentences(NEWS, 1), st.sampled_from(["tcvn3", "vni"]))
def test_news_words_in_any_order_are_never_converted_wrongly(sentence: str, encoding: str) -> None:
    # One word may be a Unicode word too ("hót" is TCVN3 "hút", "choáng" VNI "chống"), and
    # is then left; what is converted is converted right.
    if encoding == "tcvn3":
        sentence = sentence.replace("Áo", "áo").replace("Ấp", "ấp")
    repair = repair_text(encode_legacy(sentence, encoding))  # type: ignore[arg-type]
    if repair.encoding is not None:
        assert _same_as_far_as_tcvn3_tells(repair, sentence, encoding)


@given(_sentences(NEWS, 8), st.sampled_from(["tcvn3", "vni"]))
def test_eight_news_words_in_any_order_are_converted(sentence: str, encoding: str) -> None:
    if encoding == "tcvn3":
        sentence = sentence.replace("Áo", "áo").replace("Ấp", "ấp")
    repair = repair_text(encode_legacy(sentence, encoding))  # type: ignore[arg-type]
    assert _same_as_far_as_tcvn3_tells(repair, sentence, encoding)


@given(st.text())
def test_any_text_is_repaired_or_returned_in_nfc(text: str) -> None:
    repair = repair_text(text)
    if repair.encoding is None:
        assert repair.text == unicodedata.normalize("NFC", text)
    else:
        assert repair.flagged is None
    if "<" not in text and "&" not in text:
        assert repair_html(text) == repair


html_pieces = st.sampled_from(
    ["<p>", "</p>", "<b>", "</b>", '<img alt="', '">', "<a href='/x?a=1&amp;b'>", "</a>", "<!--",
     "-->", "<script>", "</script>", "&amp;", "&sect;", "&#185;", "&nbsp;", "<", ">", "&", " ",
     "Ph¸t", "triÓn", "Phaùt", "trieån", "Phát", "café", "\u0301", "e", "<![if x]>", "<![", "]]>"]
)  # fmt: skip


@given(st.lists(html_pieces).map("".join))
def test_any_html_is_repaired_or_kept(html: str) -> None:
    repair = repair_html(html)
    if repair.encoding is None and unicodedata.is_normalized("NFC", html):
        assert repair.text == html
