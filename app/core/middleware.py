"""Pure ASGI middleware (no BaseHTTPMiddleware: it costs throughput on every request)."""

import logging
import os
import re
import time

from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import problem_response, unexpected_error
from app.core.logging import log_info, request_id_var

access_log = logging.getLogger("newsdesk.access")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Scope key of a HEAD request answered as a GET (app.core.fast_lane.NewsdeskAPI).
HEAD_REQUEST = "newsdesk.head"
DESK_PREFIX = "/desk"  # the editorial desk's pages (app/desk)


def request_id_for(scope: Scope) -> str:
    """The caller's X-Request-ID if it is sane, else a new one."""
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            incoming = value.decode("latin-1")
            if _SAFE_REQUEST_ID.match(incoming):
                return incoming
            break
    return os.urandom(16).hex()  # as random as uuid4().hex, without building a UUID


def log_access(scope: Scope, status: int, started: float) -> None:
    log_info(
        access_log,
        "request",
        {
            "method": "HEAD" if HEAD_REQUEST in scope else scope["method"],
            "path": scope["path"],
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
        },
    )


class RequestContextMiddleware:
    """Give every request an id (the caller's X-Request-ID if sane), echo it, log the outcome.

    Also the outermost guard: an exception nothing else handled is logged here, once, with the
    request id and its traceback, and answered with a 500 problem carrying the id. Left to
    propagate, it would reach Starlette's error middleware outside the id's context and then
    the server, which drops the keep-alive connection (and logs the traceback again)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_for(scope)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        answering = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, answering
            if message["type"] == "http.response.start":
                status, answering = message["status"], True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            answer = unexpected_error(scope)
            # Once part of an answer is out, all that is left is for the server to cut the
            # connection, which it does when the app returns before the answer is complete.
            if not answering:
                await answer(scope, receive, send_with_id)
        finally:
            log_access(scope, status, started)
            request_id_var.reset(token)


class BodySizeLimitMiddleware:
    """413 for bodies over the limit: checks Content-Length first, then counts streamed bytes
    (a chunked body declares no length)."""

    def __init__(self, app: ASGIApp, *, json_limit: int, upload_limit: int) -> None:
        self.app = app
        self.json_limit = json_limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        content_type = headers.get(b"content-type", b"")
        limit = self.upload_limit if content_type.startswith(b"multipart/") else self.json_limit
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            response = problem_response(
                413 if declared.isdigit() else 400,
                detail=f"the request body is limited to {limit} bytes"
                if declared.isdigit()
                else "invalid Content-Length",
            )
            await response(scope, receive, send)
            return

        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # FastAPI re-raises HTTPException from body parsing; the handler makes it 413.
                    raise HTTPException(413, f"the request body is limited to {limit} bytes")
            return message

        await self.app(scope, counting_receive, send)


class APICORSMiddleware(CORSMiddleware):
    """CORS for the API only. The desk's pages (/desk/) are authenticated by a cookie: with
    credentials allowed for the portal's origins, a script on one of them could read a staff
    member's desk pages. They answer no CORS at all, so browsers keep them same-origin."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(DESK_PREFIX):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
