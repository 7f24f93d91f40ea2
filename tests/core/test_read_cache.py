"""Kept answers (app.core.read_cache) are reused only while no commit happened anywhere and the
clock is before the instant they depend on; they never outgrow their byte budget."""

import asyncio
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from app.core.db import DriverConnection
from app.core.read_cache import Answer, AnswerCache, ServerSnapshots, commit_count
from tests.conftest import ENGINE_NAME

postgres_only = pytest.mark.skipif(ENGINE_NAME != "postgresql", reason="PostgreSQL snapshots")

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


@pytest.fixture
def two_connections(tmp_path: Path) -> Iterator[tuple[DriverConnection, sqlite3.Connection]]:
    """A reader (kept, as app.core.db keeps one per thread) and a writer on one database file."""
    path = tmp_path / "cache.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (x INTEGER)")
    reader = sqlite3.connect(path, isolation_level=None)
    yield DriverConnection(reader, True, kept=1), writer
    reader.close()
    writer.close()


def _answer(body: bytes = b"{}", valid_until: datetime | None = None) -> Answer:
    return Answer(body, '"e"', None, valid_until)


def test_an_answer_is_reused_until_another_connection_commits(
    two_connections: tuple[DriverConnection, sqlite3.Connection],
) -> None:
    reader, writer = two_connections
    cache = AnswerCache(1024)
    commits = commit_count(reader)
    cache.put("k", commits, _answer(b"[1]"))
    reader.dbapi.execute("SELECT count(*) FROM t").fetchall()  # reading changes nothing
    assert cache.get("k", commit_count(reader), NOW) == _answer(b"[1]")

    writer.execute("INSERT INTO t VALUES (1)")  # autocommit: a commit
    assert commit_count(reader) != commits
    assert cache.get("k", commit_count(reader), NOW) is None
    assert cache.get("k", commits, NOW) is None  # and it is gone, not merely skipped


def test_an_answer_is_not_reused_from_the_instant_it_depends_on(
    two_connections: tuple[DriverConnection, sqlite3.Connection],
) -> None:
    reader, _ = two_connections
    cache = AnswerCache(1024)
    go_live = NOW + timedelta(minutes=5)
    commits = commit_count(reader)
    cache.put("k", commits, _answer(valid_until=go_live))
    assert cache.get("k", commits, go_live - timedelta(microseconds=1)) is not None
    assert cache.get("k", commits, go_live) is None


def test_nothing_is_kept_without_a_commit_count_to_trust(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    # A connection that may write itself (a test's transaction): no count.
    assert commit_count(DriverConnection(connection, True, kept=0)) is None
    cache = AnswerCache(1024)
    cache.put("k", None, _answer())
    assert cache.get("k", None, NOW) is None
    connection.close()


def test_the_least_recently_used_answers_go_first_when_over_budget() -> None:
    cache = AnswerCache(max_bytes=30)
    for key in "abc":
        cache.put(key, 1, _answer(b"x" * 10))
    assert cache.get("a", 1, NOW) is not None  # a is now the most recently used
    cache.put("d", 1, _answer(b"x" * 10))
    assert [k for k in "abcd" if cache.get(k, 1, NOW) is not None] == ["a", "c", "d"]
    cache.put("huge", 1, _answer(b"x" * 31))  # larger than the budget: never kept
    assert cache.get("huge", 1, NOW) is None
    assert cache.get("d", 1, NOW) is not None


def test_a_budget_of_zero_keeps_nothing() -> None:
    cache = AnswerCache(0)  # NEWSDESK_READ_CACHE_BYTES=0
    cache.put("k", 1, _answer(b"x"))
    assert cache.get("k", 1, NOW) is None


def test_counts_of_different_connections_never_match(tmp_path: Path) -> None:
    """Each connection's data_version counts on its own: an answer read on one thread's
    connection is not taken as current on another's by a coincidence of numbers."""
    first = sqlite3.connect(tmp_path / "y.db", isolation_level=None)
    second = sqlite3.connect(tmp_path / "y.db", isolation_level=None)
    one, two = DriverConnection(first, True, kept=1), DriverConnection(second, True, kept=2)
    assert commit_count(one)[1] == commit_count(two)[1]  # type: ignore[index]
    cache = AnswerCache(1024)
    cache.put("k", commit_count(one), _answer())
    assert cache.get("k", commit_count(two), NOW) is None
    first.close()
    second.close()


@postgres_only
def test_a_commit_on_postgresql_changes_the_readers_snapshot(engine: Engine) -> None:
    proxied = engine.raw_connection()
    reader: Any = proxied.driver_connection
    proxied.detach()  # the pool must not get it back in autocommit
    reader.autocommit = True  # as the reader threads' connections
    try:
        kept = DriverConnection(reader, False, kept=1)
        before = commit_count(kept)
        with engine.begin() as writer:  # any commit that wrote something
            writer.execute(text("CREATE TEMPORARY TABLE t (x int) ON COMMIT DROP"))
            writer.execute(text("INSERT INTO t VALUES (1)"))
        assert commit_count(kept) != before
        # The server's snapshot, whichever reader asks: comparable across connections.
        assert commit_count(DriverConnection(reader, False, kept=2)) == (commit_count(kept))
        cache = AnswerCache(1024)
        cache.put("k", before, _answer())
        assert cache.get("k", commit_count(kept), NOW) is None
    finally:
        reader.close()


@postgres_only
def test_the_loops_snapshot_connection_is_replaced_when_the_server_drops_it(
    engine: Engine,
) -> None:
    conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)

    async def main() -> list[tuple[int, Any] | None]:
        snapshots = ServerSnapshots(conninfo)
        seen = [await snapshots.current()]
        assert snapshots._connection is not None
        pid = snapshots._connection.info.backend_pid
        with engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        seen.append(await snapshots.current())  # fails: no answer is trusted
        seen.append(await snapshots.current())  # on a new connection
        return seen

    first, lost, again = asyncio.run(main())
    assert first is not None
    assert lost is None
    assert again is not None


@postgres_only
def test_requests_at_once_share_a_round_and_never_get_a_snapshot_older_than_themselves(
    engine: Engine,
) -> None:
    conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)

    async def main() -> tuple[set[Any], Any, Any]:
        snapshots = ServerSnapshots(conninfo)
        together = set(await asyncio.gather(*(snapshots.current() for _ in range(50))))
        before = await snapshots.current()
        with engine.begin() as writer:
            writer.execute(text("CREATE TEMPORARY TABLE t (x int) ON COMMIT DROP"))
            writer.execute(text("INSERT INTO t VALUES (1)"))
        after = await snapshots.current()  # asked after the commit: must see it
        return together, before, after

    together, before, after = asyncio.run(main())
    assert None not in together
    assert after != before
