"""The hottest public read, an article's detail, at the database-driver level.

A detail is one indexed lookup of the JSON prepared at publish time. Through the ORM that lookup
costs ~250 µs of Python; through the driver ~15 µs (docs/performance.md), so this path speaks
plain SQL to a pooled DBAPI connection (app.core.db.request_driver_connection, which keeps the
test seam) and leaves anything unusual to the ORM path.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.core.db import DriverConnection

_COLUMNS = "l.article_id, l.public_json, l.updated_at, l.expire_at, a.view_count"
_VISIBLE = "l.publish_at <= {p} AND (l.expire_at IS NULL OR l.expire_at > {p})"
_BY = {
    "id": "l.article_id = {p}",
    "slug": "l.slug = {p}",
}


@dataclass(frozen=True)
class HotDetail:
    article_id: int
    public_json: str
    updated_at: datetime
    expire_at: datetime | None
    view_count: int


def _sql(by: str, placeholder: str) -> str:
    return (
        f"SELECT {_COLUMNS} FROM article_live l JOIN article a ON a.id = l.article_id"
        f" WHERE {_BY[by].format(p=placeholder)} AND {_VISIBLE.format(p=placeholder)}"
    )


_SQLITE = {by: _sql(by, "?") for by in _BY}
_POSTGRES = {by: _sql(by, "%s") for by in _BY}


def _sqlite_time(value: datetime) -> str:
    # How SQLAlchemy stores DateTime on SQLite (UTC, no offset), so comparisons are textual.
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _aware(value: Any) -> datetime | None:
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
    params: tuple[Any, ...]
    if connection.is_sqlite:
        stamp = _sqlite_time(now)
        sql, params = _SQLITE[by], (key, stamp, stamp)
    else:
        sql, params = _POSTGRES[by], (key, now, now)
    cursor = connection.dbapi.cursor()
    try:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    finally:
        cursor.close()
    if row is None or row[1] is None:
        return None
    updated_at = _aware(row[2])
    assert updated_at is not None
    return HotDetail(int(row[0]), row[1], updated_at, _aware(row[3]), int(row[4]))
