"""The beacon: what counts, what does not, and what is refused."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.articles.models import Article, ArticleStatus
from app.core.config import get_settings
from app.core.db import utcnow
from app.views import ratelimit, service
from app.views.models import ViewDaily, ViewSeen
from tests.factories import Factory

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"  # noqa: E501
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"  # noqa: E501


def _views(db: Session, article: Article) -> int:
    db.expire_all()
    stored = db.get(Article, article.id)
    assert stored is not None
    return stored.view_count


def _beacon(client: TestClient, article_id: int | None, **kwargs: object) -> int:
    headers = {"User-Agent": BROWSER, **kwargs.pop("headers", {})}  # type: ignore[dict-item]
    response = client.post(f"/v1/articles/{article_id}/views", headers=headers, **kwargs)  # type: ignore[arg-type]
    if response.status_code == 202:
        assert response.content == b""
    return response.status_code


def test_a_beacon_counts_once_per_visitor_and_shows_in_public_shapes(
    client: TestClient, db: Session, factory: Factory
) -> None:
    article = factory.article(status=ArticleStatus.published)
    assert _beacon(client, article.id, json={"visitor_id": "v-1"}) == 202
    assert _beacon(client, article.id, json={"visitor_id": "v-1"}) == 202  # a repeat
    assert _beacon(client, article.id, json={"visitor_id": "v-2"}) == 202
    assert _views(db, article) == 2
    assert client.get(f"/v1/articles/{article.id}").json()["view_count"] == 2
    listed = client.get("/v1/articles").json()["items"]
    assert [i["view_count"] for i in listed if i["id"] == article.id] == [2]
    days = db.exec(select(ViewDaily).where(ViewDaily.article_id == article.id)).all()
    assert [(d.day, d.views) for d in days] == [(service.site_day(utcnow()), 2)]


def test_the_visitor_id_comes_from_any_body_sendbeacon_sends_or_a_header(
    client: TestClient, db: Session, factory: Factory
) -> None:
    article = factory.article(status=ArticleStatus.published)
    text = {"Content-Type": "text/plain;charset=UTF-8"}
    sent = [
        {"json": {"visitor_id": "a"}},
        {"content": b"a", "headers": text},  # the same visitor as plain text
        {"content": b'{"visitor_id": "a"}', "headers": text},  # JSON sent as text
        {
            "content": b"visitor_id=a",
            "headers": {"Content-Type": "application/x-www-form-urlencoded"},
        },
        {"headers": {"X-Visitor-Id": "a"}},
        {"content": b"b", "headers": text},
        {"headers": {"X-Visitor-Id": "c"}},
    ]
    assert [_beacon(client, article.id, **kw) for kw in sent] == [202] * len(sent)
    assert _views(db, article) == 3  # a, b, c


def test_without_a_visitor_id_address_and_user_agent_tell_visitors_apart(
    client: TestClient, db: Session, factory: Factory
) -> None:
    article = factory.article(status=ArticleStatus.published)
    for agent in (BROWSER, BROWSER, PHONE, PHONE, BROWSER):
        assert _beacon(client, article.id, headers={"User-Agent": agent}) == 202
    assert _views(db, article) == 2
    # Nothing identifying is stored: only keyed hashes.
    stored = db.exec(select(ViewSeen.visitor).where(ViewSeen.article_id == article.id)).all()
    assert len(stored) == 2
    assert all(len(v) == 32 and "testclient" not in v for v in stored)


def test_one_count_per_visitor_per_article_per_window(db: Session, factory: Factory) -> None:
    first, second = (factory.article(status=ArticleStatus.published) for _ in range(2))
    assert first.id
    assert second.id
    length = get_settings().views_dedupe_minutes * 60
    start = utcnow().replace(microsecond=0)
    # The first second of the window the test runs in (windows are fixed, from the epoch).
    window_start = start - timedelta(seconds=int(start.timestamp()) % length)

    def view(article_id: int, visitor: str, seconds: float) -> bool:
        at = window_start + timedelta(seconds=seconds)
        return service.record_view(db, article_id=article_id, visitor=visitor, now=at)

    assert view(first.id, "x", 0)
    assert not view(first.id, "x", 1)
    assert not view(first.id, "x", length - 1)  # last second of the same window
    assert view(second.id, "x", 10)  # another article: counted
    assert view(first.id, "y", 10)  # another visitor: counted
    assert view(first.id, "x", length)  # the next window: counted again
    assert not view(first.id, "x", length + 60)
    assert (_views(db, first), _views(db, second)) == (3, 1)


def test_dedupe_rows_of_ended_windows_are_pruned(db: Session, factory: Factory) -> None:
    article = factory.article(status=ArticleStatus.published)
    assert article.id
    now = utcnow()
    later = now + timedelta(minutes=get_settings().views_dedupe_minutes)
    assert service.record_view(db, article_id=article.id, visitor="p", now=now)
    assert service.prune_seen(db, now=now) == 0  # its window is still open
    assert service.prune_seen(db, now=later) >= 1
    assert db.exec(select(func.count()).select_from(ViewSeen)).one() == 0
    assert _views(db, article) == 1  # counts stay


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0)",
        "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)",
        "python-requests/2.32.3",
        "",
    ],
)
def test_known_bots_are_answered_but_not_counted(
    client: TestClient, db: Session, factory: Factory, agent: str
) -> None:
    article = factory.article(status=ArticleStatus.published)
    draft = factory.article()
    assert _beacon(client, article.id, headers={"User-Agent": agent}) == 202
    assert _beacon(client, draft.id, headers={"User-Agent": agent}) == 404
    assert _views(db, article) == 0
    assert _beacon(client, article.id) == 202  # a browser from the same address counts
    assert _views(db, article) == 1


@pytest.mark.parametrize(
    "status",
    [
        ArticleStatus.draft,
        ArticleStatus.in_review,
        ArticleStatus.scheduled,
        ArticleStatus.expired,
        ArticleStatus.unpublished,
        ArticleStatus.trashed,
    ],
)
def test_only_live_articles_are_counted(
    client: TestClient, db: Session, factory: Factory, status: ArticleStatus
) -> None:
    publish_at = utcnow() + timedelta(days=1) if status is ArticleStatus.scheduled else None
    article = factory.article(status=status, publish_at=publish_at)
    response = client.post(f"/v1/articles/{article.id}/views", headers={"User-Agent": BROWSER})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert _views(db, article) == 0
    assert db.exec(select(func.count()).select_from(ViewSeen)).one() == 0


def test_unknown_article_is_404(client: TestClient) -> None:
    assert _beacon(client, 2_000_000_000) == 404
    assert _beacon(client, 0) == 422


def test_too_many_beacons_from_one_address_get_429(
    client: TestClient, db: Session, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "views_rate_limit", "3/minute")
    article = factory.article(status=ArticleStatus.published)
    codes = [_beacon(client, article.id, json={"visitor_id": f"r{n}"}) for n in range(5)]
    assert codes == [202, 202, 202, 429, 429]
    refused = client.post(f"/v1/articles/{article.id}/views", headers={"User-Agent": BROWSER})
    assert refused.headers["content-type"] == "application/problem+json"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert _views(db, article) == 3  # refused beacons count nothing


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"{not json", "application/json", 422),
        (b'["visitor"]', "application/json", 422),
        (b'{"visitor_id": 12}', "application/json", 422),
        (b'{"visitor_id": ""}', "application/json", 422),
        (b'{"visitor_id": "' + b"x" * 201 + b'"}', "application/json", 422),
        (b"line\nbreak", "text/plain", 422),
        (b"\xff\xfe", "text/plain", 422),
        (b"x" * 2000, "text/plain", 413),
        (b"<visitor/>", "application/xml", 422),
    ],
)
def test_malformed_beacons_are_4xx_and_count_nothing(
    client: TestClient,
    db: Session,
    factory: Factory,
    content: bytes,
    content_type: str,
    status: int,
) -> None:
    article = factory.article(status=ArticleStatus.published)
    response = client.post(
        f"/v1/articles/{article.id}/views",
        content=content,
        headers={"Content-Type": content_type, "User-Agent": BROWSER},
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert _views(db, article) == 0


def test_an_overlong_visitor_header_is_refused_by_the_declared_route(
    client: TestClient, db: Session, factory: Factory
) -> None:
    article = factory.article(status=ArticleStatus.published)
    response = client.post(
        f"/v1/articles/{article.id}/views",
        headers={"User-Agent": BROWSER, "X-Visitor-Id": "x" * 201},
    )
    assert response.status_code == 422
    assert _views(db, article) == 0


def test_rate_limit_counters_start_no_thread_and_are_swept_once_expired(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "views_rate_limit", "1000/minute")
    storage = ratelimit._storage
    timer = storage.timer
    for n in range(50):
        ratelimit.check(f"192.0.2.{n % 5}")
    assert storage.timer is timer  # limits' expiry thread was never started again
    assert not timer.is_alive()
    assert len(storage.storage) == 5
    # Counters whose window has ended go at the next sweep.
    monkeypatch.setattr(storage, "expirations", dict.fromkeys(storage.expirations, 0.0))
    storage.sweep()
    assert len(storage.storage) == 0
