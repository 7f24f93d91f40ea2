"""The beacon's write buffer: accepted views wait in memory and are written in one transaction
per flush interval (NEWSDESK_VIEWS_FLUSH_SECONDS), instead of one write transaction per beacon.

Why: on SQLite every write transaction takes the database's one write lock, and 64 concurrent
beacons queued on it (SQLite's busy handler sleeps and retries) gave ~90 beacons/s; one flush a
second per process writes the same views with one lock. Exactness is kept because the flush does
what a single beacon did, in one transaction: insert the dedupe rows (ON CONFLICT DO NOTHING,
so a view another process already counted is dropped here), then add exactly the rows that were
new to the daily buckets and to `article.view_count`. A flush that fails is rolled back whole
and its views go back into the buffer for the next attempt; one that committed but reported a
failure is harmless to retry, since its dedupe rows now exist.

Loss bound: a graceful stop (SIGTERM: uvicorn finishes its requests, then the lifespan stops the
flusher, which flushes) loses nothing; a crash (SIGKILL, power loss) loses the views accepted
since the last flush, at most one flush interval's worth.
"""

import logging
import threading
from collections import Counter
from collections.abc import Mapping
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session

from app.core.db import open_session

log = logging.getLogger("newsdesk.views")

# (window number, article id, visitor hash) -> the site-time-zone day it was seen on
ViewKey = tuple[int, int, str]
_INSERT_CHUNK = 300  # rows per INSERT (3 parameters each, far below SQLite's 32,766)


class ViewBuffer:
    """Views accepted by this process and not yet written. Repeats within the process are
    merged here already; repeats across processes are dropped by the flush."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[ViewKey, date] = {}

    def add(self, *, window_no: int, article_id: int, visitor: str, day: date) -> None:
        with self._lock:
            self._pending.setdefault((window_no, article_id, visitor), day)

    def take(self) -> dict[ViewKey, date]:
        with self._lock:
            pending, self._pending = self._pending, {}
        return pending

    def put_back(self, pending: Mapping[ViewKey, date]) -> None:
        with self._lock:
            for key, day in pending.items():
                self._pending.setdefault(key, day)

    def __len__(self) -> int:
        return len(self._pending)


BUFFER = ViewBuffer()


def write_views(session: Session, pending: Mapping[ViewKey, date]) -> int:
    """Write buffered views in the caller's transaction; returns how many were new (counted).

    Plain SQL on the session's connection: SQLAlchemy compiling a fresh 300-row INSERT per chunk
    and one statement per article cost ~250 ms of CPU for 1,000 views, all of it holding the GIL
    the event loop needs (the beacon's p99); this way it is a few ms. Rows are written in key
    order, so two processes flushing at once on PostgreSQL take their row locks in the same
    order and cannot deadlock."""
    if not pending:
        return 0
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    p = "?" if sqlite else "%s"
    keys = sorted(pending)
    article_ids = sorted({article_id for _, article_id, _ in keys})
    # An article purged since its beacon was accepted has nowhere to count.
    existing: set[int] = set()
    for start in range(0, len(article_ids), _INSERT_CHUNK):
        chunk_ids = article_ids[start : start + _INSERT_CHUNK]
        marks = ", ".join([p] * len(chunk_ids))
        found = connection.exec_driver_sql(
            f"SELECT id FROM article WHERE id IN ({marks})", tuple(chunk_ids)
        )
        existing.update(int(row[0]) for row in found)
    keys = [key for key in keys if key[1] in existing]
    new: list[ViewKey] = []
    for start in range(0, len(keys), _INSERT_CHUNK):
        chunk = keys[start : start + _INSERT_CHUNK]
        rows = ", ".join([f"({p}, {p}, {p})"] * len(chunk))
        inserted = connection.exec_driver_sql(
            f"INSERT INTO view_seen (window_no, article_id, visitor) VALUES {rows}"
            " ON CONFLICT DO NOTHING RETURNING window_no, article_id, visitor",
            tuple(value for key in chunk for value in key),
        )
        new.extend((int(w), int(a), str(v)) for w, a, v in inserted)
    if not new:
        return 0
    by_day = Counter((key[1], pending[key]) for key in new)
    connection.exec_driver_sql(
        f"INSERT INTO view_daily (article_id, day, views) VALUES ({p}, {p}, {p})"
        " ON CONFLICT (article_id, day) DO UPDATE SET views = view_daily.views + excluded.views",
        [
            (article_id, day.isoformat() if sqlite else day, views)
            for (article_id, day), views in sorted(by_day.items())
        ],
    )
    connection.exec_driver_sql(
        f"UPDATE article SET view_count = view_count + {p} WHERE id = {p}",
        [(views, article_id) for article_id, views in sorted(Counter(k[1] for k in new).items())],
    )
    return len(new)


def flush(buffer: ViewBuffer = BUFFER, engine: Engine | None = None) -> int:
    """Write what the buffer holds in one transaction; on failure keep it for the next flush."""
    pending = buffer.take()
    if not pending:
        return 0
    try:
        with open_session(write=True, engine=engine) as session:
            counted = write_views(session, pending)
            session.commit()
    except Exception:
        buffer.put_back(pending)
        log.exception("view flush failed; kept for the next one", extra={"views": len(pending)})
        return 0
    return counted


class Flusher:
    """Flushes the buffer every `interval` seconds on a daemon thread, and once more on stop."""

    def __init__(self, interval: float, buffer: ViewBuffer = BUFFER) -> None:
        self.interval = interval
        self.buffer = buffer
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="newsdesk-views", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 30)
        flush(self.buffer)
        if len(self.buffer):
            log.error("views lost at shutdown", extra={"views": len(self.buffer)})

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            flush(self.buffer)
