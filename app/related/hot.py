"""The public related list at the database-driver level, as app.articles.hot does the detail.

Through the ORM the read costs ~6 ms of Python statement building for three small indexed
queries (docs/performance.md); here it is the same queries as plain SQL on the request's
driver connection. Anything unusual (the article not visible: a 404 with its explanation; an
entry without prepared list JSON) is left to the ORM path in app.related.service, and
tests/related/test_related.py checks both answer byte for byte alike.
"""

from datetime import datetime

# The detail's fast path owns these (visibility, the driver's time format, fetching, caching).
from app.articles.hot import (
    VISIBLE,
    driver_time,
    fetch,
    next_change_at,
    placeholder,
    visible_now,
)
from app.core.db import DriverConnection
from app.related.service import entry

_SHOWN = "l.article_id, l.list_json, a.view_count"


def _picks_sql(p: str) -> str:
    return (
        f"SELECT {_SHOWN} FROM article_live_related r"
        " JOIN article_live l ON l.article_id = r.related_id JOIN article a ON a.id = l.article_id"
        f" WHERE r.article_id = {p} AND l.article_id != {p} AND {VISIBLE.format(p=p)}"
        f" ORDER BY r.position LIMIT {p}"
    )


def _similar_sql(p: str, excluded: int) -> str:
    return (
        f"SELECT {_SHOWN}, s.score FROM related_suggestion s"
        " JOIN article_live l ON l.article_id = s.related_id JOIN article a ON a.id = l.article_id"
        f" WHERE s.article_id = {p} AND l.article_id NOT IN ({', '.join([p] * excluded)})"
        f" AND {VISIBLE.format(p=p)} ORDER BY s.score DESC, l.article_id DESC LIMIT {p}"
    )


def visible_related(
    connection: DriverConnection, *, article_id: int, limit: int, now: datetime
) -> tuple[bytes, datetime | None] | None:
    """The body of `GET /v1/articles/{id}/related` and the next instant the visible set
    changes, or None to leave the request to the ORM path."""
    if not visible_now(connection, article_id=article_id, now=now):
        return None
    p, stamp = placeholder(connection), driver_time(connection, now)
    picks = fetch(connection, _picks_sql(p), (article_id, article_id, stamp, stamp, limit))
    rows: list[tuple[int, str | None, int, float | None]] = [(a, j, v, None) for a, j, v in picks]
    if len(rows) < limit:
        excluded = [r[0] for r in rows] or [article_id]
        params = (article_id, *excluded, stamp, stamp, limit - len(rows))
        rows += [
            (a, j, v, float(s))
            for a, j, v, s in fetch(connection, _similar_sql(p, len(excluded)), params)
        ]
    entries = []
    for _, list_json, view_count, score in rows:
        if list_json is None:
            return None  # published before prepared list JSON existed: rendered on the fly
        entries.append(entry(list_json, view_count, score))
    return b'{"items":[' + b",".join(entries) + b"]}", next_change_at(connection, now)
