"""Articles and their media: the public shape expands them, photo_count counts them, captions
follow into published articles, and nothing in use can be deleted."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import Role
from app.articles.models import ArticleStatus
from app.media.storage import LocalStorage
from tests.factories import Factory
from tests.media import files
from tests.media.conftest import upload


@pytest.fixture
def editor(factory: Factory) -> dict[str, str]:
    return factory.headers(factory.user(Role.editor))


def _image(client: TestClient, headers: dict[str, str], **fields: str) -> dict[str, Any]:
    response = upload(client, headers, files.jpeg_with_gps((1400, 900)), "anh.jpg", **fields)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _pdf(client: TestClient, headers: dict[str, str], name: str) -> dict[str, Any]:
    body: dict[str, Any] = upload(client, headers, files.pdf(name), name).json()
    return body


def _figure(media: dict[str, Any]) -> str:
    return f'<figure><img src="{media["url"]}" data-media-id="{media["id"]}"></figure>'


def _edit(client: TestClient, headers: dict[str, str], article_id: int, **changes: Any) -> Any:
    url = f"/v1/admin/articles/{article_id}"
    etag = client.get(url, headers=headers).headers["etag"]
    return client.patch(url, json=changes, headers={**headers, "If-Match": etag})


def _act(client: TestClient, headers: dict[str, str], article_id: int, action: str) -> Any:
    url = f"/v1/admin/articles/{article_id}"
    etag = client.get(url, headers=headers).headers["etag"]
    return client.post(
        f"{url}/transitions", json={"action": action}, headers={**headers, "If-Match": etag}
    )


def _delete_media(client: TestClient, headers: dict[str, str], media_id: int) -> Any:
    url = f"/v1/admin/media/{media_id}"
    etag = client.get(url, headers=headers).headers["etag"]
    return client.delete(url, headers={**headers, "If-Match": etag})


def test_the_public_detail_expands_lead_image_inline_images_and_attachments(
    client: TestClient, storage: LocalStorage, factory: Factory, editor: dict[str, str]
) -> None:
    lead = _image(client, editor, alt="Hội trường", caption="Toàn cảnh", credit="Ảnh: T.H")
    inline = _image(client, editor, alt="Đại biểu")
    plan = _pdf(client, editor, "Kế hoạch.pdf")
    decision = _pdf(client, editor, "Quyết định.pdf")
    article = factory.article(
        status=ArticleStatus.published,
        image_id=lead["id"],
        content_html=f"<p>Mở đầu</p>{_figure(inline)}<p>Giữa</p>{_figure(inline)}",
        attachment_ids=[decision["id"], plan["id"]],
    )

    body = client.get(f"/v1/articles/{article.id}").json()

    image = body["image"]
    assert (image["id"], image["alt"], image["caption"], image["credit"]) == (
        lead["id"], "Hội trường", "Toàn cảnh", "Ảnh: T.H",
    )  # fmt: skip
    assert (image["width"], image["height"]) == (1400, 900)
    assert image["srcset"] == lead["srcset"]
    assert [r["width"] for r in image["renditions"] if r["content_type"] == "image/webp"] == [
        320, 640, 1280,
    ]  # fmt: skip
    assert [i["id"] for i in body["inline_images"]] == [inline["id"]]  # shown twice, listed once
    assert body["inline_images"][0]["alt"] == "Đại biểu"
    assert [(a["id"], a["filename"]) for a in body["attachments"]] == [
        (decision["id"], "Quyết định.pdf"), (plan["id"], "Kế hoạch.pdf"),
    ]  # fmt: skip
    assert body["attachments"][0]["content_type"] == "application/pdf"
    assert client.get(body["attachments"][0]["url"]).status_code == 200
    # Lists carry the lead image (with renditions) but not the detail's media.
    item = client.get("/v1/articles").json()["items"][0]
    assert item["image"]["srcset"] == lead["srcset"]
    assert "attachments" not in item


def test_attachment_changes_stay_private_until_published_again(
    client: TestClient, storage: LocalStorage, factory: Factory, editor: dict[str, str]
) -> None:
    plan = _pdf(client, editor, "Kế hoạch.pdf")
    draft_only = _pdf(client, editor, "Dự thảo.pdf")
    article = factory.article(status=ArticleStatus.published, attachment_ids=[plan["id"]])
    assert article.id is not None

    edited = _edit(client, editor, article.id, attachment_ids=[plan["id"], draft_only["id"]])
    assert edited.status_code == 200, edited.text
    public = client.get(f"/v1/articles/{article.id}").json()
    assert [a["id"] for a in public["attachments"]] == [plan["id"]]

    assert _act(client, editor, article.id, "publish").status_code == 200
    public = client.get(f"/v1/articles/{article.id}").json()
    assert [a["id"] for a in public["attachments"]] == [plan["id"], draft_only["id"]]


def test_photo_count_defaults_to_the_distinct_images_used(
    client: TestClient, storage: LocalStorage, factory: Factory, editor: dict[str, str]
) -> None:
    lead = _image(client, editor)
    other = _image(client, editor)
    content = (
        f"{_figure(lead)}{_figure(other)}{_figure(other)}"  # the lead image again, other twice
        '<img src="https://anh.angiang.gov.vn/cu.jpg"><img src="https://anh.angiang.gov.vn/cu.jpg">'
    )
    response = client.post(
        "/v1/admin/articles",
        headers=editor,
        json={"title": "Ảnh", "category_id": factory.default_category().id,
              "image_id": lead["id"], "content_html": content},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    assert response.json()["photo_count"] == 3  # lead, other, and one outside image

    changed = _edit(client, editor, response.json()["id"], content_html=_figure(other))
    assert changed.json()["photo_count"] == 2


def test_content_may_show_only_uploaded_images(
    client: TestClient, storage: LocalStorage, factory: Factory, editor: dict[str, str]
) -> None:
    plan = _pdf(client, editor, "Kế hoạch.pdf")
    for content in ('<img data-media-id="999999">', f'<img data-media-id="{plan["id"]}">'):
        response = client.post(
            "/v1/admin/articles",
            headers=editor,
            json={"title": "Sai", "category_id": factory.default_category().id,
                  "content_html": content},
        )  # fmt: skip
        assert response.status_code == 422, content
        assert response.json()["errors"][0]["loc"] == ["body", "content_html"]


def test_changed_captions_reach_published_articles_at_once(
    client: TestClient, storage: LocalStorage, factory: Factory, editor: dict[str, str]
) -> None:
    lead = _image(client, editor, alt="Cũ")
    inline = _image(client, editor, alt="Cũ")
    plan = _pdf(client, editor, "Kế hoạch.pdf")
    article = factory.article(
        status=ArticleStatus.published,
        image_id=lead["id"],
        content_html=_figure(inline),
        attachment_ids=[plan["id"]],
    )
    untouched = factory.article(status=ArticleStatus.published)
    before_untouched = client.get(f"/v1/articles/{untouched.id}").json()

    for media_id, change in (
        (lead["id"], {"alt": "Quang cảnh hội nghị", "credit": "Ảnh: Trung Hiếu"}),
        (inline["id"], {"caption": "Đại biểu biểu quyết"}),
        (plan["id"], {"filename": "Kế hoạch số 12.pdf"}),
    ):
        url = f"/v1/admin/media/{media_id}"
        etag = client.get(url, headers=editor).headers["etag"]
        response = client.patch(url, json=change, headers={**editor, "If-Match": etag})
        assert response.status_code == 200

    body = client.get(f"/v1/articles/{article.id}").json()
    assert (body["image"]["alt"], body["image"]["credit"]) == (
        "Quang cảnh hội nghị", "Ảnh: Trung Hiếu",
    )  # fmt: skip
    assert body["inline_images"][0]["caption"] == "Đại biểu biểu quyết"
    assert body["attachments"][0]["filename"] == "Kế hoạch số 12.pdf"
    assert client.get(f"/v1/articles/by-slug/{body['slug']}").json() == body
    assert client.get(f"/v1/articles/{untouched.id}").json() == before_untouched


@pytest.mark.parametrize("use", ["image", "inline", "attachment"])
def test_media_in_use_cannot_be_deleted(
    client: TestClient,
    storage: LocalStorage,
    factory: Factory,
    editor: dict[str, str],
    db: Session,
    use: str,
) -> None:
    item = _image(client, editor) if use != "attachment" else _pdf(client, editor, "a.pdf")
    fields: dict[str, Any] = {
        "image": {"image_id": item["id"]},
        "inline": {"content_html": _figure(item)},
        "attachment": {"attachment_ids": [item["id"]]},
    }[use]
    article = factory.article(status=ArticleStatus.published, **fields)
    assert article.id is not None

    refused = _delete_media(client, editor, item["id"])
    assert refused.status_code == 409
    assert refused.json()["live_article_ids"] == [article.id]
    assert refused.json()["article_ids"] == [article.id]

    # Removed from the working copy only: the live version still shows it.
    cleared = {"image": {"image_id": None}, "inline": {"content_html": "<p>Hết ảnh</p>"},
               "attachment": {"attachment_ids": []}}[use]  # fmt: skip
    assert _edit(client, editor, article.id, **cleared).status_code == 200
    assert _delete_media(client, editor, item["id"]).json()["live_article_ids"] == [article.id]

    assert _act(client, editor, article.id, "publish").status_code == 200
    assert _delete_media(client, editor, item["id"]).status_code == 204


def test_media_in_a_draft_cannot_be_deleted_either(
    client: TestClient, storage: LocalStorage, factory: Factory, editor: dict[str, str]
) -> None:
    item = _image(client, editor)
    draft = factory.article(content_html=_figure(item))

    refused = _delete_media(client, editor, item["id"])
    assert refused.status_code == 409
    assert (refused.json()["article_ids"], refused.json()["live_article_ids"]) == ([draft.id], [])


def test_a_refused_delete_names_only_articles_the_uploader_may_view(
    client: TestClient, storage: LocalStorage, factory: Factory
) -> None:
    """A contributor's picture used in someone else's draft elsewhere: the 409 counts that
    draft but does not give away its id (an id they may not view is never named)."""
    home, elsewhere = factory.category("Nhà"), factory.category("Nơi khác")
    contributor = factory.user(None)
    factory.grant(contributor, home, Role.contributor)
    headers = factory.headers(contributor)
    item = _image(client, headers)
    own = factory.article(author=contributor, category_id=home.id, image_id=item["id"])
    hidden = factory.article(category_id=elsewhere.id, content_html=_figure(item))

    refused = _delete_media(client, headers, item["id"])
    assert refused.status_code == 409
    body = refused.json()
    assert (body["article_ids"], body["other_article_count"]) == ([own.id], 1)
    assert hidden.id not in body["article_ids"] + body["live_article_ids"]

    editor = factory.headers(factory.user(Role.editor))
    assert _delete_media(client, editor, item["id"]).json()["article_ids"] == sorted(
        [own.id, hidden.id]
    )


def test_purging_an_article_releases_its_media(
    client: TestClient, storage: LocalStorage, factory: Factory
) -> None:
    admin = factory.headers(factory.user(Role.admin))
    item = _image(client, admin)
    article = factory.article(
        status=ArticleStatus.published, content_html=_figure(item), attachment_ids=[]
    )
    assert article.id is not None
    assert _act(client, admin, article.id, "trash").status_code == 200
    url = f"/v1/admin/articles/{article.id}"
    etag = client.get(url, headers=admin).headers["etag"]
    purged = client.delete(url, params={"purge": "true"}, headers={**admin, "If-Match": etag})
    assert purged.status_code == 204, purged.text
    assert client.get(url, headers=admin).status_code == 404
    assert _delete_media(client, admin, item["id"]).status_code == 204
