"""The front door: the hottest public reads answered ahead of FastAPI's own stack.

A detail, a 304 or a plain list page costs a few dozen microseconds of our work; FastAPI's stack
around it (telemetry check, error middleware, our request-context and body-limit middleware,
exception middleware, exit stack, router) costs as much again on every request
(docs/performance.md). So `NewsdeskAPI` tries its *lanes* first: a lane is a coroutine that
either answers a request completely from the fast path or returns None, and then, as for
everything else, the request goes through the whole application as usual.

A lane answer is the same response the declared route gives (tests compare them byte for
byte). What the skipped layers would have done is done here: the request id and the access
line (app.core.middleware). Anything unusual goes the long way: a lane that fails (logged; if
the full stack fails too, its guard answers the 500) or has no answer, a CORS request while
CORS is configured (CORSMiddleware decides those headers), and every request while FastAPI's
OpenTelemetry instrumentation is active (so traces see all).
"""

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from app.core.config import get_settings
from app.core.errors import log_unexpected_error
from app.core.logging import request_id_var
from app.core.middleware import HEAD_REQUEST, log_access, request_id_for

log = logging.getLogger("newsdesk.errors")

Lane = Callable[[Scope], Awaitable[Response | None]]


class NewsdeskAPI(FastAPI):
    """FastAPI with lanes tried before its middleware stack and router."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.fast_lanes: list[Lane] = []
        self._lanes_open: bool | None = None  # decided on the first request

    def _open(self) -> bool:
        if self._lanes_open is None:
            self._lanes_open = not self._native_telemetry.enabled()
        return self._lanes_open

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "HEAD":
            # HEAD is GET without the body (RFC 9110 §9.3.2), for every GET route and lane:
            # monitors HEAD /healthz, crawlers HEAD feeds and sitemaps. FastAPI routes only
            # the methods declared, and declaring HEAD on each route would put a second
            # operation (with the same operationId) into the OpenAPI document. The scope is
            # copied: the server's own says HEAD, so it sends no body either.
            scope = {**scope, "method": "GET", HEAD_REQUEST: True}
            send = _headers_only(send)
        if scope["type"] == "http" and self.fast_lanes and self._open() and _plain(scope):
            request_id = request_id_for(scope)
            token = request_id_var.set(request_id)
            try:
                started = time.perf_counter()
                for lane in self.fast_lanes:
                    try:
                        response = await lane(scope)
                    except Exception:
                        # The long way answers (and reports the error the usual way if it
                        # happens again); this line keeps the first failure visible.
                        log.warning("fast lane failed; taking the full stack", exc_info=True)
                        break
                    if response is not None:
                        response.raw_headers.append((b"x-request-id", request_id.encode()))
                        try:
                            await response(scope, receive, send)
                        except Exception:
                            # Only sending can fail here, so the answer is under way: log it
                            # as the full stack's guard would (app.core.middleware); the server
                            # cuts the connection of an answer left incomplete.
                            log_unexpected_error(scope)
                        log_access(scope, response.status_code, started)
                        return
            finally:
                request_id_var.reset(token)
        await super().__call__(scope, receive, send)


def _headers_only(send: Send) -> Send:
    """`send` for a HEAD request: the GET answer's status and headers (Content-Length
    included), no body."""

    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body", False):
                return
            message = {"type": "http.response.body", "body": b""}
        await send(message)

    return send_head


def _plain(scope: Scope) -> bool:
    """Not a CORS request that CORSMiddleware must see."""
    if not get_settings().cors_origins:
        return True
    return all(name != b"origin" for name, _ in scope["headers"])
