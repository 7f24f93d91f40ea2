"""A real HTTP receiver on a local port, and a scratch database the dispatcher can commit to."""

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import Engine

from app.core.config import get_settings
from app.core.db import make_engine
from app.core.migrations import upgrade
from tests.conftest import scratch_database_url


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    # What to answer, in order: a status code, or a float = seconds to stall before a 200.
    plan: list[int | float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            with state.lock:
                state.requests.append(Received(dict(self.headers.items()), body))
                action = state.plan.pop(0) if state.plan else 200
            if isinstance(action, float):
                time.sleep(action)
                action = 200
            try:
                self.send_response(action)
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            except OSError:
                pass  # the sender gave up (timeout) and closed the connection

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def allow_local(monkeypatch: pytest.MonkeyPatch) -> None:
    """The receiver runs on loopback, which is refused by default."""
    monkeypatch.setattr(get_settings(), "webhook_allow_private_targets", True)


@pytest.fixture
def scratch_engine() -> Iterator[Engine]:
    for url in scratch_database_url("webhooks"):
        upgrade("head", database_url=url)
        engine = make_engine(url)
        yield engine
        engine.dispose()
