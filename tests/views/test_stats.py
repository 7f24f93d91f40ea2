"""Staff stats: an article's daily series and totals."""

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import Role
from app.articles.models import ArticleStatus
from app.core.db import utcnow
from app.views import service
from tests.factories import Factory


def test_stats_give_every_day_of_the_range_and_the_totals(
    client: TestClient, db: Session, factory: Factory
) -> None:
    now = utcnow()
    article = factory.article(status=ArticleStatus.published, publish_at=now - timedelta(days=3))
    assert article.id is not None
    for n in range(3):
        service.record_view(db, article_id=article.id, visitor=f"t{n}", now=now)
    for n in range(2):
        service.record_view(db, article_id=article.id, visitor=f"y{n}", now=now - timedelta(days=2))
    service.import_views(db, [(str(article.id), 259)])
    today = service.site_day(now)
    editor = factory.headers(factory.user(Role.editor))

    response = client.get(
        f"/v1/admin/articles/{article.id}/stats",
        params={"from": (today - timedelta(days=3)).isoformat(), "to": today.isoformat()},
        headers=editor,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["view_count"] == 259 + 5
    assert body["imported_views"] == 259
    assert body["period_views"] == 5
    assert body["days"] == [
        {"date": (today - timedelta(days=3)).isoformat(), "views": 0},
        {"date": (today - timedelta(days=2)).isoformat(), "views": 2},
        {"date": (today - timedelta(days=1)).isoformat(), "views": 0},
        {"date": today.isoformat(), "views": 3},
    ]
    assert response.headers["Cache-Control"] == "private, no-cache"
    default = client.get(f"/v1/admin/articles/{article.id}/stats", headers=editor).json()
    assert (default["from"], default["to"]) == (
        (today - timedelta(days=29)).isoformat(),
        today.isoformat(),
    )
    assert default["period_views"] == 5


def test_stats_are_for_staff_who_may_see_the_article(client: TestClient, factory: Factory) -> None:
    article = factory.article()  # a draft by an editor
    url = f"/v1/admin/articles/{article.id}/stats"
    assert client.get(url).status_code == 401
    stranger = factory.headers(factory.user(Role.contributor))
    assert client.get(url, headers=stranger).status_code == 404  # may not even see it
    editor = factory.headers(factory.user(Role.editor))
    assert client.get(url, headers=editor).status_code == 200
    assert client.get("/v1/admin/articles/2000000000/stats", headers=editor).status_code == 404


def test_stats_ranges_are_checked(client: TestClient, factory: Factory) -> None:
    article = factory.article(status=ArticleStatus.published)
    editor = factory.headers(factory.user(Role.editor))
    url = f"/v1/admin/articles/{article.id}/stats"
    backwards = client.get(url, params={"from": "2026-11-02", "to": "2026-11-01"}, headers=editor)
    assert backwards.status_code == 422
    too_long = client.get(url, params={"from": "2024-01-01", "to": "2026-01-01"}, headers=editor)
    assert too_long.status_code == 422
    assert client.get(url, params={"from": "hôm qua"}, headers=editor).status_code == 422
    year = client.get(url, params={"from": "2025-01-01", "to": "2025-12-31"}, headers=editor)
    assert len(year.json()["days"]) == 365
    assert year.json()["days"][0]["date"] == date(2025, 1, 1).isoformat()


def test_importing_views_keeps_a_migrated_articles_count_and_can_be_repeated(
    db: Session, factory: Factory
) -> None:
    by_id = factory.article(status=ArticleStatus.published)
    by_address = factory.article(legacy_urls=["https://angiang.gov.vn/Pages/TinTuc.aspx?ItemID=77"])
    assert by_id.id is not None
    assert by_address.id is not None
    service.record_view(db, article_id=by_id.id, visitor="now", now=utcnow())
    rows = [(str(by_id.id), 259), ("/pages/tintuc.aspx?itemid=77", 1000), ("/pages/khac.aspx", 5)]
    first = service.import_views(db, rows)
    assert (first.imported, first.unknown) == (2, ["/pages/khac.aspx"])
    db.refresh(by_id)
    db.refresh(by_address)
    assert (by_id.view_count, by_address.view_count) == (260, 1000)
    # A corrected file replaces the imported figure instead of adding to it.
    service.import_views(db, [(str(by_id.id), 300), ("/Pages/TinTuc.aspx?ItemID=77", 1000)])
    db.refresh(by_id)
    db.refresh(by_address)
    assert (by_id.view_count, by_address.view_count) == (301, 1000)
