"""Approval freezes a royalty; after it only audited adjustments change the total."""

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.models import AuditEvent, Role, User
from app.articles.models import Article, ArticleStatus
from app.royalties.models import RoyaltyRateTable
from tests.factories import Factory
from tests.royalties.conftest import (
    BEFORE_CHANGE,
    post,
    put_lines,
    rate_table_body,
    url,
    writer,
)

pytestmark = pytest.mark.usefixtures("rate_tables")


@pytest.fixture
def headers(factory: Factory) -> dict[str, str]:
    return factory.headers(factory.user(Role.editor))


@pytest.fixture
def approved(client: TestClient, factory: Factory, headers: dict[str, str]) -> Article:
    """A published article whose royalty (2 page units, grade B: 360,000) is approved."""
    article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    assert put_lines(client, headers, article.id, [writer("Hà Giang")]).status_code == 200
    response = post(client, headers, article.id, "/approve")
    assert response.status_code == 200, response.text
    return article


def test_approval_freezes_the_lines(
    client: TestClient, headers: dict[str, str], approved: Article
) -> None:
    body = client.get(url(approved.id), headers=headers).json()
    assert body["status"] == "approved"
    assert body["approved_at"] is not None
    assert body["total_amount"] == 360_000
    response = put_lines(client, headers, approved.id, [writer("Người khác")])
    assert response.status_code == 409
    assert "adjustment" in response.json()["detail"]
    assert post(client, headers, approved.id, "/approve").status_code == 409
    assert client.get(url(approved.id), headers=headers).json()["lines"][0]["payee_name"] == (
        "Hà Giang"
    )


def test_frozen_amounts_ignore_later_rate_and_type_changes(
    client: TestClient, factory: Factory, headers: dict[str, str], approved: Article, db: Session
) -> None:
    admin = factory.headers(factory.user(Role.admin))
    table = db.exec(select(RoyaltyRateTable).where(RoyaltyRateTable.name == "Bảng 2026")).one()
    etag = client.get(f"/v1/admin/royalty-rates/{table.id}", headers=admin).headers["ETag"]
    changed = client.put(
        f"/v1/admin/royalty-rates/{table.id}",
        json=rate_table_body("Bảng 2026 (sửa)", "2026-01-01", 999_000),
        headers={**admin, "If-Match": etag},
    )
    assert changed.status_code == 200, changed.text
    article_url = f"/v1/admin/articles/{approved.id}"
    etag = client.get(article_url, headers=headers).headers["ETag"]
    assert (
        client.patch(
            article_url, json={"article_type": "commentary"}, headers={**headers, "If-Match": etag}
        ).status_code
        == 200
    )

    body = client.get(url(approved.id), headers=headers).json()
    assert body["total_amount"] == 360_000
    assert body["article_type"] == "news"
    assert body["rate_table"]["unit_value"] == 180_000  # what it was approved with
    assert client.get(article_url, headers=headers).json()["royalty_amount"] == 360_000


