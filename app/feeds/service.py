"""RSS 2.0, Atom 1.0 and sitemaps of the live articles, as UTF-8 XML bytes.

Every document is built with ElementTree, which escapes all text and attributes, and reads only
`article_live` through `visible_clause`, so what a feed shows is exactly what the public API
shows. Nothing in a document depends on the clock except which articles are visible: the same
content gives the same bytes, and so the same ETag.
"""

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, case, func, type_coerce
from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from app.articles import live, taxonomy
from app.articles.models import ArticleLive, Category
from app.core.config import get_settings
from app.core.errors import NotFound
from app.media.embed import media_url
from app.media.models import Media

FEED_LIMIT = 50
# The sitemaps protocol allows 50,000 URLs per file; tests shrink it to exercise paging.
SITEMAP_PAGE_SIZE = 50_000
# ...and an index at most 50,000 sitemaps, which also bounds the OFFSET a page number can ask for.
SITEMAP_MAX_PAGES = 50_000
NEWS_SITEMAP_WINDOW = timedelta(days=2)
NEWS_SITEMAP_LIMIT = 1000
LANGUAGE = "vi"

ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"

# An empty Atom feed still needs an <updated>; a fixed instant keeps its bytes (and ETag) stable.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Characters XML 1.0 cannot carry at all, not even as references; ElementTree would write them
# and produce a document no parser accepts.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _changed_at(row: ArticleLive) -> datetime:
    # A version published ahead of its publish_at only appears, so only changes, at publish_at.
    return max(row.updated_at, row.publish_at)


@dataclass(frozen=True)
class _Entry:
    """A visible article with what every feed format needs resolved."""

    live: ArticleLive
    category: Category
    url: str
    uid: str
    # The share image (the article's `og_image_id`, or its lead image): the item's enclosure.
    image: Media | None = None

    @property
    def changed_at(self) -> datetime:
        return _changed_at(self.live)


# --- addresses and formats -------------------------------------------------------------------


def site_url(path: str = "") -> str:
    """An absolute address on the public site (article addresses: `live.public_url`)."""
    return get_settings().public_base_url.rstrip("/") + path


def _absolute(url: str) -> str:
    """A media URL as feeds and sitemaps need it: NEWSDESK_MEDIA_URL when it is absolute (a
    CDN), else served by the API itself (NEWSDESK_API_BASE_URL)."""
    return url if url.startswith(("https://", "http://")) else get_settings().api_base + url


def _uid(kind: str, key: str | int) -> str:
    # Derived from the site and the id, never the URL: a reader must not see an article as new
    # when its slug or category changes, and two portals never share an id.
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{site_url()}/#{kind}/{key}"))


def article_uid(article_id: int) -> str:
    """The permanent id of an article in RSS (guid) and Atom (id)."""
    return _uid("article", article_id)


def rfc822(moment: datetime) -> str:
    """RSS date: `Tue, 03 Jun 2025 09:39:21 GMT`."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def w3c(moment: datetime) -> str:
    """Atom and sitemap date (RFC 3339 / W3C datetime): `2025-06-03T09:39:21Z`."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# --- XML building ------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _root(tag: str, namespaces: dict[str, str]) -> ET.Element:
    # Prefixed names ("dc:creator") are written literally next to their xmlns declarations:
    # ET.register_namespace would change process-wide state for every other user of ElementTree.
    return ET.Element(tag, namespaces)


