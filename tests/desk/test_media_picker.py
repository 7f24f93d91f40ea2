"""The desk's media picker: uploads go through the media service's checks (a file is judged by
its content, metadata stripped, renditions made), refusals come back in Vietnamese, and an
image chosen for the body or as the lead image is saved and shown publicly with renditions."""

import re

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from app.accounts.models import Role
from app.articles.models import Article
from app.media.storage import LocalStorage
from tests.desk.pages import csrf_of, sign_in
from tests.factories import Factory
from tests.media.files import jpeg_with_gps, pdf, png_with_alpha


def _upload(client: TestClient, token: str, name: str, content: bytes, **fields: str) -> Response:
    return client.post(
        "/desk/media",
        files={"file": (name, content)},
        data=fields,
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )


def _picked(page: Response) -> list[dict[str, str]]:
    return [
        dict(re.findall(r'data-([a-z-]+)="([^"]*)"', button))
        for button in re.findall(r"<button[^>]*data-pick-media[^>]*>", page.text, re.S)
    ]


def test_an_upload_is_checked_stored_and_offered_first(
    client: TestClient, factory: Factory, storage: LocalStorage
) -> None:
    sign_in(client, factory.user(Role.contributor))
    token = csrf_of(client.get("/desk/articles/new"))
    done = _upload(client, token, "ảnh đồng lúa.jpg", jpeg_with_gps(), alt="Cánh đồng lúa",
                   caption="Mùa gặt ở Châu Phú")  # fmt: skip
    assert done.status_code == 201
    assert "Đã tải lên." in done.text
    (first, *_) = _picked(done)
    assert first["alt"] == "Cánh đồng lúa"
    assert first["caption"] == "Mùa gặt ở Châu Phú"
    assert first["thumb"] != first["src"]  # a rendition, not the full image
    # The library search finds it without diacritics.
    found = client.get("/desk/media", params={"q": "canh dong"})
    assert [p["media-id"] for p in _picked(found)] == [first["media-id"]]
    assert _picked(client.get("/desk/media", params={"q": "không có"})) == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("thu.jpg", b"<script>alert(1)</script>", "Hệ thống không nhận loại tệp này"),
        ("rong.png", b"", "Không dùng được tệp này"),
    ],
)
def test_a_refused_upload_says_why_in_vietnamese(
    client: TestClient,
    factory: Factory,
    storage: LocalStorage,
    name: str,
    content: bytes,
    message: str,
) -> None:
    sign_in(client, factory.user(Role.contributor))
    token = csrf_of(client.get("/desk/articles/new"))
    refused = _upload(client, token, name, content)
    assert refused.status_code in (415, 422)
    assert message in refused.text
    assert _picked(refused) == []


def test_an_upload_needs_the_session_csrf_token(
    client: TestClient, factory: Factory, storage: LocalStorage
) -> None:
    sign_in(client, factory.user(Role.editor))
    forged = _upload(client, "sai", "anh.png", png_with_alpha())
    assert forged.status_code == 403
    assert _picked(client.get("/desk/media")) == []


def test_a_chosen_image_goes_public_with_its_renditions(
    client: TestClient, factory: Factory, storage: LocalStorage
) -> None:
    editor = factory.user(Role.editor)
    sign_in(client, editor)
    page = client.get("/desk/articles/new")
    token = csrf_of(page)
    lead = _picked(_upload(client, token, "dai-dien.png", png_with_alpha(), alt="Đại diện"))[0]
    inline = _picked(_upload(client, token, "trong-bai.jpg", jpeg_with_gps(), alt="Trong bài"))[0]
    body = (
        f'<p>Mở đầu</p><figure><img src="{inline["src"]}" alt="Trong bài" '
        f'data-media-id="{inline["media-id"]}"><figcaption>Chú thích</figcaption></figure>'
    )
    created = client.post(
        "/desk/articles/new",
        data={"csrf_token": token, "title": "Bài có ảnh", "content_html": body,
              "image_id": lead["media-id"], "image_caption": "Ảnh đại diện",
              "category_id": str(factory.default_category().id)},
        follow_redirects=False,
    )  # fmt: skip
    assert created.status_code == 303, created.text
    article_id = int(created.headers["location"].split("/")[-1].split("?")[0])
    form = client.get(f"/desk/articles/{article_id}")
    assert f'id="image_id" name="image_id" value="{lead["media-id"]}"' in form.text
    assert f'src="{lead["thumb"]}"' in form.text  # the preview
    article = factory.session.get(Article, article_id)
    assert article is not None
    factory.transition(article, "publish")
    public = client.get(f"/v1/articles/{article_id}").json()
    assert public["image"]["id"] == int(lead["media-id"])
    assert public["image"]["renditions"]
    (shown,) = public["inline_images"]
    assert shown["id"] == int(inline["media-id"])
    assert shown["srcset"]
    assert "<figcaption>Chú thích</figcaption>" in public["content_html"]


def test_a_document_is_uploaded_listed_among_documents_and_attached(
    client: TestClient, factory: Factory, storage: LocalStorage
) -> None:
    editor = factory.user(Role.editor)
    sign_in(client, editor)
    page = client.get("/desk/articles/new")
    token = csrf_of(page)
    done = _upload(client, token, "nghi-quyet-12.pdf", pdf())
    assert done.status_code == 201
    (document,) = _picked(done)
    assert document["kind"] == "document"
    assert document["filename"] == "nghi-quyet-12.pdf"
    assert _picked(client.get("/desk/media")) == []  # not among the images
    assert [
        p["media-id"] for p in _picked(client.get("/desk/media", params={"kind": "document"}))
    ] == [document["media-id"]]
    created = client.post(
        "/desk/articles/new",
        data={"csrf_token": token, "title": "Nghị quyết số 12",
              "category_id": str(factory.default_category().id),
              "attachment_ids": [document["media-id"]]},
        follow_redirects=False,
    )  # fmt: skip
    assert created.status_code == 303, created.text
    article_id = int(created.headers["location"].split("/")[-1].split("?")[0])
    api = client.get(f"/v1/admin/articles/{article_id}", headers=factory.headers(editor)).json()
    assert api["attachment_ids"] == [int(document["media-id"])]
    form = client.get(f"/desk/articles/{article_id}")
    assert f'<li data-attachment="{document["media-id"]}">' in form.text
    assert "nghi-quyet-12.pdf" in form.text
