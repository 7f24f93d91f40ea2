"""View counting: the beacon, daily buckets, most-read, staff stats, historical imports.

Exactness comes from one transaction per accepted view (docs/views.md): the dedupe row, the
daily bucket and `article.view_count` move together, with atomic `+ 1` updates, or not at all.
"""

import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, update
from sqlalchemy import select as sql_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from app.articles import hot, taxonomy
from app.articles.live import visible_clause
from app.articles.models import Article, ArticleLegacyUrl, ArticleLive
from app.core.config import get_settings
from app.core.db import DriverConnection
from app.core.errors import InvalidInput, NotFound
from app.core.text import normalize_legacy_path
from app.views.models import ViewDaily, ViewImport, ViewSeen

MAX_STATS_DAYS = 366


class Window(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    all = "all"


# Days of each most-read window, today (site time zone) included.
WINDOW_DAYS = {Window.day: 1, Window.week: 7, Window.month: 30}


def site_day(moment: datetime) -> date:
    """The calendar day of an instant in the site time zone (NEWSDESK_TIMEZONE)."""
    return moment.astimezone(ZoneInfo(get_settings().timezone)).date()


@lru_cache
def _visitor_key_salt() -> bytes:
    # A key of its own for hashing visitors, derived from the secret so it needs no setting
    # (read once: in development the secret is a file).
    secret = get_settings().signing_key().encode()
    return hashlib.blake2b(secret, digest_size=32, person=b"nd-views").digest()


def visitor_key(*, visitor_id: str | None, client_address: str, user_agent: str) -> str:
    """The visitor as counted: a keyed hash of the visitor id the page sent, or else of the
    client address and user agent. Raw ids and addresses are never stored."""
    salt = _visitor_key_salt()
    material = f"id\0{visitor_id}" if visitor_id else f"ip\0{client_address}\0{user_agent}"
    return hashlib.blake2b(material.encode(), digest_size=16, key=salt).hexdigest()


def window_of(moment: datetime) -> int:
    """The dedupe window an instant falls in: fixed windows counted from the Unix epoch."""
    return int(moment.timestamp()) // (get_settings().views_dedupe_minutes * 60)


def dialect_insert(session: Session, table: type) -> Any:
    """INSERT of the session's dialect (both have ON CONFLICT, with the same API)."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def ensure_visible(session: Session, *, article_id: int, now: datetime) -> None:
    """404 unless the article is live right now (drafts cannot be probed for)."""
    found = session.exec(
        select(ArticleLive.article_id).where(
            ArticleLive.article_id == article_id, visible_clause(now)
        )
    ).first()
    if found is None:
        raise NotFound("no such article")


def record_view(session: Session, *, article_id: int, visitor: str, now: datetime) -> bool:
    """Count one view of a live article unless this visitor was counted in this window;
    True when it counted. Three statements in the caller's transaction."""
    ensure_visible(session, article_id=article_id, now=now)
    seen = (
        dialect_insert(session, ViewSeen)
        .values(window_no=window_of(now), article_id=article_id, visitor=visitor)
        .on_conflict_do_nothing()
        # RETURNING, not rowcount: psycopg reports -1 for an INSERT ... ON CONFLICT.
        .returning(col(ViewSeen.article_id))
    )
    if session.execute(seen).first() is None:
        return False
    add_views(session, article_id=article_id, day=site_day(now), views=1)
    session.execute(
        update(Article)
        .where(col(Article.id) == article_id)
        .values(view_count=col(Article.view_count) + 1)
    )
    return True


def add_views(session: Session, *, article_id: int, day: date, views: int) -> None:
    stmt = dialect_insert(session, ViewDaily).values(article_id=article_id, day=day, views=views)
    stmt = stmt.on_conflict_do_update(
        index_elements=["article_id", "day"],
        set_={"views": col(ViewDaily.views) + stmt.excluded.views},
    )
    session.execute(stmt)


def prune_seen(session: Session, *, now: datetime) -> int:
    """Forget dedupe rows of windows that have ended (the current one is all that matters)."""
    result = session.execute(
        ViewSeen.__table__.delete().where(  # type: ignore[attr-defined]
            col(ViewSeen.window_no) < window_of(now)
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


# --- most-read ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MostRead:
    window: Window
    since: date | None  # first day counted (None: all time)
    until: date
    rows: Sequence[tuple[ArticleLive, int]]


def most_read(
    session: Session, *, window: Window, category: str | None, limit: int, now: datetime
) -> MostRead:
    """The live articles read most in a window, most views first, then newest id first.

    `day`, `week` and `month` sum the daily buckets of the last 1, 7 or 30 site-time-zone days
    (today included): one range of the (day, article_id, views) index. `all` is the stored
    total (imported history included), read through the (view_count, id) index."""
    today = site_day(now)
    since: date | None = None
    views: Any
    # Ids and counts first (a narrow query), then the ten rows: loading live versions inside
    # the ranking query would drag every candidate's prepared JSON through the join.
    if window is Window.all:
        views = col(Article.view_count)
        stmt = (
            sql_select(col(ArticleLive.article_id), views)
            .join(Article, col(Article.id) == ArticleLive.article_id)
            .where(views > 0)
        )
    else:
        since = today - timedelta(days=WINDOW_DAYS[window] - 1)
        totals = (
            select(ViewDaily.article_id, func.sum(ViewDaily.views).label("views"))
            .where(col(ViewDaily.day) >= since, col(ViewDaily.day) <= today)
            .group_by(col(ViewDaily.article_id))
            .subquery()
        )
        views = totals.c.views
        stmt = sql_select(col(ArticleLive.article_id), views).join(
            totals, totals.c.article_id == ArticleLive.article_id
        )
    stmt = stmt.where(visible_clause(now))
    if category is not None:
        stmt = stmt.where(col(ArticleLive.category_id).in_(taxonomy.subtree_ids(session, category)))
    stmt = stmt.order_by(views.desc(), col(ArticleLive.article_id).desc()).limit(limit)
    ranked = [(int(article_id), int(count)) for article_id, count in session.execute(stmt).all()]
    lives = {
        live.article_id: live
        for live in session.exec(
            select(ArticleLive)
            .where(col(ArticleLive.article_id).in_([a for a, _ in ranked]))
            .options(defer(ArticleLive.content_html), defer(ArticleLive.public_json))  # type: ignore[arg-type]
        )
    }
    rows = [(lives[article_id], count) for article_id, count in ranked]
    return MostRead(window=window, since=since, until=today, rows=rows)


@dataclass(frozen=True)
class PreparedRow:
    article_id: int
    views: int  # in the window
    list_json: str  # the list item prepared at publish time, without view_count
    view_count: int


@dataclass(frozen=True)
class PreparedMostRead:
    since: date | None
    until: date
    rows: list[PreparedRow]
    next_change_at: datetime | None


# The same ranking as `most_read`, as one statement of plain SQL: the top `limit` ids and counts
# in a subquery (narrow rows, so the sort does not carry list JSON), then their prepared list
# items. `all` orders by the article's own columns so the (view_count, id) index is walked.
_RANKED_WINDOW = (
    "SELECT l.article_id, t.views FROM (SELECT article_id, SUM(views) AS views FROM view_daily"
    " WHERE day >= {p} AND day <= {p} GROUP BY article_id) t"
    " JOIN article_live l ON l.article_id = t.article_id WHERE {visible}{category}"
    " ORDER BY t.views DESC, l.article_id DESC LIMIT {p}"
)
_RANKED_ALL = (
    "SELECT a.id AS article_id, a.view_count AS views FROM article a"
    " JOIN article_live l ON l.article_id = a.id WHERE a.view_count > 0 AND {visible}{category}"
    " ORDER BY a.view_count DESC, a.id DESC LIMIT {p}"
)
_PREPARED = (
    "SELECT r.article_id, r.views, l.list_json, a.view_count FROM ({ranked}) r"
    " JOIN article_live l ON l.article_id = r.article_id JOIN article a ON a.id = r.article_id"
    " ORDER BY r.views DESC, r.article_id DESC"
)


def _prepared_sql(*, windowed: bool, categories: int, p: str) -> str:
    category = f" AND l.category_id IN ({', '.join([p] * categories)})" if categories else ""
    ranked = (_RANKED_WINDOW if windowed else _RANKED_ALL).format(
        p=p, visible=hot.VISIBLE.format(p=p), category=category
    )
    return _PREPARED.format(ranked=ranked)


def most_read_prepared(
    connection: DriverConnection,
    *,
    window: Window,
    category_ids: Collection[int] | None,
    limit: int,
    now: datetime,
) -> PreparedMostRead | None:
    """`most_read` in two statements of plain SQL on a driver connection, with each article's
    prepared list item: None when a row has no prepared JSON yet (the caller then takes
    `most_read` and renders). Both give the same answer (tests/views/test_most_read.py)."""
    sqlite = connection.is_sqlite
    p = hot.placeholder(connection)
    today = site_day(now)
    since = None if window is Window.all else today - timedelta(days=WINDOW_DAYS[window] - 1)
    stamp = hot.driver_time(connection, now)
    params: list[Any] = []
    if since is not None:
        params += [since.isoformat(), today.isoformat()] if sqlite else [since, today]
    params += [stamp, stamp, *sorted(category_ids or ()), limit]
    sql = _prepared_sql(windowed=since is not None, categories=len(category_ids or ()), p=p)
    found = hot.fetch(connection, sql, tuple(params))
    if any(row[2] is None for row in found):
        return None
    return PreparedMostRead(
        since=since,
        until=today,
        rows=[PreparedRow(int(r[0]), int(r[1]), r[2], int(r[3])) for r in found],
        next_change_at=hot.next_change_at(connection, now),
    )


# --- staff stats -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    since: date
    until: date
    days: list[tuple[date, int]]  # every day of the range, zeros included
    period_views: int
    imported_views: int


def article_stats(
    session: Session, *, article_id: int, since: date | None, until: date | None, now: datetime
) -> Stats:
    """An article's views per site-time-zone day over a range (default: the last 30 days)."""
    until = until or site_day(now)
    since = since or until - timedelta(days=29)
    if since > until:
        raise InvalidInput("from must not be after to", loc=["from"])
    if (until - since).days + 1 > MAX_STATS_DAYS:
        raise InvalidInput(f"at most {MAX_STATS_DAYS} days at a time", loc=["from"])
    counted: dict[date, int] = dict(
        session.execute(
            sql_select(col(ViewDaily.day), col(ViewDaily.views)).where(
                col(ViewDaily.article_id) == article_id,
                col(ViewDaily.day) >= since,
                col(ViewDaily.day) <= until,
            )
        ).all()
    )
    days = [
        (day, counted.get(day, 0))
        for day in (since + timedelta(days=n) for n in range((until - since).days + 1))
    ]
    imported = session.get(ViewImport, article_id)
    return Stats(
        since=since,
        until=until,
        days=days,
        period_views=sum(v for _, v in days),
        imported_views=imported.views if imported else 0,
    )


# --- historical imports ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    imported: int
    unknown: list[str]


def import_views(session: Session, rows: Iterable[tuple[str, int]]) -> ImportResult:
    """Load historical totals (article id or old portal address, views). Each article's
    imported count replaces the one from an earlier import, so loading a file twice is harmless;
    views counted here since are kept."""
    imported, unknown = 0, []
    for ref, views in rows:
        article_id = resolve_article(session, ref)
        if article_id is None:
            unknown.append(ref)
            continue
        previous = session.get(ViewImport, article_id)
        delta = views - (previous.views if previous else 0)
        if previous is None:
            session.add(ViewImport(article_id=article_id, views=views))
        else:
            previous.views = views
            session.add(previous)
        session.execute(
            update(Article)
            .where(col(Article.id) == article_id)
            .values(view_count=col(Article.view_count) + delta)
        )
        imported += 1
    session.flush()
    return ImportResult(imported=imported, unknown=unknown)


def resolve_article(session: Session, ref: str) -> int | None:
    """An article id from an id or an address the article had on the old portal."""
    ref = ref.strip()
    if ref.isdigit():
        found = session.get(Article, int(ref))
        return found.id if found else None
    legacy = session.get(ArticleLegacyUrl, normalize_legacy_path(ref))
    return legacy.article_id if legacy else None
