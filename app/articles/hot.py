"""The hottest public read, an article's detail, at the database-driver level.

A detail is one indexed lookup of the JSON prepared at publish time. Through the ORM that lookup
costs ~250 µs of Python; through the driver ~15 µs (docs/performance.md), so this path speaks
plain SQL to a pooled DBAPI connection (app.core.db.request_driver_connection, which keeps the
test seam) and leaves anything unusual to the ORM path.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.articles.taxonomy import MAX_ROW_ID
from app.core.db import DriverConnection
from app.search.query import SearchQuery
from app.search.service import SEARCH_TABLE, published_by_bound, raw_tiers

# The detail's last change: its version's, or a later re-rendering of it (a category, tag or
# media edit), which the sync change log records (an index lookup by article).
_LAST_SYNC = "(SELECT max(s.changed_at) FROM sync_change s WHERE s.article_id = l.article_id)"
_CHANGED = {
    "?": f"max(l.updated_at, coalesce({_LAST_SYNC}, l.updated_at))",
    "%s": f"greatest(l.updated_at, {_LAST_SYNC})",
}
_COLUMNS = "l.article_id, l.public_json, {changed}, l.expire_at, a.view_count"
# Whether live row `l` is visible at the instant bound as {p} (twice): the one definition every
# driver-level read here and in app.views and app.related formats.
VISIBLE = "l.publish_at <= {p} AND (l.expire_at IS NULL OR l.expire_at > {p})"
_BY = {
    "id": "l.article_id = {p}",
    "slug": "l.slug = {p}",
}


@dataclass(frozen=True)
class HotDetail:
    article_id: int
    public_json: str
    updated_at: datetime  # the last change of what it shows (view count aside)
    expire_at: datetime | None
    view_count: int


def _sql(by: str, mark: str) -> str:
    return (
        f"SELECT {_COLUMNS.format(changed=_CHANGED[mark])}"
        " FROM article_live l JOIN article a ON a.id = l.article_id"
        f" WHERE {_BY[by].format(p=mark)} AND {VISIBLE.format(p=mark)}"
    )


_SQLITE = {by: _sql(by, "?") for by in _BY}
_POSTGRES = {by: _sql(by, "%s") for by in _BY}


def placeholder(connection: DriverConnection) -> str:
    """The driver's positional parameter mark."""
    return "?" if connection.is_sqlite else "%s"


def driver_time(connection: DriverConnection, value: datetime) -> Any:
    """An instant as the driver compares it: psycopg takes the value; on SQLite, text in the
    format SQLAlchemy stores DateTime with (UTC, no offset, always with microseconds), so
    comparisons are textual."""
    return _sqlite_time(value) if connection.is_sqlite else value


def _sqlite_time(value: datetime) -> str:
    # isoformat is a few times cheaper than strftime.
    text = value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    return text if value.microsecond else text + ".000000"


def aware(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    # SQLite hands back naive UTC; psycopg an aware value in the session's time zone.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def visible_detail(
    connection: DriverConnection, *, by: str, key: int | str, now: datetime
) -> HotDetail | None:
    """The prepared detail of a visible article by id or slug, or None when there is none
    (not visible, unknown, an old slug, or no prepared JSON yet): the caller then takes the
    ORM path, which knows about redirects and renders on the fly."""
    stamp = driver_time(connection, now)
    sql = (_SQLITE if connection.is_sqlite else _POSTGRES)[by]
    found = fetch(connection, sql, (key, stamp, stamp))
    row = found[0] if found else None
    if row is None or row[1] is None:
        return None
    updated_at = aware(row[2])
    assert updated_at is not None
    return HotDetail(int(row[0]), row[1], updated_at, aware(row[3]), int(row[4]))


def visible_now(connection: DriverConnection, *, article_id: int, now: datetime) -> bool:
    """Whether an article is live now (the view beacon's one read)."""
    p, stamp = placeholder(connection), driver_time(connection, now)
    sql = f"SELECT 1 FROM article_live l WHERE l.article_id = {p} AND {VISIBLE.format(p=p)}"
    return bool(fetch(connection, sql, (article_id, stamp, stamp)))


# ---------------------------------------------------------------- the plain list
# The most common list (newest first, optionally one category with its subcategories, first
# page or a keyset cursor, default fields) in three driver-level queries. Anything else, and
# anything unusual (an unknown category, a row without prepared JSON), is left to the ORM path
# in app.articles.listing, which also owns the error messages.


@dataclass(frozen=True)
class HotListRow:
    article_id: int
    # As the driver returns them (SQLite: text in one sortable format; PostgreSQL: datetime):
    # a page needs only the last publish time and the latest update, so only those are parsed.
    published_raw: Any
    updated_raw: Any
    list_json: str
    view_count: int

    @property
    def publish_at(self) -> datetime:
        return aware(self.published_raw)  # type: ignore[return-value]


