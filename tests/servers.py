"""A real `newsdesk serve` process on a scratch database, for tests of what only a running
server shows (several processes, restarts, answers kept between requests)."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    url: str, port: int, *, workers: int = 1, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Serve the database at `url` on 127.0.0.1:`port`; returns once it answers /healthz."""
    newsdesk = Path(sys.executable).parent / "newsdesk"
    server = subprocess.Popen(
        [str(newsdesk), "serve", "--workers", str(workers), "--port", str(port)],
        env={**os.environ, "DATABASE_URL": url, "NEWSDESK_RUN_JOBS": "false", **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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
