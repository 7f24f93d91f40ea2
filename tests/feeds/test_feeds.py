"""Feeds and sitemaps show exactly the live articles, as valid XML, cacheably."""

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session

from app.articles.models import Article, ArticleLive, ArticleStatus, Category
from app.core.config import get_settings
from app.core.db import get_engine
from app.feeds import service
from tests.articles.test_public_articles import NOT_LIVE
from tests.factories import Factory

BASE = "https://angiang.gov.vn"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
FEEDS = ("/v1/feeds/rss", "/v1/feeds/atom")
EVERY_DOCUMENT = (*FEEDS, "/sitemap.xml", "/sitemap-articles-1.xml", "/sitemap-news.xml")


@pytest.fixture(autouse=True)
def site(monkeypatch: pytest.MonkeyPatch) -> None:
    """A public site address with a trailing slash, which must not double in URLs."""
    settings = get_settings()
    monkeypatch.setattr(settings, "public_base_url", BASE + "/")
    monkeypatch.setattr(settings, "article_url_pattern", "/{category}/{slug}-{id}")
    monkeypatch.setattr(settings, "site_name", "Cổng thông tin An Giang")


def hours_ago(hours: float) -> datetime:
    return datetime.now(UTC) - timedelta(hours=hours)


def url_of(article: Article, category: Category) -> str:
    return f"{BASE}/{category.slug}/{article.slug}-{article.id}"


def published(factory: Factory, hours: float, **fields: Any) -> Article:
    return factory.article(status=ArticleStatus.published, publish_at=hours_ago(hours), **fields)


def parse_feed(client: TestClient, url: str, **params: str) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def sitemap_locs(client: TestClient, url: str, tag: str = "url") -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    root = ET.fromstring(response.content)
    return [el.findtext(f"{SM}loc") or "" for el in root.findall(f"{SM}{tag}")]


def all_documents(client: TestClient) -> str:
    """Every feed and sitemap as text, to search for what must never appear."""
    return "".join(client.get(url).text for url in EVERY_DOCUMENT)


# --- RSS and Atom ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", FEEDS)
def test_feed_lists_the_visible_articles_newest_first(
    client: TestClient, factory: Factory, url: str
) -> None:
    articles = [published(factory, hours) for hours in (5, 1, 3)]
    factory.article(status=ArticleStatus.draft)
    category = factory.default_category()

    feed = parse_feed(client, url)
    newest_first = [articles[1], articles[2], articles[0]]  # 1, 3 and 5 hours ago
    assert [e.link for e in feed.entries] == [url_of(a, category) for a in newest_first]
    ids = [e.id for e in feed.entries]
    assert ids == [service.article_uid(a.id or 0) for a in newest_first]
    assert all(i.startswith("urn:uuid:") for i in ids)


def test_rss_channel_and_item_fields(client: TestClient, factory: Factory, db: Session) -> None:
    article = published(factory, 2, summary="Tóm tắt bài viết", byline="Trung Hiếu")
    live = db.get(ArticleLive, article.id)
    assert live is not None

    response = client.get("/v1/feeds/rss")
    assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.version == "rss20"
    assert feed.feed.title == "Cổng thông tin An Giang"
    assert feed.feed.link == BASE + "/"
    assert feed.feed.language == "vi"
    assert feed.feed.updated_parsed is not None
    entry = feed.entries[0]
    assert entry.guidislink is False
    assert entry.summary == "Tóm tắt bài viết"
    assert entry.author == "Trung Hiếu"  # from <dc:creator>
    assert entry.tags[0].term == "Thời sự"
    assert datetime(*entry.published_parsed[:6], tzinfo=UTC) == live.publish_at.replace(
        microsecond=0
    )
    assert b'<guid isPermaLink="false">' in response.content


def test_atom_feed_and_entry_fields(client: TestClient, factory: Factory, db: Session) -> None:
    article = published(factory, 2, summary="Tóm tắt", byline="Minh Châu")
    live = db.get(ArticleLive, article.id)
    assert live is not None

    response = client.get("/v1/feeds/atom", params={"utm_source": "x"})
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0
    assert feed.version == "atom10"
    assert feed.feed.id.startswith("urn:uuid:")
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [BASE + "/v1/feeds/atom"]  # tracking parameters dropped
    entry = feed.entries[0]
    assert entry.author == "Minh Châu"
    assert entry.summary == "Tóm tắt"
    assert entry.tags[0].term == factory.default_category().slug
    assert entry.published == service.w3c(live.publish_at)
    assert entry.updated == service.w3c(max(live.updated_at, live.publish_at))


