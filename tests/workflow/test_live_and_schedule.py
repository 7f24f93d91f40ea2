"""The live version vs the working copy, scheduling exact to the second, and the scheduler."""

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from app.accounts.models import Role
from app.articles.models import ArticleHistory, ArticleStatus
from app.core.db import make_engine, open_session, utcnow
from app.core.migrations import upgrade
from app.events.models import OutboxEvent
from app.workflow.jobs import announce_due, run_due_transitions
from tests.conftest import scratch_database_url
from tests.factories import Factory


@pytest.fixture
def editor(factory: Factory) -> dict[str, str]:
    return factory.headers(factory.user(Role.editor))


def _act(client: TestClient, headers: dict[str, str], article_id: int, action: str, **body: object):
    url = f"/v1/admin/articles/{article_id}"
    etag = client.get(url, headers=headers).headers["etag"]
    return client.post(
        f"{url}/transitions", json={"action": action, **body}, headers={**headers, "If-Match": etag}
    )


def _events(db: Session, article_id: int) -> list[str]:
    return list(db.exec(select(OutboxEvent.kind).where(OutboxEvent.article_id == article_id)
                        .order_by(OutboxEvent.id)).all())  # fmt: skip


def test_editing_a_published_article_changes_only_the_working_copy(
    client: TestClient, factory: Factory, editor: dict[str, str], db: Session
) -> None:
    article = factory.article(
        title="Bản đã đăng", content_html="<p>Cũ</p>", status=ArticleStatus.published
    )
    public_before = client.get(f"/v1/articles/{article.id}").json()
    url = f"/v1/admin/articles/{article.id}"
    etag = client.get(url, headers=editor).headers["etag"]
    edited = client.patch(
        url,
        json={"title": "Bản sửa", "content_html": "<p>Mới</p>", "tags": ["Mới"]},
        headers={**editor, "If-Match": etag},
    ).json()
    assert edited["has_unpublished_changes"] is True
    assert edited["version"] == "1.1"
    assert edited["live_version"] == "1.0"
    assert edited["is_live"] is True

    public = client.get(f"/v1/articles/{article.id}").json()
    assert public["title"] == "Bản đã đăng"
    assert public["content_html"] == "<p>Cũ</p>"
    assert public["tags"] == public_before["tags"]
    listed = client.get("/v1/articles").json()["items"]
    assert [i["title"] for i in listed if i["id"] == article.id] == ["Bản đã đăng"]

    republished = _act(client, editor, article.id, "publish")
    assert republished.json()["version"] == "2.0"
    assert republished.json()["has_unpublished_changes"] is False
    public = client.get(f"/v1/articles/{article.id}").json()
    assert (public["title"], public["content_html"]) == ("Bản sửa", "<p>Mới</p>")
    assert [t["name"] for t in public["tags"]] == ["Mới"]
    assert _events(db, article.id) == ["article.published", "article.updated"]


def test_changes_to_a_live_article_can_go_through_review(
    client: TestClient, factory: Factory, editor: dict[str, str]
) -> None:
    article = factory.article(title="Gốc", status=ArticleStatus.published)
    url = f"/v1/admin/articles/{article.id}"
    etag = client.get(url, headers=editor).headers["etag"]
    client.patch(url, json={"title": "Đề xuất sửa"}, headers={**editor, "If-Match": etag})
    in_review = _act(client, editor, article.id, "submit").json()
    assert (in_review["status"], in_review["is_live"]) == ("in_review", True)
    assert client.get(f"/v1/articles/{article.id}").json()["title"] == "Gốc"
    withdrawn = _act(client, editor, article.id, "withdraw").json()
    assert withdrawn["status"] == "published"  # back where its live version rests
    _act(client, editor, article.id, "submit")
    approved = _act(client, editor, article.id, "approve").json()
    assert approved["status"] == "published"
    assert client.get(f"/v1/articles/{article.id}").json()["title"] == "Đề xuất sửa"


def test_unpublish_and_trash_take_the_live_version_down(
    client: TestClient, factory: Factory, editor: dict[str, str], db: Session
) -> None:
    article = factory.article(status=ArticleStatus.published)
    assert _act(client, editor, article.id, "unpublish").json()["is_live"] is False
    assert client.get(f"/v1/articles/{article.id}").status_code == 404
    assert _act(client, editor, article.id, "publish").status_code == 200
    assert client.get(f"/v1/articles/{article.id}").status_code == 200
    assert _act(client, editor, article.id, "trash").status_code == 200
    assert client.get(f"/v1/articles/{article.id}").status_code == 404
    restored = _act(client, editor, article.id, "restore").json()
    assert (restored["status"], restored["is_live"]) == ("draft", False)
    assert _events(db, article.id) == [
        "article.published",
        "article.unpublished",
        "article.published",
        "article.unpublished",
    ]


def test_scheduled_article_appears_on_the_second_with_no_job_running(
    client: TestClient, factory: Factory, editor: dict[str, str]
) -> None:
    article = factory.article()
    go_live = datetime.now(UTC) + timedelta(seconds=2)
    scheduled = _act(client, editor, article.id, "publish", publish_at=go_live.isoformat())
    assert scheduled.json()["status"] == "scheduled"
    assert client.get(f"/v1/articles/{article.id}").status_code == 404
    assert article.id not in [i["id"] for i in client.get("/v1/articles").json()["items"]]
    time.sleep(max(0.0, (go_live - datetime.now(UTC)).total_seconds()) + 0.05)
    assert client.get(f"/v1/articles/{article.id}").status_code == 200
    assert article.id in [i["id"] for i in client.get("/v1/articles").json()["items"]]


