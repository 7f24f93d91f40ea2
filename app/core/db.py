"""Engines, the constraint naming convention and the per-request session.

The app is synchronous end to end (see docs/architecture.md for the measurement behind that):
FastAPI runs `def` handlers in its threadpool, each with one pooled connection.
"""

import asyncio
import contextvars
import itertools
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel

from app.core.config import get_settings

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata

# Execution option that makes a SQLite transaction take the write lock up front (BEGIN IMMEDIATE).
# A deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another
# writer committed in between; taking the lock first makes writers queue on busy_timeout instead.
WRITE_OPTION = "newsdesk_write"


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp, stored in UTC on both engines.

    SQLite has no timezone type and hands back naive values; this makes every `*_at`
    attribute an aware UTC datetime whatever the engine.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy (pysqlite's own BEGIN handling breaks
        # savepoints and cannot do BEGIN IMMEDIATE).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(WRITE_OPTION):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine configured the way Newsdesk needs it on either backend."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 10},
            pool_size=20,
            max_overflow=20,
            **kwargs,
        )
        _configure_sqlite(engine)
        return engine
    # Up to 40 requests run at once in the threadpool; each must find a connection.
    return create_engine(url, pool_pre_ping=True, pool_size=20, max_overflow=20, **kwargs)


def ensure_sqlite_folder(url: str) -> None:
    """SQLite creates the file but not its folder (var/ on a fresh clone)."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


@lru_cache
def get_engine() -> Engine:
    url = get_settings().database_url
    ensure_sqlite_folder(url)
    return make_engine(url)


def open_session(*, write: bool = False, engine: Engine | None = None) -> Session:
    """A session for a job or script; the caller commits."""
    bind = engine or get_engine()
    if write:
        bind = bind.execution_options(**{WRITE_OPTION: True})
    return Session(bind=bind, expire_on_commit=False)


# Methods that only read; every other request takes the write lock up front on SQLite.
_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _default_request_session(write: bool) -> Session:
    return open_session(write=write)


# How request handlers get their session. Tests swap it for sessions joined to a transaction
# they roll back; everything that serves a request goes through it.
_request_session_factory: Callable[[bool], Session] = _default_request_session


def set_request_session_factory(factory: Callable[[bool], Session] | None) -> None:
    global _request_session_factory
    _request_session_factory = factory or _default_request_session


def request_session(*, write: bool) -> Session:
    """A session for serving one request (the caller commits or closes it)."""
    return _request_session_factory(write)


@dataclass(frozen=True)
class DriverConnection:
    """A DBAPI connection for one short read in plain SQL, and which engine it speaks to."""

    dbapi: Any
    is_sqlite: bool
    # Set (a number no other connection of the process ever had) for a thread's kept
    # connection, which only ever reads, so on SQLite its data_version counts every commit
    # there is (app.core.read_cache); 0 for any other.
    kept: int = 0


def kept_connections_in_use() -> bool:
    """Whether driver-level reads use kept connections (they do unless tests swapped the
    request session factory, whose sessions may write on the same connection)."""
    return _request_session_factory is _default_request_session


@contextmanager
def request_driver_connection() -> Iterator[DriverConnection]:
    """A DBAPI connection for the hottest public reads, which skip the Session (~70 µs a
    request, docs/performance.md): the thread's kept connection on SQLite and on PostgreSQL's
    reader threads (`run_read`), else a pooled one. A single SELECT needs no explicit
    transaction: SQLite and the readers autocommit it, and the pool rolls PostgreSQL's back on
    return.

    When tests have swapped the request session factory, the connection comes from such a
    session instead, so these reads see the test's uncommitted data like every other read."""
    if not kept_connections_in_use():
        with request_session(write=False) as session:
            connection = session.connection()
            yield DriverConnection(
                connection.connection.driver_connection, connection.dialect.name == "sqlite"
            )
        return
    engine = get_engine()
    if engine.dialect.name == "sqlite":
        kept, number = _kept_connection(engine)
        yield DriverConnection(kept, True, number)
        return
    if getattr(_thread_connections, "reader", False):
        kept, number = _kept_connection(engine)
        try:
            yield DriverConnection(kept, False, number)
        except engine.dialect.loaded_dbapi.Error:
            # A failed statement or a lost server: the next read starts on a new connection
            # (errors the reader raises itself, like a 404, keep it).
            _drop_reader_connection()
            raise
        return
    pooled = engine.raw_connection()
    try:
        yield DriverConnection(pooled.driver_connection, False)
    finally:
        pooled.close()


_thread_connections = threading.local()
_kept_numbers = itertools.count(1)


def _kept_connection(engine: Engine) -> tuple[Any, int]:
    """This thread's own connection for driver-level reads, kept open: a pool checkout and its
    reset cost more than the lookup itself. Only a few threads read this way: on SQLite the
    event loop's, mostly; on PostgreSQL the reader threads (a connection there is a server
    process, so their number is bounded, see `run_read`), in autocommit. Returns it and its
    number (DriverConnection.kept)."""
    held = getattr(_thread_connections, "held", None)
    if held is None or held[0] is not engine:
        # Detached from the pool, so it never counts against it and is never reset by it; it
        # was set up by the engine's connect hook like every other connection.
        proxied = engine.raw_connection()
        dbapi: Any = proxied.driver_connection
        proxied.detach()
        if engine.dialect.name != "sqlite":
            dbapi.autocommit = True
        held = (engine, proxied, dbapi, next(_kept_numbers))
        _thread_connections.held = held
    return held[2], held[3]


