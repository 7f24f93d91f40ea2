"""A real HTTP(S) receiver on a local port, a fake DNS for one name, and a scratch database
the dispatcher can commit to."""

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.accounts.models import Role
from app.accounts.permissions import load_principal
from app.core.config import get_settings
from app.core.db import make_engine, open_session
from app.core.migrations import upgrade
from app.webhooks import service
from app.webhooks.models import WebhookDelivery
from app.webhooks.schemas import WebhookCreate
from tests.conftest import scratch_database_url
from tests.factories import Factory


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


Reply = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Receiver:
    url: str
    port: int = 0
    requests: list[Received] = field(default_factory=list)
    # What to answer, in order: a status code, a float = seconds to stall before a 200, or a
    # function that writes the whole answer itself.
    plan: list[int | float | Reply] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextlib.contextmanager
def serve(tls: ssl.SSLContext | None = None) -> Iterator[Receiver]:
    """A receiver on 127.0.0.1 (over TLS with this server context, if given)."""
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            with state.lock:
                state.requests.append(Received(dict(self.headers.items()), body))
                action = state.plan.pop(0) if state.plan else 200
            if callable(action):
                action(self)
                return
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
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.port = int(server.server_address[1])
    state.url = f"http://127.0.0.1:{state.port}/hooks"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with serve() as state:
        yield state


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


# A name that only the fake DNS knows, and a public address nothing may really be sent to.
HOST = "hooks.test"
PUBLIC = "93.184.215.14"


@dataclass
class FakeDNS:
    """Answers for HOST, one list of addresses per lookup (the last one repeats), through
    socket.getaddrinfo itself, so every lookup in the process is seen and counted; and
    every TCP connect made through socket.create_connection, by the address asked for."""

    answers: list[list[str]] = field(default_factory=lambda: [[PUBLIC]])
    lookups: int = 0
    connects: list[str] = field(default_factory=list)


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDNS:
    state = FakeDNS()
    real_lookup, real_connect = socket.getaddrinfo, socket.create_connection

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name != HOST:
            return real_lookup(host, port, *args, **kwargs)
        answer = state.answers[min(state.lookups, len(state.answers) - 1)]
        state.lookups += 1
        return [info for a in answer for info in real_lookup(a, port, *args, **kwargs)]

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        state.connects.append(str(address[0]))
        if address[0] == PUBLIC:  # stands for the outside world: refuse, send nothing
            raise ConnectionRefusedError(f"{PUBLIC} is not reachable from the tests")
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return state


def subscribe(engine: Engine, url: str, **options: Any) -> tuple[int, str]:
    """An endpoint for `url` (all events unless told), created by an admin; (id, secret)."""
    with open_session(write=True, engine=engine) as session:
        admin = load_principal(session, Factory(session).user(Role.admin))
        options.setdefault("events", ["article.published", "article.updated",
                                      "article.unpublished", "article.deleted"])  # fmt: skip
        endpoint = service.create_endpoint(
            session, data=WebhookCreate(url=url, **options), actor=admin
        )
        session.commit()
        assert endpoint.id is not None
        return endpoint.id, endpoint.secret


def pinged(engine: Engine, url: str) -> int:
    """An endpoint for `url` with one delivery (a ping) queued; its id."""
    endpoint_id, _ = subscribe(engine, url)
    with open_session(write=True, engine=engine) as session:
        service.ping(session, endpoint=service.get_endpoint(session, endpoint_id))
        session.commit()
    return endpoint_id


def deliveries(engine: Engine, endpoint_id: int) -> list[WebhookDelivery]:
    """The endpoint's deliveries, oldest first."""
    with Session(engine) as session:
        return list(
            session.exec(
                select(WebhookDelivery)
                .where(WebhookDelivery.endpoint_id == endpoint_id)
                .order_by(col(WebhookDelivery.id))
            ).all()
        )
