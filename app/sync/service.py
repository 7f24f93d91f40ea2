"""The sync feed: the initial listing of live articles, then the change log after a cursor.

How the log is numbered so that no change is ever skipped: app/sync/changelog.py.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

import orjson
from pydantic import Field, TypeAdapter
from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from app.articles.live import visible_clause
from app.articles.models import Article, ArticleLive
from app.articles.presenters import with_view_count
from app.core.config import get_settings
from app.core.db import utcnow
from app.core.errors import NewsdeskError
from app.core.pagination import RowId, decode_cursor, encode_cursor
from app.sync.models import SyncChange, SyncClock

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
_INITIAL, _CHANGES = "i", "c"
# [phase, clock value, last article id of the initial listing]; the clock is a BIGINT.
_CURSOR: TypeAdapter[tuple[str, int, int]] = TypeAdapter(
    tuple[Literal["i", "c"], Annotated[int, Field(ge=0, lt=2**63)], RowId]
)


class CursorExpired(NewsdeskError):
    status_code, problem, title = 410, "sync-cursor-expired", "Sync cursor expired"


@dataclass
class SyncPage:
    upserted: list[bytes] = field(default_factory=list)  # public detail JSON, ready to embed
    deleted: list[dict[str, Any]] = field(default_factory=list)
    next_cursor: str = ""
    has_more: bool = False


@dataclass(frozen=True)
class _Clock:
    value: int
    pruned_through: int


def _clock(session: Session) -> _Clock:
    """The clock as committed now (a fresh read, never the session's cached row)."""
    value, pruned_through = session.exec(
        select(SyncClock.value, SyncClock.pruned_through).where(SyncClock.id == 1)
    ).one()  # the migration inserts the row
    return _Clock(value, pruned_through)


def _check_retained(clock: _Clock, seq: int) -> None:
    if seq < clock.pruned_through or seq > clock.value:
        # Older than the retention window, or from before a restore: only a resync is safe.
        raise CursorExpired(
            "this cursor is older than the change log keeps (or unknown to this server); "
            "discard your mirror and sync again without a cursor",
            extensions={"resync": True},
        )


def _visible_json(session: Session, ids: list[int], now: datetime) -> dict[int, bytes]:
    rows = session.exec(
        select(ArticleLive.article_id, ArticleLive.public_json, Article.view_count)
        .join(Article, col(Article.id) == col(ArticleLive.article_id))
        .where(col(ArticleLive.article_id).in_(ids), visible_clause(now))
    ).all()
    return {
        article_id: with_view_count(public_json, views)
        for article_id, public_json, views in rows
        if public_json is not None
    }


def read_page(session: Session, *, cursor: str | None, limit: int = DEFAULT_LIMIT) -> SyncPage:
    """One page of the feed: the initial listing of live articles, then the changes."""
    if cursor is None:
        return _initial_page(session, since=_clock(session).value, after_id=0, limit=limit)
    phase, seq, after_id = decode_cursor(cursor, _CURSOR)
    if phase == _INITIAL:
        _check_retained(_clock(session), seq)
        return _initial_page(session, since=seq, after_id=after_id, limit=limit)
    return _changes_page(session, since=seq, limit=limit)


def _initial_page(session: Session, *, since: int, after_id: int, limit: int) -> SyncPage:
    """Live articles by id. `since` is the clock when the initial sync began: every change
    after it is replayed from the log afterwards, so articles that change during a long
    initial sync end up right whichever page they were on."""
    now = utcnow()
    rows = session.exec(
        select(ArticleLive.article_id, ArticleLive.public_json, Article.view_count)
        .join(Article, col(Article.id) == col(ArticleLive.article_id))
        .where(visible_clause(now), col(ArticleLive.article_id) > after_id)
        .order_by(col(ArticleLive.article_id))
        .limit(limit + 1)
    ).all()
    page = SyncPage()
    for _, public_json, views in rows[:limit]:
        if public_json is not None:
            page.upserted.append(with_view_count(public_json, views))
    if len(rows) > limit:
        page.next_cursor = encode_cursor(_INITIAL, since, rows[limit - 1][0])
        page.has_more = True
    else:
        page.next_cursor = encode_cursor(_CHANGES, since, 0)
        page.has_more = _clock(session).value > since
    return page


def _changes_page(session: Session, *, since: int, limit: int) -> SyncPage:
    """The changes after `since`, in commit order, each article once at its latest state."""
    entries = session.exec(
        select(SyncChange.seq, SyncChange.article_id, SyncChange.changed_at)
        .where(col(SyncChange.seq) > since)
        .order_by(col(SyncChange.seq))
        .limit(limit + 1)
    ).all()
    # Checked after reading: a prune that committed before the read shows here, so entries
    # it removed from under this cursor are reported as an expired cursor, never skipped.
    _check_retained(_clock(session), since)
    taken = entries[:limit]
    # Repeated changes to one article collapse into its latest state, placed at its last change.
    latest: dict[int, datetime] = {}
    for _, article_id, changed_at in taken:
        latest.pop(article_id, None)
        latest[article_id] = changed_at
    # The state is read after the entries, so it is at least as new as the last entry read.
    visible = _visible_json(session, list(latest), utcnow())
    page = SyncPage(has_more=len(entries) > limit)
    for article_id, changed_at in latest.items():
        if article_id in visible:
            page.upserted.append(visible[article_id])
        else:
            page.deleted.append({"id": article_id, "deleted_at": _rfc3339(changed_at)})
    page.next_cursor = encode_cursor(_CHANGES, taken[-1][0] if taken else since, 0)
    return page


def _rfc3339(instant: datetime) -> str:
    """UTC with a `Z`, as every other timestamp of the API is written."""
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def page_json(page: SyncPage) -> bytes:
    """The response body; upserted items are embedded as prepared, never re-serialized."""
    return orjson.dumps(
        {
            "upserted": [orjson.Fragment(item) for item in page.upserted],
            "deleted": page.deleted,
            "next_cursor": page.next_cursor,
            "has_more": page.has_more,
        }
    )


def prune(session: Session, *, now: datetime | None = None) -> int:
    """Drop entries older than NEWSDESK_SYNC_RETENTION_DAYS (0 keeps all); cursors from
    before the cut then get 410. Returns how many entries went."""
    days = get_settings().sync_retention_days
    if days <= 0:
        return 0
    cutoff = (now or utcnow()) - timedelta(days=days)
    through = session.exec(
        select(func.max(SyncChange.seq)).where(col(SyncChange.changed_at) < cutoff)
    ).one()
    if through is None:
        return 0
    result = session.execute(delete(SyncChange).where(col(SyncChange.seq) <= through))
    session.execute(
        update(SyncClock)
        .where(col(SyncClock.id) == 1, col(SyncClock.pruned_through) < through)
        .values(pruned_through=through)
    )
    session.flush()
    return int(result.rowcount)  # type: ignore[attr-defined]