# ---------------------------------------------------------------- driver-level reads
# On PostgreSQL a pooled checkout costs two round trips besides the query (the pre-ping and the
# reset on return) and the threadpool hop another ~100 µs: more than a detail lookup itself
# (docs/performance.md). So the public reads run on a few threads of their own, each keeping
# one connection in autocommit (a lone SELECT needs no transaction, so nothing to reset). A
# fixed, small number of threads bounds the connections they hold: with the pool's 40 that is
# at most 50 per worker process (8 reader threads and 2 search threads by default).
T = TypeVar("T")


async def run_read(handler: Callable[..., T], *args: Any) -> T:
    """Run a public read: on SQLite on the event loop (a local call is cheaper than the hop
    to a thread; measured, docs/performance.md), on PostgreSQL on a reader thread."""
    return await _run_on(_reader_threads, handler, *args)


async def run_search(handler: Callable[..., T], *args: Any) -> T:
    """`run_read` for a search, on PostgreSQL on the fewer search threads: with reader
    threads each busy with a search's Python work, the GIL went to whichever grabbed it first
    and a search's p99 was ~2.5 times its median; with two it was ~1.6 times."""
    return await _run_on(_search_threads, handler, *args)


async def _run_on(
    threads: Callable[[], ThreadPoolExecutor], handler: Callable[..., T], *args: Any
) -> T:
    if get_settings().is_sqlite:
        return handler(*args)
    context = contextvars.copy_context()  # the request id, for log lines written there
    return await asyncio.get_running_loop().run_in_executor(
        threads(), partial(context.run, _read_once_more_if_lost, handler, *args)
    )


def _read_once_more_if_lost(handler: Callable[..., T], *args: Any) -> T:
    """A kept connection can be found dead only by using it (a server restart, an idle
    timeout): then the read is tried once more, on a new connection. Reads have no effects, so
    the repeat is safe; a server that is really gone fails the second time too."""
    try:
        return handler(*args)
    except get_engine().dialect.loaded_dbapi.OperationalError:
        return handler(*args)


def _reader_threads() -> ThreadPoolExecutor:
    return _threads("newsdesk-read", get_settings().read_threads)


def _search_threads() -> ThreadPoolExecutor:
    return _threads("newsdesk-search", get_settings().search_threads)


@lru_cache
def _threads(name: str, count: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(
        max_workers=count, thread_name_prefix=name, initializer=_become_reader
    )


def _become_reader() -> None:
    _thread_connections.reader = True


def _drop_reader_connection() -> None:
    held = getattr(_thread_connections, "held", None)
    _thread_connections.held = None
    if held is not None:
        with suppress(Exception):  # closing a connection the server already dropped
            held[2].close()


def _request_transaction(*, write: bool) -> Iterator[Session]:
    with request_session(write=write) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def get_session(request: Request) -> Iterator[Session]:
    """One session and one transaction per request: committed if the handler succeeds."""
    yield from _request_transaction(write=request.method not in _READ_METHODS)


def get_read_session() -> Iterator[Session]:
    """A request transaction that never takes SQLite's write lock, whatever the method: for
    POSTs that only read (login spends ~50 ms hashing and must not block writers meanwhile)."""
    yield from _request_transaction(write=False)


# What PostgreSQL says when a concurrent transaction, not the request, was the trouble: a
# serialization failure, a deadlock victim, and a key that appeared or vanished between the
# service's check and its write (unique and foreign key violations).
_RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "23505", "23503"})
WRITE_ATTEMPTS = 3
_log = logging.getLogger("newsdesk.db")


def retry_on_conflict(session: Session, work: Callable[[], T]) -> T:
    """Run `work` (a request's service call) in a savepoint of the request's transaction and,
    when PostgreSQL aborts it because of a concurrent transaction, roll back to the savepoint
    and run it again: up to WRITE_ATTEMPTS times, after a short random pause, each retry
    logged with the request id (docs/architecture.md).

    A savepoint, not the whole transaction: the session dependency commits after the handler
    returns, so the handler can only redo what it runs itself. Row locks taken inside are
    released by the rollback. `work` must take its decisions again on the reloaded rows and
    guard its write with a version the caller fixed beforehand (If-Match's lock_version), so
    that a replay applies once or answers 412. SQLite serializes writers: nothing retries."""
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            with session.begin_nested():
                return work()
        except DBAPIError as exc:
            sqlstate = getattr(exc.orig, "sqlstate", None)
            if sqlstate not in _RETRYABLE_SQLSTATES or attempt == WRITE_ATTEMPTS:
                raise
            session.expire_all()  # what the rolled-back attempt changed is read again
            _log.warning(
                "transaction conflict, retrying",
                extra={"attempt": attempt, "sqlstate": sqlstate, "error": str(exc.orig)[:200]},
            )
            time.sleep(random.uniform(0.005, 0.03) * attempt)
    raise AssertionError("unreachable")


# scope="function": commit before the response is sent, so a failed commit is a failed response.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
ReadSessionDep = Annotated[Session, Depends(get_read_session, scope="function")]
