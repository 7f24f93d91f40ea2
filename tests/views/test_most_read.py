"""Most-read windows in the site time zone (Asia/Ho_Chi_Minh, UTC+7), and the public endpoint."""

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.articles.models import Article, ArticleLive, ArticleStatus
from app.core.db import request_driver_connection, utcnow
from app.views import service
from app.views.service import Window
from tests.factories import Factory

LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)


def _view(db: Session, article: Article, at: datetime, visitors: int = 1) -> None:
    assert article.id is not None
    for n in range(visitors):
        assert service.record_view(db, article_id=article.id, visitor=f"v{n}", now=at)


def _ranking(db: Session, window: Window, now: datetime) -> list[tuple[int, int]]:
    """The ranking through the ORM, checked against the prepared (plain SQL) path."""
    found = service.most_read(db, window=window, category=None, limit=10, now=now)
    ranked = [(live.article_id, views) for live, views in found.rows]
    with request_driver_connection() as connection:
        prepared = service.most_read_prepared(
            connection, window=window, category_ids=None, limit=10, now=now
        )
    assert prepared is not None
    assert [(row.article_id, row.views) for row in prepared.rows] == ranked
    assert (prepared.since, prepared.until) == (found.since, found.until)
    return ranked


def test_the_day_window_turns_at_midnight_in_ho_chi_minh_city(
    db: Session, factory: Factory
) -> None:
    late, early = (
        factory.article(status=ArticleStatus.published, publish_at=LONG_AGO) for _ in range(2)
    )
    # 23:59:59 on 26 Nov in Hồ Chí Minh City is 16:59:59 UTC; midnight of the 27th is 17:00 UTC.
    _view(db, late, datetime(2026, 11, 26, 16, 59, 59, tzinfo=UTC), visitors=2)
    _view(db, early, datetime(2026, 11, 26, 17, 0, 0, tzinfo=UTC))
    assert service.site_day(datetime(2026, 11, 26, 17, 0, tzinfo=UTC)).isoformat() == "2026-11-27"

    before_midnight = datetime(2026, 11, 26, 16, 59, 59, 500000, tzinfo=UTC)
    after_midnight = datetime(2026, 11, 26, 17, 30, tzinfo=UTC)
    assert _ranking(db, Window.day, before_midnight) == [(late.id, 2)]
    assert _ranking(db, Window.day, after_midnight) == [(early.id, 1)]
    # Still the 27th at 23:59 local (16:59 UTC on the 27th); the 28th starts a minute later.
    assert _ranking(db, Window.day, datetime(2026, 11, 27, 16, 59, tzinfo=UTC)) == [(early.id, 1)]
    assert _ranking(db, Window.day, datetime(2026, 11, 27, 17, 0, tzinfo=UTC)) == []
    assert _ranking(db, Window.week, after_midnight) == [(late.id, 2), (early.id, 1)]


def test_week_and_month_are_the_last_7_and_30_local_days(db: Session, factory: Factory) -> None:
    old, mid, new = (
        factory.article(status=ArticleStatus.published, publish_at=LONG_AGO) for _ in range(3)
    )
    now = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)  # 22:00 on 27 Nov, local
    # The week is 21–27 Nov local: 21 Nov starts at 17:00 UTC on the 20th.
    _view(db, old, datetime(2026, 10, 28, 16, 59, tzinfo=UTC), visitors=5)  # 28 Oct local
    _view(db, old, datetime(2026, 10, 28, 17, 0, tzinfo=UTC), visitors=1)  # 29 Oct local
    _view(db, mid, datetime(2026, 11, 20, 16, 59, tzinfo=UTC), visitors=4)  # 20 Nov local
    _view(db, mid, datetime(2026, 11, 20, 17, 0, tzinfo=UTC), visitors=1)  # 21 Nov local
    _view(db, new, datetime(2026, 11, 27, 1, 0, tzinfo=UTC), visitors=2)
    assert _ranking(db, Window.week, now) == [(new.id, 2), (mid.id, 1)]
    # The month is 29 Oct – 27 Nov.
    assert _ranking(db, Window.month, now) == [(mid.id, 5), (new.id, 2), (old.id, 1)]
    assert _ranking(db, Window.all, now) == [(old.id, 6), (mid.id, 5), (new.id, 2)]


