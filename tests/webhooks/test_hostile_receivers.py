"""A receiver cannot use the dispatcher against anyone else or tie it up: a redirect is not
followed, a large answer is not downloaded, a trickling answer ends at the attempt's time
limit, and whatever bytes it answers can be stored in the delivery log on both engines."""

import threading
from http.server import BaseHTTPRequestHandler

import pytest
from sqlalchemy import Engine

from app.core.config import get_settings
from app.webhooks.dispatch import RESPONSE_BODY_CHARS, dispatch_due
from tests.webhooks.conftest import Receiver, deliveries, pinged, serve

pytestmark = pytest.mark.usefixtures("allow_local")

CHUNK = 64 * 1024


def _head(handler: BaseHTTPRequestHandler, status: int, length: int, **headers: str) -> None:
    handler.send_response(status)
    handler.send_header("content-length", str(length))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()


def test_a_redirect_is_not_followed(scratch_engine: Engine, receiver: Receiver) -> None:
    with serve() as inner:  # stands for an internal service the redirect points at
        receiver.plan = [lambda h: _head(h, 307, 0, location=inner.url)]
        endpoint_id = pinged(scratch_engine, receiver.url)

        assert dispatch_due(scratch_engine) == 0
        assert inner.requests == []
    [delivery] = deliveries(scratch_engine, endpoint_id)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 307)


def test_a_large_answer_is_not_downloaded(scratch_engine: Engine, receiver: Receiver) -> None:
    total = 512 * CHUNK  # 32 MB, far beyond what socket buffers hold
    written: list[int] = []
    done = threading.Event()

    def large(handler: BaseHTTPRequestHandler) -> None:
        _head(handler, 200, total, content_type="text/plain; charset=utf-8")
        sent = 0
        try:
            while sent < total:
                handler.wfile.write(b"x" * CHUNK)
                sent += CHUNK
        except OSError:
            pass  # the dispatcher closed the connection
        finally:
            written.append(sent)
            done.set()

    receiver.plan = [large]
    endpoint_id = pinged(scratch_engine, receiver.url)

    assert dispatch_due(scratch_engine) == 1
    assert done.wait(timeout=60)
    assert written[0] < total
    [delivery] = deliveries(scratch_engine, endpoint_id)
    assert delivery.last_response_body == "x" * RESPONSE_BODY_CHARS


def test_a_trickling_answer_ends_at_the_time_limit(
    scratch_engine: Engine, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "webhook_timeout_seconds", 0.5)
    pause = threading.Event()  # never set: wait() is a sleep that the test can end

    def trickle(handler: BaseHTTPRequestHandler) -> None:
        # Each byte comes well within the per-read timeout; all of them take 6 s.
        _head(handler, 200, 60)
        try:
            for _ in range(60):
                handler.wfile.write(b"x")
                handler.wfile.flush()
                pause.wait(0.1)
        except OSError:
            pass

    receiver.plan = [trickle]
    endpoint_id = pinged(scratch_engine, receiver.url)

    assert dispatch_due(scratch_engine) == 0
    [delivery] = deliveries(scratch_engine, endpoint_id)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 1, "timed out")


def test_any_bytes_in_the_answer_can_be_logged(scratch_engine: Engine, receiver: Receiver) -> None:
    answer = b"ok\x00\xff\xfe"  # NUL (refused by PostgreSQL text) and invalid UTF-8

    def binary(handler: BaseHTTPRequestHandler) -> None:
        _head(handler, 200, len(answer), content_type="text/plain; charset=utf-8")
        handler.wfile.write(answer)

    receiver.plan = [binary]
    endpoint_id = pinged(scratch_engine, receiver.url)

    assert dispatch_due(scratch_engine) == 1
    [delivery] = deliveries(scratch_engine, endpoint_id)
    assert (delivery.status, delivery.last_response_body) == ("delivered", "ok\ufffd\ufffd\ufffd")
