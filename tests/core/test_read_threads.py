"""Public reads at the driver level (app.core.db.run_read): inline on SQLite; on PostgreSQL on a
few reader threads, each keeping one autocommit connection that survives errors of the read
itself and is replaced when the server drops it."""

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, text

from app.core.config import get_settings
from app.core.db import request_driver_connection, run_read, run_search
from app.views.router import _buffer
from tests.conftest import ENGINE_NAME

postgres_only = pytest.mark.skipif(ENGINE_NAME != "postgresql", reason="PostgreSQL's readers")


def _read(sql: str) -> Callable[[], Any]:
    def read() -> Any:
        with request_driver_connection() as connection:
            cursor = connection.dbapi.cursor()
            cursor.execute(sql)
            return cursor.fetchone()[0]

    return read


def _backend_pid() -> tuple[int, str]:
    return _read("SELECT pg_backend_pid()")(), threading.current_thread().name


def test_a_read_on_sqlite_runs_on_the_calling_thread(engine: Engine) -> None:
    if ENGINE_NAME != "sqlite":
        pytest.skip("SQLite's reads run inline")

    async def main() -> tuple[str, int]:
        return threading.current_thread().name, await run_read(_read("SELECT 41 + 1"))

    caller = threading.current_thread().name
    assert asyncio.run(main()) == (caller, 42)


@postgres_only
def test_reads_reuse_a_few_kept_connections_and_leave_no_transaction_open(
    engine: Engine,
) -> None:
    async def main() -> list[tuple[int, str]]:
        return list(await asyncio.gather(*(run_read(_backend_pid) for _ in range(200))))

    seen = asyncio.run(main())
    pids = {pid for pid, _ in seen}
    threads = {name for _, name in seen}
    assert all(name.startswith("newsdesk-read") for name in threads)
    assert len(threads) <= get_settings().read_threads
    assert len(pids) == len(threads)  # one connection per reader thread, reused
    with engine.connect() as other:
        states = other.execute(
            text("SELECT state FROM pg_stat_activity WHERE pid = ANY(:pids)"),
            {"pids": list(pids)},
        ).scalars()
        # Autocommit: a read leaves its connection idle, not "idle in transaction".
        assert set(states) == {"idle"}


@postgres_only
def test_a_connection_the_server_dropped_is_replaced_without_a_failed_read(
    engine: Engine,
) -> None:
    async def all_readers() -> set[int]:
        # Many more reads at once than reader threads: the readers' connections show.
        return {
            pid for pid, _ in await asyncio.gather(*(run_read(_backend_pid) for _ in range(64)))
        }

    before = asyncio.run(all_readers())
    with engine.connect() as admin:
        for pid in before:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.commit()
    after = asyncio.run(all_readers())  # no OperationalError reaches the caller
    assert after
    assert not after & before


@postgres_only
def test_an_error_of_the_read_itself_keeps_the_connection(engine: Engine) -> None:
    """A 404 from the beacon's live check must not cost a new server connection."""
    # Which reader thread runs a read is up to the pool (one thread may drain the whole queue),
    # so the test follows each thread: every read it runs, failing or not, sees one connection.
    pids_by_thread: dict[str, set[int]] = {}

    def note(pid: int, thread: str) -> None:
        pids_by_thread.setdefault(thread, set()).add(pid)

    def failing_live_check() -> None:
        note(*_backend_pid())
        _buffer(2_000_000_000, "visitor", False)

    async def main() -> None:
        for pid, thread in await asyncio.gather(*(run_read(_backend_pid) for _ in range(64))):
            note(pid, thread)
        for _ in range(20):
            with pytest.raises(Exception, match="no such article"):
                await run_read(failing_live_check)
        for pid, thread in await asyncio.gather(*(run_read(_backend_pid) for _ in range(64))):
            note(pid, thread)

    asyncio.run(main())
    assert pids_by_thread
    assert all(len(pids) == 1 for pids in pids_by_thread.values()), pids_by_thread


@postgres_only
def test_searches_run_on_fewer_threads_of_their_own(engine: Engine) -> None:
    async def main() -> list[tuple[int, str]]:
        return list(await asyncio.gather(*(run_search(_backend_pid) for _ in range(64))))

    seen = asyncio.run(main())
    threads = {name for _, name in seen}
    assert all(name.startswith("newsdesk-search") for name in threads)
    assert len(threads) <= get_settings().search_threads < get_settings().read_threads
    assert len({pid for pid, _ in seen}) == len(threads)  # each keeps its connection