def test_expiry_hides_the_article_and_the_job_records_it(
    client: TestClient, factory: Factory, editor: dict[str, str], db: Session
) -> None:
    now = utcnow()
    scheduled = factory.article(status=ArticleStatus.scheduled, publish_at=now + timedelta(hours=1))
    expiring = factory.article(status=ArticleStatus.published, expire_at=now + timedelta(hours=2))
    assert (
        client.get("/v1/admin/articles", params={"overdue": True}, headers=editor).json()["items"]
        == []
    )

    # Time passes (both instants move into the past); nothing has run yet.
    factory.move_live_times(scheduled, publish_at=now - timedelta(minutes=5), expire_at=None)
    factory.move_live_times(
        expiring, publish_at=now - timedelta(days=1), expire_at=now - timedelta(minutes=1)
    )
    assert client.get(f"/v1/articles/{scheduled.id}").status_code == 200
    assert client.get(f"/v1/articles/{expiring.id}").status_code == 404
    overdue = client.get("/v1/admin/articles", params={"overdue": True}, headers=editor).json()[
        "items"
    ]
    assert {a["id"] for a in overdue} == {scheduled.id, expiring.id}

    done = announce_due(db, now=utcnow())
    assert {(a.article_id, a.kind) for a in done} == {
        (scheduled.id, "go_live"),
        (expiring.id, "expire"),
    }
    assert (
        client.get("/v1/admin/articles", params={"overdue": True}, headers=editor).json()["items"]
        == []
    )
    assert announce_due(db, now=utcnow()) == []  # nothing is announced twice

    history = client.get(f"/v1/admin/articles/{scheduled.id}/history", headers=editor).json()
    assert (history[-1]["action"], history[-1]["actor"], history[-1]["to_status"]) == (
        "go_live",
        "system",
        "published",
    )
    history = client.get(f"/v1/admin/articles/{expiring.id}/history", headers=editor).json()
    assert (history[-1]["action"], history[-1]["actor"], history[-1]["to_status"]) == (
        "expire",
        "system",
        "expired",
    )
    assert _events(db, scheduled.id) == ["article.published"]
    assert _events(db, expiring.id) == ["article.published", "article.unpublished"]


def test_rescheduling_a_visible_article_takes_it_down_until_then(
    client: TestClient, factory: Factory, editor: dict[str, str], db: Session
) -> None:
    article = factory.article(status=ArticleStatus.published)
    url = f"/v1/admin/articles/{article.id}"
    etag = client.get(url, headers=editor).headers["etag"]
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    client.patch(url, json={"summary": "sửa"}, headers={**editor, "If-Match": etag})
    assert (
        _act(client, editor, article.id, "publish", publish_at=later).json()["status"]
        == "scheduled"
    )
    assert client.get(f"/v1/articles/{article.id}").status_code == 404
    assert _events(db, article.id) == ["article.published", "article.unpublished"]


def test_publishing_with_a_past_expiry_is_refused(
    client: TestClient, factory: Factory, editor: dict[str, str]
) -> None:
    article = factory.article()
    url = f"/v1/admin/articles/{article.id}"
    etag = client.get(url, headers=editor).headers["etag"]
    past = {
        "publish_at": (datetime.now(UTC) - timedelta(days=2)).isoformat(),
        "expire_at": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
    }
    assert client.patch(url, json=past, headers={**editor, "If-Match": etag}).status_code == 200
    response = _act(client, editor, article.id, "publish")
    assert response.status_code == 422


@pytest.fixture
def scratch_engine() -> Iterator[Engine]:
    for url in scratch_database_url("scheduler"):
        upgrade("head", database_url=url)
        engine = make_engine(url)
        yield engine
        engine.dispose()


def test_concurrent_schedulers_announce_each_instant_once(scratch_engine: Engine) -> None:
    """Several processes run the job at once: every go-live is recorded exactly once."""
    with open_session(write=True, engine=scratch_engine) as session:
        factory = Factory(session)
        now = utcnow()
        articles = [
            factory.article(status=ArticleStatus.scheduled, publish_at=now + timedelta(hours=1))
            for _ in range(30)
        ]
        for a in articles:
            factory.move_live_times(a, publish_at=now - timedelta(seconds=5), expire_at=None)
        session.commit()
        ids = [a.id for a in articles]

    results: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def runner() -> None:
        start.wait()
        try:
            results.append(len(run_due_transitions(scratch_engine)))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=runner) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sum(results) == len(ids)
    with open_session(engine=scratch_engine) as session:
        go_lives = session.exec(
            select(func.count())
            .select_from(ArticleHistory)
            .where(ArticleHistory.action == "go_live")
        ).one()
        assert go_lives == len(ids)
        published = session.exec(
            select(OutboxEvent.article_id).where(OutboxEvent.kind == "article.published")
        ).all()
        assert sorted(published) == sorted(ids)
