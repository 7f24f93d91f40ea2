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
Asking costs one PRAGMA (~3 µs) on SQLite, one round trip on PostgreSQL (a list is four), which
the event loop makes itself, shared by the requests waiting at the time (`ServerSnapshots`), so
a kept answer needs no hop to a reader thread. Tests that join the test's transaction keep nothing
(their connection writes too).
"""

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Hashable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

import psycopg
from sqlalchemy.engine import make_url
from starlette.requests import Request
from starlette.responses import Response

from app.core.config import get_settings
from app.core.db import DriverConnection, get_engine, kept_connections_in_use
from app.core.http import cached_bytes, public_cache_control
from app.core.pagination import next_link


@dataclass(frozen=True)
class Answer:
    body: bytes
    etag: str
    last_modified: datetime | None
    valid_until: datetime | None  # the next go-live or expiry it depends on; None: none due
    next_cursor: str | None = None  # a list page's
    # Its compressed copies by coding, made on the first request that asks (app.core.http).
    encoded: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)


def answer_response(request: Request, answer: Answer, now: datetime) -> Response:
    """The response of a public read from its answer (read now or kept): a list page, a
    detail or a related list."""
    return cached_bytes(
        request,
        answer.body,
        media_type="application/json",
        etag=answer.etag,
        headers=next_link(request, answer.next_cursor),
        cache_control=public_cache_control(now, answer.valid_until),
        last_modified=answer.last_modified,
        read_at=now,  # a kept answer is checked current before it is served
        encoded=answer.encoded,
    )


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
    list page is ~20 KB, a detail ~3 KB, so ~800 pages or ~5,000 details). Only identity
    bytes are counted: the compressed copies kept with an answer asked compressed add a
    quarter or less (JSON compresses to 15-25%)."""

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

_SNAPSHOT = "SELECT pg_current_snapshot()::text"


class ServerSnapshots:
    """PostgreSQL's current snapshot, asked from the event loop on one connection of its own
    (autocommit, non-blocking): the check a kept answer needs, without the hop to a reader
    thread. Asked in rounds: every request waiting when a round starts shares its answer, and
    a round starts only after each of its waiters arrived, so no request gets a snapshot older
    than itself, while under load one query serves many requests. A connection that fails is
    closed and that round reports None (the reader thread then answers, asking on its own)."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self._connection: psycopg.AsyncConnection[Any] | None = None
        self._next_round: asyncio.Future[tuple[int, Any] | None] | None = None
        self._rounds: asyncio.Task[None] | None = None

    async def current(self) -> tuple[int, Any] | None:
        if self._next_round is None:
            self._next_round = asyncio.get_running_loop().create_future()
        next_round = self._next_round
        if self._rounds is None or self._rounds.done():
            self._rounds = asyncio.create_task(self._run_rounds())
        # Shielded: a request that goes away must not cancel the others' answer.
        return await asyncio.shield(next_round)

    async def _run_rounds(self) -> None:
        while self._next_round is not None:
            this_round, self._next_round = self._next_round, None
            try:
                found = await self._ask()
            except BaseException:
                this_round.set_result(None)
                if self._next_round is not None:
                    self._next_round.set_result(None)
                    self._next_round = None
                await self._drop()
                raise
            this_round.set_result(found)

    async def _ask(self) -> tuple[int, Any] | None:
        try:
            if self._connection is None:
                self._connection = await psycopg.AsyncConnection.connect(
                    self.conninfo, autocommit=True
                )
            cursor = await self._connection.execute(_SNAPSHOT)
            row = await cursor.fetchone()
        except psycopg.Error:
            await self._drop()
            return None
        return (0, row[0]) if row else None  # as commit_count gives it

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with suppress(Exception):  # already broken
                await connection.close()


_snapshots: WeakKeyDictionary[asyncio.AbstractEventLoop, ServerSnapshots] = WeakKeyDictionary()


async def kept_answer_from_the_loop(key: Hashable, now: datetime) -> Answer | None:
    """On PostgreSQL, the kept answer for `key` if it is still current, checked from the event
    loop; None otherwise (and always on SQLite, where the check is a local call anyway)."""
    if get_settings().is_sqlite or not kept_connections_in_use():
        return None
    loop = asyncio.get_running_loop()
    snapshots = _snapshots.get(loop)
    if snapshots is None:
        url = make_url(get_engine().url).set(drivername="postgresql")
        conninfo = url.render_as_string(hide_password=False)
        snapshots = _snapshots[loop] = ServerSnapshots(conninfo)
    return ANSWERS.get(key, await snapshots.current(), now)
