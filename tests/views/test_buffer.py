"""The beacon's buffer: views wait in memory, one flush writes them exactly once."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.articles.models import Article, ArticleStatus
from app.core.config import get_settings
from app.core.db import make_engine, utcnow
from app.views import buffer, service
from app.views.buffer import ViewBuffer, write_views
from app.views.models import ViewDaily
from tests.factories import Factory

BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"  # noqa: E501


def _views(db: Session, article: Article) -> int:
    db.expire_all()
    stored = db.get(Article, article.id)
    assert stored is not None
    return stored.view_count


def _add(target: ViewBuffer, article: Article, visitor: str) -> None:
    assert article.id is not None
    now = utcnow()
    target.add(
        window_no=service.window_of(now),
        article_id=article.id,
        visitor=visitor,
        day=service.site_day(now),
    )


def test_a_flush_counts_each_view_once_also_when_another_process_counted_it(
    db: Session, factory: Factory
) -> None:
    first, second = (factory.article(status=ArticleStatus.published) for _ in range(2))
    one, other = ViewBuffer(), ViewBuffer()  # as two server processes
    for visitor in ("a", "b", "a", "c"):
        _add(one, first, visitor)
    _add(one, second, "a")
    assert len(one) == 4  # the repeat of (first, a) merged in memory
    for visitor in ("b", "c", "d"):  # b and c were also seen by the other process
        _add(other, first, visitor)
    assert write_views(db, one.take()) == 4
    assert write_views(db, other.take()) == 1  # only d is new
    assert (_views(db, first), _views(db, second)) == (4, 1)
    buckets = db.exec(select(ViewDaily.views).where(ViewDaily.article_id == first.id)).all()
    assert buckets == [4]
    assert write_views(db, {}) == 0


def test_a_failed_flush_keeps_its_views_for_the_next_one(factory: Factory) -> None:
    article = factory.article(status=ArticleStatus.published)
    pending = ViewBuffer()
    _add(pending, article, "kept")
    unreachable = make_engine("sqlite:////nonexistent-folder/newsdesk.db")
    assert buffer.flush(pending, engine=unreachable) == 0
    assert len(pending) == 1


def test_buffered_beacons_count_at_the_flush(
    client: TestClient, db: Session, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "views_flush_seconds", 1.0)
    buffer.BUFFER.take()
    article = factory.article(status=ArticleStatus.published)
    draft = factory.article()
    headers = {"User-Agent": BROWSER}
    url = f"/v1/articles/{article.id}/views"
    for visitor in ("p", "q", "p"):
        assert client.post(url, json={"visitor_id": visitor}, headers=headers).status_code == 202
    bot = {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"}
    assert client.post(url, json={"visitor_id": "r"}, headers=bot).status_code == 202
    assert client.post(f"/v1/articles/{draft.id}/views", headers=headers).status_code == 404
    assert _views(db, article) == 0  # not yet flushed
    assert write_views(db, buffer.BUFFER.take()) == 2
    assert _views(db, article) == 2
