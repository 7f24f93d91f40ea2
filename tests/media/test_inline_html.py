"""The public body's inline images are ready to render (issue 20): every image of our library
points at a stored file with its renditions, dimensions and caption, in a figure; the stored
body keeps what the editor wrote."""

from typing import Any

import lxml.html
import pytest
from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.articles.models import ArticleStatus
from app.media.inline import SIZES, public_html
from app.media.schemas import ImagePublic
from app.media.storage import LocalStorage
from tests.factories import Factory
from tests.media import files
from tests.media.conftest import upload


def _image(**fields: Any) -> ImagePublic:
    values: dict[str, Any] = {
        "id": 7, "url": "/media/ab/7.jpg", "content_type": "image/jpeg", "width": 1600,
        "height": 900, "alt": "Cánh đồng lúa", "caption": "Lúa chín ở Châu Phú", "credit": "",
        "renditions": [],
        "srcset": {"image/jpeg": "/media/ab/7-640.jpg 640w, /media/ab/7.jpg 1600w",
                   "image/webp": "/media/ab/7-640.webp 640w"},
    }  # fmt: skip
    return ImagePublic.model_validate(values | fields)


def test_an_image_alone_in_a_paragraph_becomes_a_figure_with_the_library_caption() -> None:
    html = '<p>Mở đầu</p><p><img src="anh.jpg" data-media-id="7"></p><p>Kết</p>'
    out = public_html(html, {7: _image()})
    assert out == (
        '<p>Mở đầu</p><figure><img src="/media/ab/7.jpg" data-media-id="7" loading="lazy" '
        'srcset="/media/ab/7-640.jpg 640w, /media/ab/7.jpg 1600w" '
        f'sizes="{SIZES}" width="1600" height="900" decoding="async" alt="Cánh đồng lúa">'
        "<figcaption>Lúa chín ở Châu Phú</figcaption></figure><p>Kết</p>"
    )


def test_the_editors_alt_and_caption_are_kept_and_running_text_is_left_alone() -> None:
    html = (
        '<figure><img src="x" data-media-id="7" alt="Của biên tập viên">'
        "<figcaption>Chú thích riêng</figcaption></figure>"
        '<p>Chữ <img src="x" data-media-id="7"> giữa dòng</p>'
        '<img src="y" data-media-id="7">đuôi'
    )
    root = lxml.html.fragment_fromstring(public_html(html, {7: _image()}), create_parent="div")
    first, inline, top = root.iter("img")
    assert first.get("alt") == "Của biên tập viên"
    assert [c.text for c in root.iter("figcaption")] == ["Chú thích riêng", "Lúa chín ở Châu Phú"]
    assert inline.getparent().tag == "p"  # a figure cannot sit in running text
    assert inline.get("srcset")
    assert inline.get("width") == "1600"
    assert top.getparent().tag == "figure"
    assert top.getparent().tail == "đuôi"


def test_images_not_in_the_library_and_bodies_without_images() -> None:
    assert public_html("<p>Không có ảnh</p>", {}) == "<p>Không có ảnh</p>"
    out = public_html('<p><img src="https://example.org/a.png" alt="Ngoài"></p>', {7: _image()})
    assert out == '<p><img src="https://example.org/a.png" alt="Ngoài" loading="lazy"></p>'
    # No renditions yet: the original alone, no srcset.
    out = public_html('<img data-media-id="7">', {7: _image(srcset={}, caption="")})
    assert "srcset" not in out
    assert 'src="/media/ab/7.jpg"' in out
    assert "<figcaption>" not in out


def test_every_inline_image_of_a_published_body_resolves_to_stored_files(
    client: TestClient, storage: LocalStorage, factory: Factory
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    uploaded = upload(client, editor, files.jpeg_with_gps((1400, 900)), "lua.jpg",
                      alt="Lúa", caption="Mùa gặt").json()  # fmt: skip
    stored = f'<p>Đầu</p><p><img src="cu-ten-file.jpg" data-media-id="{uploaded["id"]}"></p>'
    article = factory.article(status=ArticleStatus.published, content_html=stored)

    body = client.get(f"/v1/articles/{article.id}").json()
    root = lxml.html.fragment_fromstring(body["content_html"], create_parent="div")
    (img,) = root.iter("img")
    assert img.get("src") == uploaded["url"]
    assert (img.get("width"), img.get("height")) == ("1400", "900")
    assert img.getparent().tag == "figure"
    assert img.getparent().findtext("figcaption") == "Mùa gặt"
    urls = [img.get("src")] + [c.split()[0] for c in img.get("srcset").split(", ")]
    assert len(urls) >= 3
    for url in urls:
        served = client.get(url)
        assert served.status_code == 200, url
        assert served.headers["content-type"] == "image/jpeg"
    # The same body in the list's content_html field and in the sync feed; the stored one is
    # untouched.
    listed = client.get("/v1/articles", params={"fields": "id,content_html"}).json()["items"]
    assert [a["content_html"] for a in listed if a["id"] == article.id] == [body["content_html"]]
    admin_headers = factory.headers(factory.user(Role.admin))
    key = client.post("/v1/admin/api-keys", json={"name": "Cổng", "scopes": ["sync"]},
                      headers=admin_headers).json()["key"]  # fmt: skip
    synced = client.get("/v1/sync", headers={"X-API-Key": key}).json()
    assert [i["content_html"] for i in synced["upserted"] if i["id"] == article.id] == [
        body["content_html"]
    ]
    admin = client.get(f"/v1/admin/articles/{article.id}", headers=editor).json()
    assert admin["content_html"] == stored


@pytest.mark.parametrize("field", ["caption", "alt"])
def test_a_changed_library_text_reaches_the_published_body(
    client: TestClient, storage: LocalStorage, factory: Factory, field: str
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    uploaded = upload(client, editor, files.jpeg_with_gps((800, 600)), "a.jpg",
                      alt="Cũ", caption="Cũ").json()  # fmt: skip
    article = factory.article(status=ArticleStatus.published,
                              content_html=f'<img data-media-id="{uploaded["id"]}">')  # fmt: skip
    url = f"/v1/admin/media/{uploaded['id']}"
    etag = client.get(url, headers=editor).headers["etag"]
    client.patch(url, json={field: "Mới"}, headers={**editor, "If-Match": etag})
    html = client.get(f"/v1/articles/{article.id}").json()["content_html"]
    alt, caption = ("Mới", "Cũ") if field == "alt" else ("Cũ", "Mới")
    assert f'alt="{alt}"' in html
    assert f"<figcaption>{caption}</figcaption>" in html
