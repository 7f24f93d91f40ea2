"""The change log integrators sync from: one entry per change to what the public sees.

Writers call `record_changes` in the transaction that changes what the public sees. It takes
the next numbers from the single `sync_clock` row with `UPDATE … RETURNING`, which locks that
row until the transaction ends: a second writer waits there, so it can only get a larger
number after the first has committed (or rolled back, which also returns its numbers). The
committed entries are therefore always a gap-free prefix of `seq`, and a reader that has
seen `seq` N has seen every change numbered up to N: a cursor never skips a late commit. On
SQLite writers are serialized anyway (BEGIN IMMEDIATE); the same code runs on both engines.
"""

from collections.abc import Iterable

from sqlalchemy import insert, update
from sqlmodel import Session, col

from app.core.db import utcnow
from app.sync.models import SyncChange, SyncClock


def record_changes(session: Session, article_ids: Iterable[int]) -> None:
    """Append one change-log entry per article, numbered under the clock lock (see above)."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    last = session.execute(
        update(SyncClock)
        .where(col(SyncClock.id) == 1)
        .values(value=col(SyncClock.value) + len(ids))
        .returning(col(SyncClock.value))
    ).scalar_one()
    now = utcnow()
    first = last - len(ids) + 1
    # Rows, not ORM objects: bulk writes (imports, seeding) record thousands at once, and an
    # object cost ~60 µs here.
    session.execute(
        insert(SyncChange),
        [
            {"seq": first + i, "article_id": article_id, "changed_at": now}
            for i, article_id in enumerate(ids)
        ],
    )


def hold_clock(session: Session) -> None:
    """Take the clock's lock until the transaction ends without taking a number (for other
    outboxes that must be ordered like the change log: webhook deliveries)."""
    session.execute(
        update(SyncClock).where(col(SyncClock.id) == 1).values(value=col(SyncClock.value))
    )
