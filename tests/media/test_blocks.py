"""`content_blocks` and `content_html` agree (issue 20): the blocks, written back as HTML, parse
to the same tree as the public body, for every kind of block and for bodies the sanitizer
lets through; and the public detail carries both."""

from typing import Any

import lxml.html
import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from app.accounts.models import Role
from app.articles.blocks import ContentBlock, blocks_html, content_blocks
from app.articles.models import ArticleStatus
from app.articles.sanitize import sanitize_html
from app.media.inline import public_html
from app.media.schemas import ImagePublic
from app.media.storage import LocalStorage
from tests.factories import Factory
from tests.media import files
from tests.media.conftest import upload

IMAGE = ImagePublic.model_validate({
    "id": 7, "url": "/media/ab/7.jpg", "content_type": "image/jpeg", "width": 1600,
    "height": 900, "alt": "Cánh đồng", "caption": "Lúa chín", "credit": "", "renditions": [],
    "srcset": {"image/jpeg": "/media/ab/7-640w.jpg 640w, /media/ab/7.jpg 1600w"},
})  # fmt: skip

BODY = (
    '<h2>Tin chính</h2><p>Sáng <strong>14/12</strong>, <a href="https://angiang.gov.vn">'
    "tỉnh</a> khai mạc &amp; bế mạc.<br>Dòng hai</p>"
    '<p><img src="x.jpg" data-media-id="7"></p>'
    '<figure><img src="x.jpg" data-media-id="7" alt="Riêng"><figcaption>Chú <em>thích</em>'
    "</figcaption></figure>"
    "<blockquote><p>Trích dẫn</p></blockquote>"
    '<ol start="3"><li>Ba</li><li>Bốn<ul><li>lồng</li></ul></li></ol><ul><li>Một</li></ul>'
    '<table><thead><tr><th>Xã</th><th colspan="2">Diện tích</th></tr></thead>'
    "<tbody><tr><td>Mỹ Hòa Hưng</td><td>12</td><td>ha</td></tr></tbody></table>"
    "<hr><h3>Phụ</h3><pre>mã</pre>"
    '<p align="center">Căn giữa</p><div>Khối</div>'
)


def _tree(html: str) -> Any:
    """A parsed fragment as nested tuples: tag, attributes, text (blank text dropped)."""

    def walk(element: Any) -> tuple[object, ...]:
        text = (element.text or "").strip()
        children = [walk(child) for child in element]
        tail = (element.tail or "").strip()
        return (element.tag, sorted(element.attrib.items()), text, children, tail)

    return walk(lxml.html.fragment_fromstring(html, create_parent="div"))


def test_every_kind_of_block_and_back() -> None:
    public = public_html(sanitize_html(BODY), {7: IMAGE})
    blocks = content_blocks(public, {7: IMAGE})
    assert [b.type for b in blocks] == [
        "heading", "paragraph", "image", "image", "quote", "list", "list", "table",
        "divider", "heading", "html", "html", "html",
    ]  # fmt: skip
    heading, paragraph, image, captioned, quote, ordered, bullets, table = blocks[:8]
    assert (heading.level, heading.html) == (2, "Tin chính")
    assert paragraph.html == (
        'Sáng <strong>14/12</strong>, <a href="https://angiang.gov.vn" rel="noopener noreferrer">'
        "tỉnh</a> khai mạc &amp; bế mạc.<br>Dòng hai"
    )
    assert (image.image.id, image.alt) == (7, "Cánh đồng")
    assert image.caption_html == "Lúa chín"
    assert captioned.alt == "Riêng"
    assert captioned.caption_html == "Chú <em>thích</em>"
    assert quote.html == "<p>Trích dẫn</p>"
    assert (ordered.ordered, ordered.start) == (True, 3)
    assert ordered.items == ["Ba", "Bốn<ul><li>lồng</li></ul>"]
    assert (bullets.ordered, bullets.items) == (False, ["Một"])
    rows = table.rows
    assert [[(c.html, c.header, c.colspan) for c in row] for row in rows] == [
        [("Xã", True, 1), ("Diện tích", True, 2)],
        [("Mỹ Hòa Hưng", False, 1), ("12", False, 1), ("ha", False, 1)],
    ]
    assert _tree(blocks_html(blocks)) == _tree(public)


@pytest.mark.parametrize(
    "body",
    [
        "",
        "Chữ trần ở đầu<p>rồi đoạn</p>đuôi trần",
        "<p>Ảnh <img src='x' data-media-id='7'> giữa dòng</p>",
        "<figure><img src='x' data-media-id='7' title='có tiêu đề'></figure>",
        "<figure><img src='x' data-media-id='99'></figure>",
        "<figure><p>Không phải ảnh</p></figure>",
        "<ol type='a'><li>a</li></ol><ul><li>x</li>chữ lạc</ul>",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;</p>",
        "<table><tr><td rowspan='2'>A</td></tr><tr><td>B</td></tr></table>",
    ],
)
def test_bodies_of_every_shape_round_trip(body: str) -> None:
    public = public_html(sanitize_html(body), {7: IMAGE})
    blocks = content_blocks(public, {7: IMAGE})
    assert _tree(blocks_html(blocks)) == _tree(public)
    # Nothing is left out: the text of the body is all in the blocks.
    assert _text(blocks_html(blocks)) == _text(public)


def _text(html: str) -> str:
    return "".join(lxml.html.fragment_fromstring(html, create_parent="div").itertext())


def test_the_public_detail_carries_the_blocks(
    client: TestClient, storage: LocalStorage, factory: Factory
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    uploaded = upload(client, editor, files.jpeg_with_gps((1400, 900)), "a.jpg",
                      alt="Lúa", caption="Mùa gặt").json()  # fmt: skip
    body = f'<p>Đầu</p><p><img src="x" data-media-id="{uploaded["id"]}"></p><ul><li>Một</li></ul>'
    article = factory.article(status=ArticleStatus.published, content_html=body)
    detail = client.get(f"/v1/articles/{article.id}").json()
    assert [b["type"] for b in detail["content_blocks"]] == ["paragraph", "image", "list"]
    image = detail["content_blocks"][1]
    assert image["image"]["id"] == uploaded["id"]
    assert image["image"]["srcset"] == uploaded["srcset"]
    assert image["caption_html"] == "Mùa gặt"

    blocks = TypeAdapter(list[ContentBlock]).validate_python(detail["content_blocks"])
    assert _tree(blocks_html(blocks)) == _tree(detail["content_html"])
    # Lists stay light: no body, no blocks.
    item = client.get("/v1/articles").json()["items"][0]
    assert "content_blocks" not in item