def _to_bytes(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --- loading -----------------------------------------------------------------------------------


def _category_by_slug(session: Session, slug: str) -> Category:
    category = session.exec(select(Category).where(Category.slug == slug)).first()
    if category is None:
        raise NotFound(f"no category with slug {slug!r}")
    return category


def _entries(session: Session, rows: Sequence[ArticleLive]) -> list[_Entry]:
    """Resolve the categories of a page of rows in one query."""
    ids = {row.category_id for row in rows}
    categories = (
        {c.id: c for c in session.exec(select(Category).where(col(Category.id).in_(ids)))}
        if ids
        else {}
    )
    image_ids = {_share_image_id(row) for row in rows} - {None}
    images = (
        {m.id: m for m in session.exec(select(Media).where(col(Media.id).in_(image_ids)))}
        if image_ids
        else {}
    )
    return [
        _Entry(
            live=row,
            category=categories[row.category_id],
            url=live.public_url(row, categories[row.category_id].slug),
            uid=article_uid(row.article_id),
            image=images.get(_share_image_id(row) or 0),
        )
        for row in rows
    ]


def _share_image_id(row: ArticleLive) -> int | None:
    return row.og_image_id or row.image_id


@dataclass(frozen=True)
class _Feed:
    title: str
    description: str
    category: Category | None
    entries: list[_Entry]

    @property
    def updated(self) -> datetime | None:
        return max((e.changed_at for e in self.entries), default=None)


def _load_feed(session: Session, *, now: datetime, category_slug: str | None) -> _Feed:
    site_name = get_settings().site_name
    if category_slug is None:
        rows = live.newest_visible(session, now=now, category_ids=None, limit=FEED_LIMIT)
        return _Feed(
            title=site_name,
            description=f"Tin mới nhất của {site_name}",
            category=None,
            entries=_entries(session, rows),
        )
    category = _category_by_slug(session, category_slug)
    assert category.id is not None
    rows = live.newest_visible(
        session,
        now=now,
        category_ids=taxonomy.descendant_ids(session, category.id),
        limit=FEED_LIMIT,
    )
    return _Feed(
        title=f"{category.name} – {site_name}",
        description=category.description or f"Tin mới nhất mục {category.name} của {site_name}",
        category=category,
        entries=_entries(session, rows),
    )


def _feed_uid(feed: _Feed) -> str:
    return _uid("feed", feed.category.slug if feed.category else "")


# --- feeds -------------------------------------------------------------------------------------


def rss_feed(session: Session, *, now: datetime, category_slug: str | None, self_url: str) -> bytes:
    """The newest visible articles as RSS 2.0 (a category includes its subcategories)."""
    feed = _load_feed(session, now=now, category_slug=category_slug)
    rss = _root("rss", {"version": "2.0", "xmlns:atom": ATOM_NS, "xmlns:dc": DC_NS})
    channel = _add(rss, "channel")
    _add(channel, "title", feed.title)
    _add(channel, "link", site_url("/"))
    _add(channel, "description", feed.description)
    _add(channel, "language", LANGUAGE)
    if feed.updated is not None:
        _add(channel, "lastBuildDate", rfc822(feed.updated))
    _add(channel, "atom:link", href=self_url, rel="self", type="application/rss+xml")
    for entry in feed.entries:
        item = _add(channel, "item")
        _add(item, "title", entry.live.title)
        _add(item, "link", entry.url)
        _add(item, "guid", entry.uid, isPermaLink="false")
        _add(item, "pubDate", rfc822(entry.live.publish_at))
        if entry.live.summary:
            _add(item, "description", entry.live.summary)
        _add(item, "category", entry.category.name)
        if entry.live.byline:
            _add(item, "dc:creator", entry.live.byline)
        if entry.image is not None:
            _add(item, "enclosure", url=_absolute(media_url(entry.image.storage_key)),
                 length=str(entry.image.byte_size), type=entry.image.content_type)  # fmt: skip
    return _to_bytes(rss)


def atom_feed(
    session: Session, *, now: datetime, category_slug: str | None, self_url: str
) -> bytes:
    """The newest visible articles as Atom 1.0 (a category includes its subcategories)."""
    feed = _load_feed(session, now=now, category_slug=category_slug)
    root = _root("feed", {"xmlns": ATOM_NS, "xml:lang": LANGUAGE})
    _add(root, "id", _feed_uid(feed))
    _add(root, "title", feed.title)
    _add(root, "subtitle", feed.description)
    _add(root, "updated", w3c(feed.updated or _EPOCH))
    _add(root, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(root, "link", rel="alternate", type="text/html", href=site_url("/"))
    # The feed-level author stands in for entries without a byline (Atom requires one).
    _add(_add(root, "author"), "name", get_settings().site_name)
    for entry in feed.entries:
        item = _add(root, "entry")
        _add(item, "id", entry.uid)
        _add(item, "title", entry.live.title)
        _add(item, "link", rel="alternate", type="text/html", href=entry.url)
        _add(item, "published", w3c(entry.live.publish_at))
        _add(item, "updated", w3c(entry.changed_at))
        if entry.live.summary:
            _add(item, "summary", entry.live.summary)
        if entry.live.byline:
            _add(_add(item, "author"), "name", entry.live.byline)
        _add(item, "category", term=entry.category.slug, label=entry.category.name)
        if entry.image is not None:
            _add(item, "link", rel="enclosure", type=entry.image.content_type,
                 href=_absolute(media_url(entry.image.storage_key)),
                 length=str(entry.image.byte_size))  # fmt: skip
    return _to_bytes(root)


# --- sitemaps ----------------------------------------------------------------------------------


def _changed_at_sql() -> ColumnElement[datetime]:
    """`_changed_at` in SQL (portable: SQLite has no GREATEST)."""
    return case(
        (col(ArticleLive.updated_at) > col(ArticleLive.publish_at), col(ArticleLive.updated_at)),
        else_=col(ArticleLive.publish_at),
    )


def sitemap_page_url(page: int) -> str:
    """Where page `page` (from 1) of the article sitemap is served on the public site."""
    return site_url(f"/sitemap-articles-{page}.xml")


def sitemap_index(session: Session, *, now: datetime) -> bytes:
    """The sitemap index: one entry per page of SITEMAP_PAGE_SIZE articles, by id."""
    # Number the visible articles by id and group them into pages in SQL, so the index costs
    # one query however many articles there are. The window is typed so that `//` is integer
    # division on both engines (untyped, PostgreSQL gets FLOOR(x / y) and pages like "1.0").
    row_number = func.row_number().over(order_by=col(ArticleLive.article_id))
    position = type_coerce(row_number, Integer) - 1
    numbered = (
        select(
            (position // SITEMAP_PAGE_SIZE).label("page"),
            _changed_at_sql().label("changed_at"),
        )
        .where(live.visible_clause(now), _indexable())
        .subquery()
    )
    pages: Sequence[tuple[int, datetime | None]] = session.exec(
        select(numbered.c.page, func.max(numbered.c.changed_at))
        .group_by(numbered.c.page)
        .order_by(numbered.c.page)
        .limit(SITEMAP_MAX_PAGES)
    ).all() or [(0, None)]  # an empty site still has its (empty) first page
    root = _root("sitemapindex", {"xmlns": SITEMAP_NS})
    for page, changed_at in pages:
        sitemap = _add(root, "sitemap")
        _add(sitemap, "loc", sitemap_page_url(page + 1))
        if changed_at is not None:
            _add(sitemap, "lastmod", w3c(changed_at))
    return _to_bytes(root)


def _with_category_slug(*columns: Any) -> Select[ArticleLive, str]:
    """Live versions loading only `columns` (a sitemap page holds up to 50,000 of them, never
    their bodies), with their category's slug joined in: one query, no per-row lookups; any
    other attribute raises rather than quietly cost a query per row."""
    return (
        select(ArticleLive, Category.slug)
        .join(Category, col(Category.id) == col(ArticleLive.category_id))
        .options(load_only(*columns, raiseload=True))
    )


def sitemap_page(session: Session, *, now: datetime, page: int) -> bytes:
    """One page of the article sitemap; a page past the last one is a 404."""
    if not 1 <= page <= SITEMAP_MAX_PAGES:
        raise NotFound("no such sitemap page")
    share_image = func.coalesce(col(ArticleLive.og_image_id), col(ArticleLive.image_id))
    rows = session.execute(
        _with_category_slug(
            ArticleLive.article_id, ArticleLive.slug, ArticleLive.publish_at, ArticleLive.updated_at
        )
        .add_columns(col(Media.storage_key))
        .outerjoin(Media, col(Media.id) == share_image)
        .where(live.visible_clause(now), _indexable())
        .order_by(col(ArticleLive.article_id))
        .offset((page - 1) * SITEMAP_PAGE_SIZE)
        .limit(SITEMAP_PAGE_SIZE)
    ).all()
    if not rows and page > 1:
        raise NotFound("no such sitemap page")
    root = _root("urlset", {"xmlns": SITEMAP_NS, "xmlns:image": IMAGE_NS})
    for row, category_slug, image_key in rows:
        url = _add(root, "url")
        _add(url, "loc", live.public_url(row, category_slug))
        _add(url, "lastmod", w3c(_changed_at(row)))
        if image_key is not None:
            _add(_add(url, "image:image"), "image:loc", _absolute(media_url(image_key)))
    return _to_bytes(root)


def _indexable() -> ColumnElement[bool]:
    """Sitemaps list what search engines may index: not an article marked `noindex`."""
    return col(ArticleLive.noindex).is_(False)


def news_sitemap(session: Session, *, now: datetime) -> bytes:
    """The Google News sitemap: visible articles published in the last two days, newest first."""
    rows = session.exec(
        _with_category_slug(
            ArticleLive.article_id, ArticleLive.slug, ArticleLive.title, ArticleLive.publish_at
        )
        .where(
            live.visible_clause(now),
            _indexable(),
            col(ArticleLive.publish_at) >= now - NEWS_SITEMAP_WINDOW,
        )
        .order_by(col(ArticleLive.publish_at).desc(), col(ArticleLive.article_id).desc())
        .limit(NEWS_SITEMAP_LIMIT)
    ).all()
    site_name = get_settings().site_name
    root = _root("urlset", {"xmlns": SITEMAP_NS, "xmlns:news": NEWS_NS})
    for row, category_slug in rows:
        url = _add(root, "url")
        _add(url, "loc", live.public_url(row, category_slug))
        news = _add(url, "news:news")
        publication = _add(news, "news:publication")
        _add(publication, "news:name", site_name)
        _add(publication, "news:language", LANGUAGE)
        _add(news, "news:publication_date", w3c(row.publish_at))
        _add(news, "news:title", row.title)
    return _to_bytes(root)