@dataclass(frozen=True)
class HotList:
    rows: list[HotListRow]  # up to limit + 1: one more tells there is a next page
    times: "ChangeTimes"


def _category_tree(by_id: bool, p: str) -> str:
    # The category and everything below it; cycles cannot happen (the taxonomy refuses them).
    start = f"id = {p}" if by_id else f"slug = {p}"
    return (
        f"WITH RECURSIVE tree(id) AS (SELECT id FROM category WHERE {start}"
        " UNION SELECT c.id FROM category c JOIN tree t ON c.parent_id = t.id)"
        " SELECT id FROM tree"
    )


def _page_sql(*, categories: int, keyset: bool, p: str) -> str:
    """The ids (and publish times) of a page of the newest visible rows, over all categories
    or a few. With categories, each one is read newest first from its own (category_id,
    publish_at) index range, one page at most, and the pages merged: a single
    `category_id IN (...)` made SQLite collect and sort every row of those categories (200 ms
    for a big one). Only ids here: the wide columns are read for the page's rows alone."""
    where = [VISIBLE.format(p=p)]
    if keyset:
        where.append(f"(l.publish_at < {p} OR (l.publish_at = {p} AND l.article_id < {p}))")
    newest = (
        "SELECT l.article_id, l.publish_at FROM article_live l WHERE {where}"
        f" ORDER BY l.publish_at DESC, l.article_id DESC LIMIT {p}"
    )
    if categories:
        pages = " UNION ALL ".join(
            f"SELECT * FROM ({newest.format(where=' AND '.join([f'l.category_id = {p}', *where]))})"
            f" AS c{i}"
            for i in range(categories)
        )
    else:
        pages = newest.format(where=" AND ".join(where))
    return (
        f"SELECT u.article_id, u.publish_at FROM ({pages}) AS u"
        f" ORDER BY u.publish_at DESC, u.article_id DESC LIMIT {p}"
    )


def _entries_sql(count: int, p: str) -> str:
    marks = ", ".join([p] * count)
    return (
        "SELECT l.article_id, l.updated_at, l.list_json, a.view_count FROM article_live l"
        f" JOIN article a ON a.id = l.article_id WHERE l.article_id IN ({marks})"
    )


def _next_change_columns(p: str) -> str:
    """The next go-live and the next expiry after `p` as two columns (uncorrelated, so both
    engines compute them once per statement, whatever the rows)."""
    return (
        f"(SELECT min(publish_at) FROM article_live WHERE publish_at > {p}),"
        f" (SELECT min(expire_at) FROM article_live WHERE expire_at > {p})"
    )


def _earliest(instants: Sequence[Any]) -> datetime | None:
    found = [t for t in map(aware, instants) if t is not None]
    return min(found) if found else None


def next_change_at(connection: DriverConnection, now: datetime) -> datetime | None:
    """The next go-live or expiry after `now` (app.articles.live.next_change_at, in plain SQL):
    list caches must not outlive it."""
    p, stamp = placeholder(connection), driver_time(connection, now)
    return _earliest(fetch(connection, f"SELECT {_next_change_columns(p)}", (stamp, stamp))[0])


# The latest instant anything public changed (app.articles.live.last_change_at, in plain SQL),
# each an index lookup: a change to a live version (its sync change-log entry: publish, edit,
# withdrawal, re-rendering), a go-live or expiry by time, a category edit.
_LAST_CHANGE_COLUMNS = (
    "(SELECT max(changed_at) FROM sync_change),"
    " (SELECT max(publish_at) FROM article_live WHERE publish_at <= {p}),"
    " (SELECT max(expire_at) FROM article_live WHERE expire_at <= {p}),"
    " (SELECT max(updated_at) FROM category)"
)


def _latest(instants: Sequence[Any]) -> datetime | None:
    found = [t for t in map(aware, instants) if t is not None]
    return max(found) if found else None


@dataclass(frozen=True)
class ChangeTimes:
    next_change_at: datetime | None  # the next go-live or expiry: caches must not outlive it
    last_change_at: datetime | None  # what Last-Modified says


def change_times(connection: DriverConnection, now: datetime) -> ChangeTimes:
    """The next and the last instant what the public sees changes, in one round trip."""
    p, stamp = placeholder(connection), driver_time(connection, now)
    sql = f"SELECT {_next_change_columns(p)}, {_LAST_CHANGE_COLUMNS.format(p=p)}"
    row = fetch(connection, sql, (stamp,) * 4)[0]
    return ChangeTimes(_earliest(row[:2]), _latest(row[2:]))


