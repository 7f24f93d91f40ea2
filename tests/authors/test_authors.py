"""Author profiles (issue 20): editors manage them; the public reads each with its live
articles only, bylines matched without case or marks."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.articles.models import ArticleStatus
from app.media.models import Media
from tests.factories import Factory

URL = "/v1/admin/authors"


@pytest.fixture
def editor(factory: Factory) -> dict[str, str]:
    return factory.headers(factory.user(Role.editor))


def test_editors_manage_profiles_one_per_byline(
    client: TestClient, factory: Factory, editor: dict[str, str]
) -> None:
    photo, staff = factory.image(), factory.user(Role.contributor)
    created = client.post(URL, headers=editor, json={
        "name": "Trung Hiếu", "bio": "Phóng viên Ban Thời sự.", "photo_id": photo.id,
        "user_id": staff.id,
    })  # fmt: skip
    assert created.status_code == 201, created.text
    author = created.json()
    assert (author["slug"], author["photo_id"], author["user_id"]) == (
        "trung-hieu", photo.id, staff.id,
    )  # fmt: skip
    assert created.headers["location"] == f"{URL}/{author['id']}"
    # The same byline written otherwise is the same profile; a second one for the account too.
    assert client.post(URL, headers=editor, json={"name": "TRUNG  HIẾU"}).status_code == 409
    other = {"name": "Thanh Tâm", "user_id": staff.id}
    assert client.post(URL, headers=editor, json=other).status_code == 409
    key = "ff/" + "f" * 64 + ".pdf"
    document = Media(kind="document", filename="a.pdf", content_type="application/pdf",
                     byte_size=10, sha256="f" * 64, storage_key=key)  # fmt: skip
    factory.session.add(document)
    factory.session.flush()
    refused = client.post(URL, headers=editor, json={"name": "Lan Anh", "photo_id": document.id})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "photo_id"]
    # A contributor may not manage them.
    writer = factory.headers(factory.user(Role.contributor))
    assert client.post(URL, headers=writer, json={"name": "Ai đó"}).status_code == 403
    # Changes need the current version; a stale one is 412, a delete keeps the articles.
    url = f"{URL}/{author['id']}"
    etag = client.get(url, headers=editor).headers["etag"]
    patched = client.patch(url, headers={**editor, "If-Match": etag},
                           json={"bio": "Trưởng ban.", "photo_id": None})  # fmt: skip
    assert patched.status_code == 200, patched.text
    assert (patched.json()["bio"], patched.json()["photo_id"]) == ("Trưởng ban.", None)
    stale = client.patch(url, headers={**editor, "If-Match": etag}, json={"bio": "Cũ"})
    assert stale.status_code == 412
    deleted = client.delete(url, headers={**editor, "If-Match": patched.headers["etag"]})
    assert deleted.status_code == 204
    assert client.get(url, headers=editor).status_code == 404


def test_the_public_page_lists_only_live_articles_under_the_byline(
    client: TestClient, factory: Factory, editor: dict[str, str]
) -> None:
    created = client.post(URL, headers=editor, json={"name": "Trung Hiếu", "bio": "Phóng viên."})
    slug = created.json()["slug"]
    now = datetime.now(UTC)
    older = factory.article(byline="Trung  Hiếu", status=ArticleStatus.published,
                            publish_at=now - timedelta(days=2))  # fmt: skip
    newer = factory.article(byline="TRUNG HIẾU", status=ArticleStatus.published,
                            publish_at=now - timedelta(hours=1))  # fmt: skip
    factory.article(byline="Trung Hiếu", title="Bản nháp bí mật")
    factory.article(byline="Trung Hiếu", title="Lên lịch bí mật", status=ArticleStatus.scheduled,
                    publish_at=now + timedelta(days=1))  # fmt: skip
    factory.article(byline="Trung Hải", status=ArticleStatus.published)  # another name
    listing = client.get("/v1/authors")
    assert listing.status_code == 200
    (profile,) = [a for a in listing.json() if a["slug"] == slug]
    assert profile["article_count"] == 2
    assert profile["articles_url"] == "/v1/articles?author=Trung%20Hi%E1%BA%BFu"
    page = client.get(f"/v1/authors/{slug}")
    assert page.status_code == 200
    body = page.json()
    assert [a["id"] for a in body["latest"]] == [newer.id, older.id]
    assert "bí mật" not in page.text
    # The articles URL pages through the same ones.
    paged = client.get(profile["articles_url"]).json()["items"]
    assert [a["id"] for a in paged] == [newer.id, older.id]
    assert client.get("/v1/authors/khong-co").status_code == 404
    assert client.get("/v1/authors/KHÔNG").status_code == 422