def test_feed_limit_is_fifty(client: TestClient, factory: Factory) -> None:
    for i in range(service.FEED_LIMIT + 1):
        published(factory, i + 1)
    assert len(parse_feed(client, "/v1/feeds/rss").entries) == service.FEED_LIMIT


@pytest.mark.parametrize("url", FEEDS)
def test_category_feed_includes_descendants_only(
    client: TestClient, factory: Factory, url: str
) -> None:
    economy = factory.category("Kinh tế")
    farming = factory.category("Nông nghiệp", parent_id=economy.id)
    rice = factory.category("Lúa gạo", parent_id=farming.id)
    sport = factory.category("Thể thao")
    inside = [
        (published(factory, 1, category_id=economy.id), economy),
        (published(factory, 2, category_id=farming.id), farming),
        (published(factory, 3, category_id=rice.id), rice),
    ]
    published(factory, 0.5, category_id=sport.id)

    feed = parse_feed(client, url, category=farming.slug)
    assert [e.link for e in feed.entries] == [url_of(a, c) for a, c in inside[1:]]
    assert "Nông nghiệp" in feed.feed.title
    feed = parse_feed(client, url, category=economy.slug)
    assert [e.link for e in feed.entries] == [url_of(a, c) for a, c in inside]


@pytest.mark.parametrize("url", FEEDS)
def test_unknown_category_is_a_404_problem(client: TestClient, url: str) -> None:
    response = client.get(url, params={"category": "khong-co"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_empty_feeds_are_valid(client: TestClient) -> None:
    for url in FEEDS:
        assert parse_feed(client, url).entries == []
    assert sitemap_locs(client, "/sitemap.xml", "sitemap") == [BASE + "/sitemap-articles-1.xml"]
    assert sitemap_locs(client, "/sitemap-articles-1.xml") == []
    assert sitemap_locs(client, "/sitemap-news.xml") == []


# --- sitemaps ----------------------------------------------------------------------------------


def test_sitemap_index_pages_and_lastmod(
    client: TestClient, factory: Factory, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "SITEMAP_PAGE_SIZE", 2)
    articles = [published(factory, hours) for hours in (1, 9, 5, 3, 7)]
    factory.article(status=ArticleStatus.draft)
    category = factory.default_category()
    by_id = sorted(articles, key=lambda a: a.id or 0)

    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert index.tag == f"{SM}sitemapindex"
    pages = index.findall(f"{SM}sitemap")
    assert [p.findtext(f"{SM}loc") for p in pages] == [
        f"{BASE}/sitemap-articles-{n}.xml" for n in (1, 2, 3)
    ]

    seen = []
    for n, page in enumerate(pages, start=1):
        urlset = ET.fromstring(client.get(f"/sitemap-articles-{n}.xml").content)
        lastmods = []
        for url in urlset.findall(f"{SM}url"):
            seen.append(url.findtext(f"{SM}loc"))
            lastmods.append(url.findtext(f"{SM}lastmod") or "")
        assert page.findtext(f"{SM}lastmod") == max(lastmods)
    assert seen == [url_of(a, category) for a in by_id]

    first = ET.fromstring(client.get("/sitemap-articles-1.xml").content)
    live = db.get(ArticleLive, by_id[0].id)
    assert live is not None
    assert first.findtext(f"{SM}url/{SM}lastmod") == service.w3c(live.updated_at)

    for missing in (
        "/sitemap-articles-4.xml",
        "/sitemap-articles-0.xml",
        "/sitemap-articles-99999999999999999999.xml",
    ):
        response = client.get(missing)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
    assert client.get("/sitemap-articles-x.xml").status_code == 404


def test_news_sitemap_has_the_last_two_days_only(client: TestClient, factory: Factory) -> None:
    recent = published(factory, 47, title="Tin trong hai ngày")
    newest = published(factory, 1)
    published(factory, 49, title="Tin cũ hơn hai ngày")
    category = factory.default_category()

    response = client.get("/sitemap-news.xml")
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    urls = root.findall(f"{SM}url")
    assert [u.findtext(f"{SM}loc") for u in urls] == [
        url_of(newest, category),
        url_of(recent, category),
    ]
    news = urls[1].find(f"{NEWS}news")
    assert news is not None
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Cổng thông tin An Giang"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "vi"
    assert news.findtext(f"{NEWS}title") == "Tin trong hai ngày"
    assert recent.publish_at is not None
    assert news.findtext(f"{NEWS}publication_date") == service.w3c(recent.publish_at)


# --- what must never appear -------------------------------------------------------------------


@pytest.mark.parametrize("case", list(NOT_LIVE))
def test_not_live_articles_never_appear(client: TestClient, factory: Factory, case: str) -> None:
    hidden = factory.article(title=f"Bí mật {case}", **NOT_LIVE[case])
    visible = published(factory, 1, title="Công khai")
    category = factory.default_category()

    for url in FEEDS:
        assert [e.link for e in parse_feed(client, url).entries] == [url_of(visible, category)]
    assert sitemap_locs(client, "/sitemap-articles-1.xml") == [url_of(visible, category)]
    assert sitemap_locs(client, "/sitemap-news.xml") == [url_of(visible, category)]
    text = all_documents(client)
    assert "Bí mật" not in text
    assert f"-{hidden.id}<" not in text


# --- text and caching --------------------------------------------------------------------------


def test_vietnamese_and_markup_characters_round_trip(client: TestClient, factory: Factory) -> None:
    title = 'Đồng bằng sông Cửu Long: lũ <về> sớm & "nước nổi" – Ấp Vĩnh Thạnh'
    summary = "Người dân chủ động ứng phó; mực nước đạt 4,5 m (cao hơn năm ngoái) & còn lên."
    published(factory, 1, title=title, summary=summary, byline="Nguyễn Thị Ánh Tuyết")

    rss = ET.fromstring(client.get("/v1/feeds/rss").content)
    assert rss.findtext("channel/item/title") == title
    assert rss.findtext("channel/item/description") == summary
    atom = ET.fromstring(client.get("/v1/feeds/atom").content)
    a = "{http://www.w3.org/2005/Atom}"
    assert atom.findtext(f"{a}entry/{a}title") == title
    assert atom.findtext(f"{a}entry/{a}author/{a}name") == "Nguyễn Thị Ánh Tuyết"
    news = ET.fromstring(client.get("/sitemap-news.xml").content)
    assert news.findtext(f"{SM}url/{NEWS}news/{NEWS}title") == title
    # Written as UTF-8, not as character references.
    assert "Đồng bằng sông Cửu Long".encode() in client.get("/v1/feeds/rss").content
    for url in FEEDS:
        assert parse_feed(client, url).entries[0].summary == summary


def test_characters_xml_cannot_carry_are_dropped(client: TestClient, factory: Factory) -> None:
    published(factory, 1, title="Tiêu đề\x0bdán từ Word", summary="Dòng\x0cmới")
    for url in FEEDS:
        entry = parse_feed(client, url).entries[0]
        assert entry.title == "Tiêu đềdán từ Word"


@pytest.mark.parametrize("url", EVERY_DOCUMENT)
def test_documents_are_cacheable_and_conditional(
    client: TestClient, factory: Factory, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    if url == "/sitemap.xml":
        # One article per page, so that a new article adds a page: a lastmod alone may not
        # change, its resolution is a second.
        monkeypatch.setattr(service, "SITEMAP_PAGE_SIZE", 1)
    published(factory, 1)
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"')
    assert first.headers["cache-control"].startswith("public, max-age=")
    assert client.get(url).headers["etag"] == etag  # same content, same bytes
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    published(factory, 0.5)
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


@pytest.fixture
def statements() -> Iterator[list[str]]:
    executed: list[str] = []

    def record(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if sql.lstrip().upper().startswith("SELECT"):
            executed.append(sql)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", record)
    yield executed
    event.remove(engine, "before_cursor_execute", record)


@pytest.mark.parametrize("url", EVERY_DOCUMENT)
def test_query_count_does_not_grow_with_articles(
    client: TestClient, factory: Factory, statements: list[str], url: str
) -> None:
    categories = [factory.category() for _ in range(3)]
    published(factory, 1, category_id=categories[0].id)
    statements.clear()
    assert client.get(url).status_code == 200
    few = len(statements)

    for i in range(6):
        published(factory, i + 2, category_id=categories[i % 3].id)
    statements.clear()
    assert client.get(url).status_code == 200
    assert len(statements) == few, statements