def fetch(
    connection: DriverConnection, sql: str, params: tuple[Any, ...] | Mapping[str, Any]
) -> list[Any]:
    cursor = connection.dbapi.cursor()
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def visible_list(
    connection: DriverConnection,
    *,
    category: str | None,
    after: tuple[datetime, int] | None,
    limit: int,
    now: datetime,
) -> HotList | None:
    """A page of the newest visible articles (one more row than `limit`), or None to leave the
    request to the ORM path."""
    p, stamp = placeholder(connection), driver_time(connection, now)
    category_ids: list[int] = []
    if category is not None:
        by_id = category.isdigit()
        if by_id and int(category) > MAX_ROW_ID:
            return None
        key: Any = int(category) if by_id else category
        category_ids = [row[0] for row in fetch(connection, _category_tree(by_id, p), (key,))]
        if not category_ids:
            return None  # unknown: the ORM path answers the 404
    # Each page's parameters: [category], visibility, [keyset], its limit.
    page_params: list[Any] = [stamp, stamp]
    if after is not None:
        published = driver_time(connection, after[0])
        page_params += [published, published, after[1]]
    page_params.append(limit + 1)
    params: list[Any] = (
        [value for cid in category_ids for value in (cid, *page_params)]
        if category_ids
        else page_params
    )
    sql = _page_sql(categories=len(category_ids), keyset=after is not None, p=p)
    page = fetch(connection, sql, (*params, limit + 1))
    entries = {
        row[0]: row
        for row in (
            fetch(connection, _entries_sql(len(page), p), tuple(r[0] for r in page)) if page else []
        )
    }
    if len(entries) != len(page) or any(row[2] is None for row in entries.values()):
        # Withdrawn between the two reads, or published before prepared list JSON existed:
        # the ORM path answers.
        return None
    rows = [
        HotListRow(
            int(article_id),
            published,
            entries[article_id][1],
            entries[article_id][2],
            int(entries[article_id][3]),
        )
        for article_id, published in page
    ]
    return HotList(rows, change_times(connection, now))


# ---------------------------------------------------------------- search, relevance order
# The default search page (`q` alone: relevance, prepared list JSON, a snippet per item) with the
# tiers of app.search.service read straight from the index, newest first within a tier, as
# app.articles.listing._ranked does through the ORM.


@dataclass(frozen=True)
class HotSearchRow:
    article_id: int
    updated_raw: Any  # as in HotListRow
    list_json: str
    view_count: int
    summary: str


def _search_sql(tier: str, *, postgres: bool) -> str:
    if postgres:
        join, key = "article_search.article_id = l.article_id", "article_search.search_key"
    else:
        join, key = "article_search.rowid = l.search_key", "article_search.rowid"
    # The next change rides along with the matches: one round trip less per search.
    sql = (
        "SELECT l.article_id, l.updated_at, l.list_json, a.view_count, l.summary,"
        f" {_next_change_columns(':now')}, {_LAST_CHANGE_COLUMNS.format(p=':now')}"
        f" FROM article_live l JOIN {SEARCH_TABLE} ON {join} JOIN article a ON a.id = l.article_id"
        f" WHERE {VISIBLE.format(p=':now')} AND {tier} AND {key} < :bound"
        f" ORDER BY {key} DESC LIMIT :wanted"
    )
    # psycopg spells named parameters %(name)s; sqlite3 :name.
    return re.sub(r":(\w+)", r"%(\1)s", sql) if postgres else sql


def visible_search(
    connection: DriverConnection, query: SearchQuery, *, offset: int, limit: int, now: datetime
) -> tuple[list[HotSearchRow], ChangeTimes] | None:
    """Rows `offset` to `offset + limit` (one more when there is a next page) of the matches
    of `query` in relevance order, and the next and last instants visibility changes; None to
    leave the request to the ORM path (a row without prepared list JSON)."""
    postgres = not connection.is_sqlite
    stamp = driver_time(connection, now)
    wanted = offset + limit + 1
    found: list[Any] = []
    for tier in raw_tiers(postgres, query):
        if len(found) >= wanted:
            break
        params = {**tier.params, "now": stamp, "bound": published_by_bound(now)}
        params["wanted"] = wanted - len(found)
        found += fetch(connection, _search_sql(tier.sql, postgres=postgres), params)
    if any(row[2] is None for row in found):
        return None
    rows = [HotSearchRow(int(r[0]), r[1], r[2], int(r[3]), r[4]) for r in found[offset:]]
    if not found:
        return rows, change_times(connection, now)
    return rows, ChangeTimes(_earliest(found[0][5:7]), _latest(found[0][7:11]))


def bodies(connection: DriverConnection, article_ids: list[int]) -> dict[int, str]:
    """The live HTML bodies of some articles (snippets fall back to the body)."""
    if not article_ids:
        return {}
    marks = ", ".join([placeholder(connection)] * len(article_ids))
    sql = f"SELECT article_id, content_html FROM article_live WHERE article_id IN ({marks})"
    return {int(r[0]): r[1] for r in fetch(connection, sql, tuple(article_ids))}
