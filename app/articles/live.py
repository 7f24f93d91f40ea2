"""The published side of articles: what the public reads, and how a version gets there.

Every public surface reads `article_live`. A row exists while an article has a published
version; whether it is visible *right now* is decided at read time from its `publish_at` and
`expire_at`, so a schedule never depends on a job having run.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, func, or_, text
from sqlmodel import Session, col, select

from app.articles.models import (
    LIVE_COPIED_FIELDS,
    Article,
    ArticleLegacyUrl,
    ArticleLive,
    ArticleLiveTag,
    ArticleRelated,
    ArticleSlugRedirect,
    ArticleTag,
    Category,
)
from app.core.config import get_settings
from app.core.db import utcnow
from app.core.errors import NotFound
from app.core.text import fold_name, normalize_legacy_path
from app.media import usage as media_usage
from app.related import index as related
from app.related.models import ArticleLiveRelated
from app.search import service as search
from app.sync import changelog
from app.sync.models import SyncChange


def visible_clause(now: datetime) -> ColumnElement[bool]:
    """SQL for "the public may see this live version right now"."""
    return and_(
        col(ArticleLive.publish_at) <= now,
        or_(col(ArticleLive.expire_at).is_(None), col(ArticleLive.expire_at) > now),
    )


def is_visible(live: ArticleLive | None, now: datetime) -> bool:
    return (
        live is not None
        and live.publish_at <= now
        and (live.expire_at is None or live.expire_at > now)
    )


def next_change_at(session: Session, now: datetime) -> datetime | None:
    """The next instant the set of visible articles changes (a go-live or an expiry): list
    caches must not outlive it."""
    # One round trip; each minimum is an index lookup (publish_at and expire_at are indexed).
    next_publish, next_expiry = session.execute(
        select(
            select(func.min(ArticleLive.publish_at))
            .where(col(ArticleLive.publish_at) > now)
            .scalar_subquery(),
            select(func.min(ArticleLive.expire_at))
            .where(col(ArticleLive.expire_at) > now)
            .scalar_subquery(),
        )
    ).one()
    instants = [i for i in (next_publish, next_expiry) if i is not None]
    return min(instants) if instants else None


def last_change_at(session: Session, now: datetime) -> datetime | None:
    """The latest instant anything the public sees changed (docs/api.md, Last-Modified): a
    change to a live version (each is in the sync change log: publish, edit, withdrawal,
    re-rendering after a category, tag or media edit), a go-live or an expiry by time, or a
    category edit. One round trip of index lookups (app.articles.hot.change_times alike)."""
    instants = session.execute(
        select(
            select(func.max(SyncChange.changed_at)).scalar_subquery(),
            select(func.max(ArticleLive.publish_at))
            .where(col(ArticleLive.publish_at) <= now)
            .scalar_subquery(),
            select(func.max(ArticleLive.expire_at))
            .where(col(ArticleLive.expire_at) <= now)
            .scalar_subquery(),
            select(func.max(Category.updated_at)).scalar_subquery(),
        )
    ).one()
    found = [i for i in instants if i is not None]
    return max(found) if found else None


def detail_changed_at(session: Session, live: ArticleLive) -> datetime:
    """The last change of a live version's public detail: its publication, or a later
    re-rendering (app.articles.hot's detail alike)."""
    rendered = session.execute(
        select(func.max(SyncChange.changed_at)).where(SyncChange.article_id == live.article_id)
    ).scalar_one()
    return max(live.updated_at, rendered) if rendered is not None else live.updated_at


def newest_visible(
    session: Session, *, now: datetime, category_ids: set[int] | None, limit: int
) -> Sequence[ArticleLive]:
    """The newest visible articles, optionally only those filed under `category_ids`
    (for feeds and sitemaps; the public list has its own filters)."""
    stmt = select(ArticleLive).where(visible_clause(now))
    if category_ids is not None:
        stmt = stmt.where(col(ArticleLive.category_id).in_(category_ids))
    stmt = stmt.order_by(col(ArticleLive.publish_at).desc(), col(ArticleLive.article_id).desc())
    return session.exec(stmt.limit(limit)).all()


def visible_payload(session: Session, *, article_id: int, now: datetime) -> tuple[ArticleLive, int]:
    """A visible article with its view count, in one query (the public detail's hot path)."""
    row = session.exec(
        select(ArticleLive, Article.view_count)
        .join(Article, col(Article.id) == col(ArticleLive.article_id))
        .where(ArticleLive.article_id == article_id, visible_clause(now))
    ).first()
    if row is None:
        raise NotFound("no such article")
    return row[0], row[1]


def get_visible(session: Session, *, article_id: int, now: datetime) -> ArticleLive:
    """A visible article; anything else is a 404, so drafts cannot even be probed for."""
    live = session.exec(
        select(ArticleLive).where(ArticleLive.article_id == article_id, visible_clause(now))
    ).first()
    if live is None:
        raise NotFound("no such article")
    return live


def resolve_slug(session: Session, *, slug: str, now: datetime) -> tuple[ArticleLive, bool]:
    """The visible article a slug names, and whether the slug is an old one (to redirect)."""
    live = session.exec(
        select(ArticleLive).where(ArticleLive.slug == slug, visible_clause(now))
    ).first()
    if live is not None:
        return live, False
    redirect = session.get(ArticleSlugRedirect, slug)
    if redirect is not None:
        live = session.exec(
            select(ArticleLive).where(
                ArticleLive.article_id == redirect.article_id, visible_clause(now)
            )
        ).first()
        if live is not None:
            return live, True
    raise NotFound("no such article")


def resolve_legacy(session: Session, *, path: str, now: datetime) -> ArticleLive:
    """The visible article an old portal address now is."""
    legacy = session.get(ArticleLegacyUrl, normalize_legacy_path(path))
    if legacy is None:
        raise NotFound("no article has that address")
    return get_visible(session, article_id=legacy.article_id, now=now)


def public_url(live: ArticleLive, category_slug: str) -> str:
    """The article's address on the public site (NEWSDESK_PUBLIC_BASE_URL + URL pattern)."""
    return article_url(article_id=live.article_id, slug=live.slug, category_slug=category_slug)


def article_url(*, article_id: int, slug: str, category_slug: str) -> str:
    settings = get_settings()
    path = settings.article_url_pattern.format(category=category_slug, slug=slug, id=article_id)
    return settings.public_base_url.rstrip("/") + path


def get_live(session: Session, article_id: int) -> ArticleLive | None:
    return session.get(ArticleLive, article_id)


# The key of the PostgreSQL advisory lock below (any number no other lock uses).
PUBLISHING_LOCK = 0x4E44_5055_424C  # "NDPUBL"


def lock_publishing(session: Session) -> None:
    """Hold the publishing lock until the transaction ends (docs/architecture.md).

    Publishing or withdrawing one version rewrites the related lists of the articles it
    resembles, and the related job refills them: rows of many articles that no order can be
    agreed on beforehand. Two such transactions at once deadlocked, or one deleted a live
    version the other had just listed (a foreign key error), so they take turns. Take it first,
    before any row lock (the article's own included), so that waiting for it is never part of
    a cycle. They already took turns at the sync clock row, only later, holding locks; SQLite
    serializes all writers anyway. Re-entrant: a transaction may take it again."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PUBLISHING_LOCK})


def publish_version(
    session: Session, *, article: Article, now: datetime, index_related: bool = True
) -> ArticleLive:
    """Make the article's working copy its live version (replacing any previous one).

    `index_related=False` leaves the new version out of the related index (its old version
    still leaves it): a bulk import publishes thousands and rebuilds the index once at the end,
    which `related.bulk.unindexed` then finds missing."""
    assert article.id is not None
    assert article.publish_at is not None
    lock_publishing(session)
    previous = session.get(ArticleLive, article.id)
    if previous is not None:  # its old text leaves the related index before the new one enters
        related.unindex_version(session, previous, now=now)
    live = previous or ArticleLive(
        article_id=article.id,
        title=article.title,
        slug=article.slug,
        publish_at=article.publish_at,
        category_id=article.category_id,
        version=article.version,
        published_at=now,
        updated_at=now,
    )
    for field in LIVE_COPIED_FIELDS:
        setattr(live, field, getattr(article, field))
    live.byline_folded = fold_name(article.byline)
    live.version = article.version
    live.published_at = now
    live.updated_at = now
    session.add(live)
    session.flush()
    session.execute(delete(ArticleLiveTag).where(col(ArticleLiveTag.article_id) == article.id))
    for article_id, tag_id, position in session.exec(
        select(ArticleTag.article_id, ArticleTag.tag_id, ArticleTag.position).where(
            ArticleTag.article_id == article.id
        )
    ):
        session.add(ArticleLiveTag(article_id=article_id, tag_id=tag_id, position=position))
    publish_picks(session, article_id=article.id)
    media_usage.publish_links(session, article_id=article.id)
    search.index(session, [search_document(live)])
    if index_related:
        related.index_version(session, live, now=now)
    session.flush()
    return live


def publish_picks(session: Session, *, article_id: int) -> None:
    """The editor's related picks go live with the version, like its tags."""
    session.execute(
        delete(ArticleLiveRelated).where(col(ArticleLiveRelated.article_id) == article_id)
    )
    for related_id, position in session.exec(
        select(ArticleRelated.related_id, ArticleRelated.position).where(
            ArticleRelated.article_id == article_id
        )
    ):
        session.add(
            ArticleLiveRelated(article_id=article_id, related_id=related_id, position=position)
        )
    session.flush()


def search_document(live: ArticleLive) -> search.SearchDocument:
    return search.SearchDocument(
        article_id=live.article_id,
        title=live.title,
        summary=live.summary,
        content_html=live.content_html,
        publish_at=live.publish_at,
    )


def withdraw_version(session: Session, *, article_id: int) -> bool:
    """Remove the live version (unpublish, trash, purge); True if there was one."""
    lock_publishing(session)
    search.remove(session, [article_id])
    current = session.get(ArticleLive, article_id)
    if current is not None:
        related.unindex_version(session, current, now=utcnow())
    session.execute(
        delete(ArticleLiveRelated).where(col(ArticleLiveRelated.article_id) == article_id)
    )
    session.execute(delete(ArticleLiveTag).where(col(ArticleLiveTag.article_id) == article_id))
    media_usage.withdraw_links(session, article_id=article_id)
    result = session.execute(delete(ArticleLive).where(col(ArticleLive.article_id) == article_id))
    session.flush()
    withdrawn = bool(result.rowcount)  # type: ignore[attr-defined]
    if withdrawn:
        changelog.record_changes(session, [article_id])
    return withdrawn


def sync_slug(session: Session, *, article_id: int, slug: str) -> ArticleLive | None:
    """A slug is the article's address, not its content: a change applies to the live version
    at once (the old slug keeps redirecting). Returns the live version it changed, whose
    prepared JSON the caller re-renders."""
    live = session.get(ArticleLive, article_id)
    if live is not None and live.slug != slug:
        live.slug = slug
        session.add(live)
        return live
    return None