def test_adjustments_change_the_total_and_are_audited(
    client: TestClient, factory: Factory, headers: dict[str, str], approved: Article, db: Session
) -> None:
    payee = factory.user(Role.contributor, display_name="Trung Hiếu")
    response = post(
        client, headers, approved.id, "/adjustments",
        {"payee_user_id": payee.id, "amount": 50_000, "reason": "Bổ sung ảnh độc quyền"},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    response = post(
        client, headers, approved.id, "/adjustments",
        {"payee_name": "Hà Giang", "amount": -10_000, "reason": "Trừ phần trùng lặp"},
    )  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    assert [(a["payee_name"], a["amount"]) for a in body["adjustments"]] == [
        ("Trung Hiếu", 50_000), ("Hà Giang", -10_000),
    ]  # fmt: skip
    assert body["lines_amount"] == 360_000
    assert body["adjustments_amount"] == 40_000
    assert body["total_amount"] == 400_000
    article = client.get(f"/v1/admin/articles/{approved.id}", headers=headers).json()
    assert article["royalty_amount"] == 400_000

    events = db.exec(
        select(AuditEvent)
        .where(AuditEvent.action == "royalty.adjust", AuditEvent.target_id == approved.id)
        .order_by(AuditEvent.id)
    ).all()
    details = [orjson.loads(e.details) for e in events]
    assert [(d["amount"], d["total_before"], d["total_after"]) for d in details] == [
        (50_000, 360_000, 410_000), (-10_000, 410_000, 400_000),
    ]  # fmt: skip
    assert details[0]["reason"] == "Bổ sung ảnh độc quyền"
    assert db.exec(
        select(AuditEvent).where(
            AuditEvent.action == "royalty.approve", AuditEvent.target_id == approved.id
        )
    ).one()


def test_adjustments_cannot_make_the_total_negative(
    client: TestClient, headers: dict[str, str], approved: Article
) -> None:
    response = post(
        client, headers, approved.id, "/adjustments",
        {"payee_name": "Hà Giang", "amount": -360_001, "reason": "Quá tay"},
    )  # fmt: skip
    assert response.status_code == 422
    for bad in (
        {"payee_name": "Hà Giang", "amount": 0, "reason": "Không đổi"},
        {"payee_name": "Hà Giang", "amount": 5},
        {"amount": 5, "reason": "Ai?"},
    ):
        assert post(client, headers, approved.id, "/adjustments", bad).status_code == 422
    assert client.get(url(approved.id), headers=headers).json()["total_amount"] == 360_000


def test_a_draft_takes_no_adjustment(
    client: TestClient, factory: Factory, headers: dict[str, str]
) -> None:
    article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    put_lines(client, headers, article.id, [writer("Hà Giang")])
    response = post(
        client, headers, article.id, "/adjustments",
        {"payee_name": "Hà Giang", "amount": 5, "reason": "Sớm quá"},
    )  # fmt: skip
    assert response.status_code == 409


def test_only_a_published_article_with_lines_is_approved(
    client: TestClient, factory: Factory, headers: dict[str, str]
) -> None:
    empty = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    assert post(client, headers, empty.id, "/approve").status_code == 409
    draft = factory.article()
    put_lines(client, headers, draft.id, [writer("Hà Giang")])
    response = post(client, headers, draft.id, "/approve")
    assert response.status_code == 409
    assert "published" in response.json()["detail"]


def test_approval_needs_a_rate_for_every_line_without_override(
    client: TestClient, factory: Factory, headers: dict[str, str], db: Session
) -> None:
    """A draft saved with a rate can lose it (here: the type changes to one without rates);
    it then shows a warning and cannot be approved until fixed."""
    article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    put_lines(client, headers, article.id, [writer("Hà Giang")])
    article_url = f"/v1/admin/articles/{article.id}"
    etag = client.get(article_url, headers=headers).headers["ETag"]
    client.patch(article_url, json={"article_type": "video"}, headers={**headers, "If-Match": etag})
    body = client.get(url(article.id), headers=headers).json()
    assert len(body["warnings"]) == 1
    assert "'video'" in body["warnings"][0]
    assert body["lines"][0]["suggested_amount"] is None
    assert body["total_amount"] == 0
    assert post(client, headers, article.id, "/approve").status_code == 422


def test_purge_keeps_approved_royalties(
    client: TestClient, factory: Factory, headers: dict[str, str], approved: Article, db: Session
) -> None:
    admin = factory.headers(factory.user(Role.admin))
    article_url = f"/v1/admin/articles/{approved.id}"
    etag = client.get(article_url, headers=admin).headers["ETag"]
    trashed = client.delete(article_url, headers={**admin, "If-Match": etag})
    assert trashed.status_code == 200
    purge = client.delete(
        article_url + "?purge=true", headers={**admin, "If-Match": trashed.headers["ETag"]}
    )
    assert purge.status_code == 409
    assert "approved royalty" in purge.json()["detail"]

    # A draft royalty goes with its article.
    draft = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    put_lines(client, headers, draft.id, [writer("Hà Giang")])
    draft_url = f"/v1/admin/articles/{draft.id}"
    etag = client.get(draft_url, headers=admin).headers["ETag"]
    trashed = client.delete(draft_url, headers={**admin, "If-Match": etag})
    purge = client.delete(
        draft_url + "?purge=true", headers={**admin, "If-Match": trashed.headers["ETag"]}
    )
    assert purge.status_code == 204
    assert client.get(draft_url, headers=admin).status_code == 404


def test_approver_is_recorded(
    client: TestClient, factory: Factory, approved: Article, db: Session
) -> None:
    admin = factory.user(Role.admin)
    body = client.get(url(approved.id), headers=factory.headers(admin)).json()
    approver = db.get(User, body["approved_by"])
    assert approver is not None
    assert approver.role == Role.editor.value
