"""GET /v1/sync: who may call it, the initial listing, the changes after a cursor, expiry of
old cursors. Runs on the shared test transaction (requests see the test's writes)."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, col

from app.accounts.models import Role
from app.articles import service, taxonomy
from app.articles.schemas import ArticleUpdate, CategoryUpdate
from app.core.db import make_engine, open_session, utcnow
from app.core.pagination import encode_cursor
from app.sync import service as sync_service
from app.sync.jobs import prune_change_log
from app.sync.models import SyncChange, SyncClock
from app.workflow import service as workflow
from app.workflow.jobs import announce_due
from tests.factories import Factory
from tests.sync.mirror import Mirror, live_set

Fetch = Callable[..., dict[str, Any]]


def test_sync_needs_an_api_key_with_the_sync_scope(client: TestClient, factory: Factory) -> None:
    admin = factory.headers(factory.user(Role.admin))
    assert client.get("/v1/sync").status_code == 401
    # A staff token is not a machine credential with the scope.
    assert client.get("/v1/sync", headers=admin).status_code == 401
    other = client.post(
        "/v1/admin/api-keys", json={"name": "Xem trước", "scopes": ["preview"]}, headers=admin
    ).json()["key"]
    refused = client.get("/v1/sync", headers={"X-API-Key": other})
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"


def test_initial_sync_pages_through_exactly_the_live_articles(
    client: TestClient, factory: Factory, db: Session, fetch: Fetch
) -> None:
    now = utcnow()
    live = [factory.article(status="published") for _ in range(5)]
    factory.article()  # draft
    factory.article(status="scheduled", publish_at=now + timedelta(days=1))
    factory.article(status="expired")
    factory.article(status="unpublished")
    factory.article(status="trashed")

    mirror = Mirror()
    pages = []
    while True:
        page = fetch(mirror.cursor, limit=2)
        pages.append(page)
        mirror.apply(page)
        if not page["has_more"]:
            break
    assert len(pages) == 3
    assert all(page["deleted"] == [] for page in pages)
    assert set(mirror.articles) == {a.id for a in live}
    assert mirror.articles == live_set(db)
    # Full public shape: what the public detail serves.
    first = live[0]
    assert mirror.articles[first.id] == client.get(f"/v1/articles/{first.id}").json()
    # Caught up: the next call has nothing and keeps the cursor.
    again = fetch(mirror.cursor)
    assert again == {"upserted": [], "deleted": [], "next_cursor": mirror.cursor, "has_more": False}


def test_every_kind_of_public_change_reaches_the_feed(
    factory: Factory, db: Session, fetch: Fetch
) -> None:
    admin = factory.admin_principal()
    category = factory.category("Thời sự")
    edited = factory.article(status="published", category_id=category.id)
    renamed = factory.article(status="published", title="Tên cũ")
    to_unpublish = factory.article(status="published")
    to_trash = factory.article(status="published")
    to_purge = factory.article(status="published")
    expiring = factory.article(status="published", expire_at=utcnow() + timedelta(hours=1))
    mirror = Mirror()
    mirror.catch_up(fetch)
    assert len(mirror.articles) == 6

    # Republish with changes, twice: collapsed into its latest state.
    for title in ("Sửa lần một", "Sửa lần hai"):
        service.update_article(
            db, article=edited, data=ArticleUpdate(title=title), actor=admin,
            expected_lock_version=edited.lock_version,
        )  # fmt: skip
        factory.transition(edited, "publish")
    # A slug change applies to the live version at once.
    service.update_article(
        db, article=renamed, data=ArticleUpdate(slug="ten-moi"), actor=admin,
        expected_lock_version=renamed.lock_version,
    )  # fmt: skip
    factory.transition(to_unpublish, "unpublish")
    factory.transition(to_trash, "trash")
    factory.transition(to_purge, "trash")
    workflow.purge_article(
        db, article=to_purge, actor=admin, expected_lock_version=to_purge.lock_version
    )
    # Expiry, recorded by the scheduler job.
    factory.move_live_times(
        expiring, publish_at=utcnow() - timedelta(days=1), expire_at=utcnow() - timedelta(seconds=1)
    )
    announce_due(db, now=utcnow())
    # A category rename changes the public shape of the live articles filed under it.
    taxonomy.update_category(db, category=category, data=CategoryUpdate(name="Thời sự 24h"))
    fresh = factory.article(status="published")

    page = fetch(mirror.cursor)
    assert not page["has_more"]
    upserted = {item["id"]: item for item in page["upserted"]}
    assert set(upserted) == {edited.id, renamed.id, fresh.id}
    assert len(page["upserted"]) == 3  # edited appears once
    assert upserted[edited.id]["title"] == "Sửa lần hai"
    assert upserted[edited.id]["category"]["name"] == "Thời sự 24h"
    assert upserted[renamed.id]["slug"] == "ten-moi"
    deleted = {t["id"] for t in page["deleted"]}
    assert deleted == {to_unpublish.id, to_trash.id, to_purge.id, expiring.id}
    assert all(t["deleted_at"].endswith("Z") for t in page["deleted"])
    mirror.apply(page)
    assert mirror.articles == live_set(db)


def test_changes_come_in_commit_order_across_pages(
    factory: Factory, db: Session, fetch: Fetch
) -> None:
    mirror = Mirror()
    mirror.catch_up(fetch)
    published = [factory.article(status="published") for _ in range(7)]
    seen: list[int] = []
    while True:
        page = fetch(mirror.cursor, limit=3)
        seen += [item["id"] for item in page["upserted"]]
        mirror.apply(page)
        if not page["has_more"]:
            break
    assert seen == [a.id for a in published]
    assert mirror.pages == 1 + 3


def test_a_cursor_older_than_the_retention_window_gets_410(
    client: TestClient, factory: Factory, db: Session, fetch: Fetch, sync_key: str
) -> None:
    mirror = Mirror()
    mirror.catch_up(fetch)
    stale_cursor = mirror.cursor
    factory.article(status="published")
    factory.article(status="published")
    mirror.catch_up(fetch)
    # Age every entry past the window, then prune.
    db.execute(update(SyncChange).values(changed_at=utcnow() - timedelta(days=365)))
    assert sync_service.prune(db) >= 2
    gone = client.get("/v1/sync", params={"cursor": stale_cursor}, headers={"X-API-Key": sync_key})
    assert gone.status_code == 410
    assert gone.headers["content-type"] == "application/problem+json"
    assert "sync again without a cursor" in gone.json()["detail"]
    # The cursor taken after the pruned entries is still good.
    assert fetch(mirror.cursor)["upserted"] == []
    # A resync from scratch works.
    fresh = Mirror()
    fresh.catch_up(fetch)
    assert fresh.articles == live_set(db)


def test_a_tampered_cursor_is_a_400(client: TestClient, sync_key: str) -> None:
    for cursor in ("nonsense", "WyJ4IiwxLDBd", "WyJjIiwtMSwwXQ"):  # garbage, ["x",1,0], ["c",-1,0]
        response = client.get(
            "/v1/sync", params={"cursor": cursor}, headers={"X-API-Key": sync_key}
        )
        assert response.status_code == 400, (cursor, response.text)
    too_big = client.get("/v1/sync", params={"limit": 501}, headers={"X-API-Key": sync_key})
    assert too_big.status_code == 422


def test_the_retention_job_prunes_in_its_own_transaction(scratch_url: str) -> None:
    engine = make_engine(scratch_url)
    try:
        with open_session(write=True, engine=engine) as session:
            factory = Factory(session)
            old = factory.article(status="published")
            factory.article(status="published")
            session.execute(
                update(SyncChange)
                .where(col(SyncChange.article_id) == old.id)
                .values(changed_at=utcnow() - timedelta(days=91))
            )
            session.commit()
        assert prune_change_log(engine) == 1
        assert prune_change_log(engine) == 0
        with open_session(engine=engine) as session:
            clock = session.get(SyncClock, 1)
            assert clock is not None
            assert clock.pruned_through == 1
            assert clock.value == 2
    finally:
        engine.dispose()


def test_a_cursor_with_out_of_range_numbers_is_a_400(client: TestClient, sync_key: str) -> None:
    for key in (["c", 2**63, 0], ["i", 0, 2**64 - 1]):
        response = client.get(
            "/v1/sync", params={"cursor": encode_cursor(*key)}, headers={"X-API-Key": sync_key}
        )
        assert response.status_code == 400, response.text
