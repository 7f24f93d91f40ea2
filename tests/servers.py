"""A real `newsdesk serve` process on a scratch database, for tests of what only a running
server shows (several processes, restarts, answers kept between requests)."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx
from sqlalchemy import Engine

from app.core.db import make_engine
from app.core.migrations import upgrade


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    url: str,
    port: int,
    *,
    workers: int = 1,
    env: dict[str, str] | None = None,
    argv: list[str] | None = None,
    stderr: IO[bytes] | int = subprocess.DEVNULL,
) -> subprocess.Popen[bytes]:
    """Serve the database at `url` on 127.0.0.1:`port`; returns once it answers /healthz.
    `argv` is another command serving on that port (run from the repository, so it may
    import tests); `stderr` takes the server's log lines."""
    newsdesk = Path(sys.executable).parent / "newsdesk"
    server = subprocess.Popen(
        argv or [str(newsdesk), "serve", "--workers", str(workers), "--port", str(port)],
        env={**os.environ, "DATABASE_URL": url, "NEWSDESK_RUN_JOBS": "false", **(env or {})},
        cwd=Path(__file__).parent.parent,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("the server did not start")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """A graceful stop: SIGTERM lets uvicorn finish the requests it has accepted."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        raise


@contextmanager
def served_scratch_database(label: str) -> Iterator[tuple[Engine, httpx.Client]]:
    """A migrated scratch database of the engine under test served by a real server: an
    engine on it (to write as another process would) and a client of the server."""
    from tests.conftest import scratch_database_url  # the harness's, once it has set up

    for url in scratch_database_url(label):
        upgrade("head", database_url=url)
        engine = make_engine(url)
        port = free_port()
        server = start_server(url, port)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
                yield engine, client
        finally:
            stop_server(server)
            engine.dispose()
