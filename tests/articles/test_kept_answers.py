"""A running server keeps detail and list answers between requests (app.core.read_cache, on
SQLite); whatever changes underneath — a commit from another connection, or a scheduled
article's go-live time passing with no commit at all — shows in the very next answer. Runs on
both engines (on PostgreSQL nothing is kept, and the same must hold)."""

import time
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import Engine

from app.articles.models import ArticleStatus
from app.articles.schemas import ArticleUpdate
from app.articles.service import update_article
from app.core.db import open_session, utcnow
from tests.factories import Factory
from tests.servers import served_scratch_database


@pytest.fixture
def served() -> Iterator[tuple[Engine, httpx.Client]]:
    with served_scratch_database("kept") as found:
        yield found


def _titles(client: httpx.Client) -> list[str]:
    response = client.get("/v1/articles", params={"limit": 10})
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


def _related_ids(client: httpx.Client, article_id: int | None) -> list[int]:
    response = client.get(f"/v1/articles/{article_id}/related")
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def test_changes_show_in_the_next_answer_whatever_was_kept(
    served: tuple[Engine, httpx.Client],
) -> None:
    engine, client = served
    go_live = utcnow() + timedelta(seconds=3)
    with open_session(write=True, engine=engine) as session:
        factory = Factory(session)
        withdrawn = factory.article(status=ArticleStatus.published, title="Bài sẽ gỡ")
        kept = factory.article(
            status=ArticleStatus.published, title="Bài giữ lại", related_ids=[withdrawn.id]
        )
        scheduled = factory.article(
            status=ArticleStatus.scheduled, publish_at=go_live, title="Bài hẹn giờ"
        )
        session.commit()

    for _ in range(3):  # read, then answered from what was kept
        assert sorted(_titles(client)) == ["Bài giữ lại", "Bài sẽ gỡ"]
        assert client.get(f"/v1/articles/{withdrawn.id}").status_code == 200
        assert client.get(f"/v1/articles/{scheduled.id}").status_code == 404
        assert _related_ids(client, kept.id) == [withdrawn.id]  # the editor's pick
    etag = client.get(f"/v1/articles/{kept.id}").headers["etag"]
    assert client.get(f"/v1/articles/{kept.id}", headers={"If-None-Match": etag}).status_code == 304

    # A commit from another connection: unpublish one, edit and republish the other.
    with open_session(write=True, engine=engine) as session:
        factory = Factory(session)
        factory.transition(session.merge(withdrawn), "unpublish")
        article = session.merge(kept)
        update_article(
            session,
            article=article,
            data=ArticleUpdate(title="Bài đã sửa"),
            actor=factory.admin_principal(),
            expected_lock_version=article.lock_version,
        )
        factory.transition(article, "publish")
        session.commit()

    assert client.get(f"/v1/articles/{withdrawn.id}").status_code == 404
    assert _titles(client) == ["Bài đã sửa"]
    assert withdrawn.id not in _related_ids(client, kept.id)
    detail = client.get(f"/v1/articles/{kept.id}", headers={"If-None-Match": etag})
    assert detail.status_code == 200
    assert detail.json()["title"] == "Bài đã sửa"

    # No commit at all: the scheduled article goes live when its time comes.
    time.sleep(max(0.0, (go_live - utcnow()).total_seconds()) + 0.2)
    assert client.get(f"/v1/articles/{scheduled.id}").status_code == 200
    assert sorted(_titles(client)) == ["Bài hẹn giờ", "Bài đã sửa"]
    assert scheduled.id in _related_ids(client, kept.id)  # similar, now that it is live