def test_ties_go_to_the_newest_id_and_only_live_articles_rank(
    db: Session, factory: Factory
) -> None:
    now = utcnow()
    first, second, third = (factory.article(status=ArticleStatus.published) for _ in range(3))
    for article in (first, second, third):
        _view(db, article, now, visitors=3)
    factory.transition(second, "unpublish")
    assert _ranking(db, Window.day, now) == [(third.id, 3), (first.id, 3)]
    assert _ranking(db, Window.all, now) == [(third.id, 3), (first.id, 3)]


def test_most_read_endpoint_shape_filters_and_caching(
    client: TestClient, db: Session, factory: Factory
) -> None:
    now = utcnow()
    sport = factory.category("Thể thao")
    football = factory.category("Bóng đá", parent_id=sport.id)
    news = factory.article(status=ArticleStatus.published)
    match = factory.article(status=ArticleStatus.published, category_id=football.id)
    _view(db, news, now, visitors=4)
    _view(db, match, now, visitors=2)

    response = client.get("/v1/articles/most-read")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["window"] == "day"
    assert body["from"] == body["to"] == service.site_day(now).isoformat()
    assert [(i["article"]["id"], i["views"]) for i in body["items"]] == [
        (news.id, 4),
        (match.id, 2),
    ]
    assert body["items"][0]["article"]["view_count"] == 4
    assert body["items"][0]["article"]["title"] == news.title
    assert response.headers["Cache-Control"].startswith("public, max-age=")
    again = client.get(
        "/v1/articles/most-read", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304

    by_parent = client.get("/v1/articles/most-read", params={"category": sport.slug}).json()
    assert [i["article"]["id"] for i in by_parent["items"]] == [match.id]
    limited = client.get("/v1/articles/most-read", params={"window": "all", "limit": 1}).json()
    assert limited["from"] is None
    assert [i["article"]["id"] for i in limited["items"]] == [news.id]
    assert client.get("/v1/articles/most-read", params={"window": "year"}).status_code == 422
    assert client.get("/v1/articles/most-read", params={"limit": 0}).status_code == 422
    missing = client.get("/v1/articles/most-read", params={"category": "khong-co"})
    assert missing.status_code == 404
    huge = client.get("/v1/articles/most-read", params={"category": "3000000000"})
    assert huge.status_code == 404


def test_prepared_most_read_answers_like_the_rendered_one(
    client: TestClient, db: Session, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = utcnow()
    sport = factory.category("Thể thao")
    football = factory.category("Bóng đá", parent_id=sport.id)
    articles = [
        factory.article(status=ArticleStatus.published, **({"category_id": cid} if cid else {}))
        for cid in (None, football.id, sport.id, football.id)
    ]
    for visitors, article in zip((3, 3, 1, 2), articles, strict=True):  # a tie: newest id first
        _view(db, article, now, visitors=visitors)
    factory.transition(articles[2], "unpublish")
    queries = [
        {"window": window, "limit": limit, **({"category": ref} if ref else {})}
        for window in ("day", "week", "month", "all")
        for limit in (1, 10)
        for ref in (None, sport.slug, str(football.id))
    ] + [{"category": "khong-co"}, {"category": "3000000000"}]

    def answers() -> list[tuple[int, bytes, dict[str, str]]]:
        got = [client.get("/v1/articles/most-read", params=query) for query in queries]
        strip = {"x-request-id", "date"}
        return [
            (r.status_code, r.content, {k: v for k, v in r.headers.items() if k not in strip})
            for r in got
        ]

    prepared = answers()
    assert [code for code, _, _ in prepared].count(200) == len(queries) - 2
    monkeypatch.setattr(service, "most_read_prepared", lambda *a, **k: None)
    assert answers() == prepared


def test_a_row_without_prepared_json_is_rendered(
    client: TestClient, db: Session, factory: Factory
) -> None:
    now = utcnow()
    article = factory.article(status=ArticleStatus.published)
    _view(db, article, now, visitors=2)
    before = client.get("/v1/articles/most-read").json()
    live = db.get(ArticleLive, article.id)
    assert live is not None
    live.list_json = None
    db.add(live)
    db.flush()
    with request_driver_connection() as connection:
        prepared = service.most_read_prepared(
            connection, window=Window.day, category_ids=None, limit=10, now=now
        )
    assert prepared is None
    assert client.get("/v1/articles/most-read").json() == before
