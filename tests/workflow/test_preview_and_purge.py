from datetime import timedelta

import jwt
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.models import AuditEvent, Role
from app.articles.models import Article, ArticleRelated, ArticleStatus
from app.core.db import utcnow
from app.core.security import JWT_ALGORITHM
from app.events.models import OutboxEvent
from tests.factories import Factory

SECRET = "test-secret-key-that-is-long-enough-for-hs256"


def test_preview_token_opens_one_working_copy(client: TestClient, factory: Factory) -> None:
    editor = factory.headers(factory.user(Role.editor))
    draft = factory.article(title="Bản nháp bí mật", content_html="<p>Chưa đăng</p>")
    other = factory.article()
    assert client.get(f"/v1/articles/{draft.id}").status_code == 404
    minted = client.post(f"/v1/admin/articles/{draft.id}/preview-token", headers=editor)
    assert minted.status_code == 200
    token = minted.json()["token"]
    preview = client.get(f"/v1/preview/articles/{draft.id}", params={"token": token})
    assert preview.status_code == 200
    assert preview.json()["title"] == "Bản nháp bí mật"
    assert preview.json()["published_at"] is None
    assert "royalty_amount" not in preview.json()
    assert preview.headers["cache-control"] == "private, no-store"
    assert client.get(minted.json()["url"]).status_code == 200
    # The token opens that article only, and only while it is valid.
    assert (
        client.get(f"/v1/preview/articles/{other.id}", params={"token": token}).status_code == 401
    )
    expired = jwt.encode(
        {"sub": str(draft.id), "typ": "preview", "exp": 1}, SECRET, algorithm=JWT_ALGORITHM
    )
    assert (
        client.get(f"/v1/preview/articles/{draft.id}", params={"token": expired}).status_code == 401
    )
    staff_token = factory.headers(factory.user(Role.admin))["Authorization"].split()[1]
    assert (
        client.get(f"/v1/preview/articles/{draft.id}", params={"token": staff_token}).status_code
        == 401
    )
    assert client.get(f"/v1/preview/articles/{draft.id}").status_code == 401


def test_preview_shows_the_working_copy_of_a_live_article(
    client: TestClient, factory: Factory
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    article = factory.article(title="Bản đang đăng", status=ArticleStatus.published)
    url = f"/v1/admin/articles/{article.id}"
    etag = client.get(url, headers=editor).headers["etag"]
    client.patch(url, json={"title": "Bản sửa chưa đăng"}, headers={**editor, "If-Match": etag})
    token = client.post(f"{url}/preview-token", headers=editor).json()["token"]
    assert client.get(f"/v1/preview/articles/{article.id}", params={"token": token}).json()[
        "title"
    ] == ("Bản sửa chưa đăng")
    assert client.get(f"/v1/articles/{article.id}").json()["title"] == "Bản đang đăng"


def test_preview_scoped_key_reads_working_copies(client: TestClient, factory: Factory) -> None:
    admin = factory.headers(factory.user(Role.admin))
    preview_key = client.post(
        "/v1/admin/api-keys", json={"name": "Xem trước", "scopes": ["preview"]}, headers=admin
    ).json()["key"]
    sync_key = client.post(
        "/v1/admin/api-keys", json={"name": "Đồng bộ", "scopes": ["sync"]}, headers=admin
    ).json()["key"]
    draft = factory.article()
    assert (
        client.get(
            f"/v1/preview/articles/{draft.id}", headers={"X-API-Key": preview_key}
        ).status_code
        == 200
    )
    assert (
        client.get(f"/v1/preview/articles/{draft.id}", headers={"X-API-Key": sync_key}).status_code
        == 401
    )
    trashed = factory.article(status=ArticleStatus.trashed)
    assert (
        client.get(
            f"/v1/preview/articles/{trashed.id}", headers={"X-API-Key": preview_key}
        ).status_code
        == 404
    )


def test_purge_is_for_admins_and_trashed_articles_only(
    client: TestClient, factory: Factory, db: Session
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    admin_user = factory.user(Role.admin)
    admin = factory.headers(admin_user)
    article = factory.article(title="Sẽ bị xóa hẳn", status=ArticleStatus.published)
    referrer = factory.article(related_ids=[article.id])
    url = f"/v1/admin/articles/{article.id}"

    def purge(headers: dict[str, str]):
        etag = client.get(url, headers=admin).headers["etag"]
        return client.delete(url, params={"purge": True}, headers={**headers, "If-Match": etag})

    not_trashed = purge(admin)
    assert not_trashed.status_code == 409
    assert "trash" in not_trashed.json()["allowed_actions"]
    etag = client.get(url, headers=admin).headers["etag"]
    assert client.delete(url, headers={**editor, "If-Match": etag}).status_code == 200  # trash
    assert purge(editor).status_code == 403
    assert purge(admin).status_code == 204

    assert client.get(url, headers=admin).status_code == 404
    assert db.exec(select(Article.id).where(Article.id == article.id)).first() is None
    assert (
        db.exec(select(ArticleRelated).where(ArticleRelated.related_id == article.id)).all() == []
    )
    assert (
        client.get(f"/v1/admin/articles/{referrer.id}", headers=admin).json()["related_ids"] == []
    )
    audit = db.exec(select(AuditEvent).where(AuditEvent.action == "article.purge")).one()
    assert (audit.actor_id, audit.target_id) == (admin_user.id, article.id)
    assert "Sẽ bị xóa hẳn" in audit.details
    kinds = db.exec(select(OutboxEvent.kind).where(OutboxEvent.article_id == article.id)
                    .order_by(OutboxEvent.id)).all()  # fmt: skip
    assert kinds[-1] == "article.deleted"


def test_scheduled_article_is_not_previewable_publicly_before_time(
    client: TestClient, factory: Factory
) -> None:
    article = factory.article(
        status=ArticleStatus.scheduled, publish_at=utcnow() + timedelta(hours=3)
    )
    assert client.get(f"/v1/articles/{article.id}").status_code == 404
    assert client.get(f"/v1/articles/by-slug/{article.slug}").status_code == 404
