"""Answers of the hottest public reads, kept in memory for as long as they cannot have changed.

A kept answer is reused only while both hold:
- nothing was committed to the database since it was read. On SQLite, `PRAGMA data_version`
  asked on the connection that reads changes with every commit of any other connection, in
  this process or another (a worker, a CLI job, the view flusher), and the reading connection
  itself never writes (app.core.db's kept connections). On PostgreSQL, the reading
  connection's `pg_current_snapshot()`: two equal snapshots see exactly the same committed
  data (a commit moves the snapshot's xmax or empties its in-progress list), so an unchanged
  snapshot means an unchanged answer;
- the clock is before the next instant the answer could change by time alone (the next go-live
  or expiry it was read under).
So an answer served from here is byte for byte what the database would answer at that moment.
Asking costs one PRAGMA (~3 µs) on SQLite, one round trip on PostgreSQL (a list is four).
Tests that join the test's transaction keep nothing (their connection writes too).
"""

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.core.config import get_settings
from app.core.db import DriverConnection


@dataclass(frozen=True)
class Answer:
    body: bytes
    etag: str
    last_modified: datetime | None
    valid_until: datetime | None  # the next go-live or expiry it depends on; None: none due
    extra: Any = None  # what else the caller needs to answer (a list's next cursor)


def commit_count(connection: DriverConnection) -> tuple[int, Any] | None:
    """Something that changes whenever anything is committed, or None when there is nothing
    to trust (a connection that may write itself). SQLite's count is the connection's own, so
    it comes with the connection's number; PostgreSQL's snapshot is the server's, the same
    whichever connection asks. Ask before reading: a commit made while reading then shows as
    a change next time instead of being missed."""
    if not connection.kept:
        return None
    sql = "PRAGMA data_version" if connection.is_sqlite else "SELECT pg_current_snapshot()::text"
    cursor = connection.dbapi.cursor()
    try:
        cursor.execute(sql)
        return connection.kept if connection.is_sqlite else 0, cursor.fetchone()[0]
    finally:
        cursor.close()


class AnswerCache:
    """Answers by key, each with the commit count it was read at; least recently used out
    once their bodies hold more than `max_bytes` (NEWSDESK_READ_CACHE_BYTES, default 16 MB: a
    list page is ~20 KB, a detail ~3 KB, so ~800 pages or ~5,000 details)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[Hashable, Answer]] = OrderedDict()
        self._bytes = 0
        # Reads run on the event loop on SQLite, but a declared route may run in a thread.
        self._lock = threading.Lock()

    def get(self, key: Hashable, commits: Hashable | None, now: datetime) -> Answer | None:
        if commits is None:
            return None
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            seen, answer = found
            if seen != commits or (answer.valid_until is not None and now >= answer.valid_until):
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return answer

    def put(self, key: Hashable, commits: Hashable | None, answer: Answer) -> None:
        """Keep an answer read after `commits` was taken."""
        if commits is None or len(answer.body) > self.max_bytes:  # (or keeping is off)
            return
        with self._lock:
            self._drop(key)
            self._entries[key] = (commits, answer)
            self._bytes += len(answer.body)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: Hashable) -> None:
        found = self._entries.pop(key, None)
        if found is not None:
            self._bytes -= len(found[1].body)


ANSWERS = AnswerCache(get_settings().read_cache_bytes)
