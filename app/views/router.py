"""View counting over HTTP: the beacon and most-read (public, under /v1/articles) and an
article's daily stats (staff, under /v1/admin/articles)."""

import asyncio
import re
from datetime import datetime
from typing import Annotated
from urllib.parse import parse_qs
from weakref import WeakKeyDictionary

import orjson
from anyio import CapacityLimiter, to_thread
from fastapi import APIRouter, Header, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import Receive, Scope, Send

from app.articles import hot, live, presenters, taxonomy
from app.articles.deps import ArticleForStaff, ArticleId
from app.articles.taxonomy import MAX_ROW_ID
from app.core.config import get_settings
from app.core.db import (
    SessionDep,
    request_driver_connection,
    request_session,
    run_read,
    utcnow,
)
from app.core.errors import InvalidInput, NotFound, PayloadTooLarge
from app.core.http import PRIVATE_CACHE_CONTROL, cached_json, public_cache_control
from app.core.openapi import problems
from app.core.timestamps import Day
from app.views import ratelimit, service
from app.views.bots import is_bot
from app.views.buffer import BUFFER
from app.views.schemas import ArticleStats, MostReadPage
from app.views.service import Window

public_router = APIRouter()
admin_router = APIRouter()

MAX_BEACON_BYTES = 1024
MAX_VISITOR_ID = 200


@public_router.get("/most-read", response_model=MostReadPage, responses=problems(404))
async def most_read(
    request: Request,
    window: Annotated[Window, Query(description="Last 1, 7 or 30 days, or all time")] = Window.day,
    category: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=r"^(?:\d+|[a-z0-9]+(?:-[a-z0-9]+)*)$",
            description="Category slug or id (with subcategories)",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Response:
    """The live articles read most in a window (ties: newest id first)."""
    # One hop to a thread for all the database work: a window sums a range of daily buckets,
    # which can take a while on a big site and must not hold up the event loop.
    return await run_in_threadpool(_most_read, request, window, category, limit)


def _most_read(request: Request, window: Window, category: str | None, limit: int) -> Response:
    now = utcnow()
    category_ids: set[int] | None = None
    if category is not None:
        with request_session(write=False) as session:
            category_ids = taxonomy.subtree_ids(session, category)  # 404 when unknown
    with request_driver_connection() as connection:
        prepared = service.most_read_prepared(
            connection, window=window, category_ids=category_ids, limit=limit, now=now
        )
    if prepared is None:
        return _most_read_rendered(request, window, category, limit, now)
    body = {
        "window": window.value,
        "from": prepared.since,
        "to": prepared.until,
        "items": [
            {
                "views": row.views,
                "article": orjson.Fragment(
                    presenters.with_view_count(row.list_json, row.view_count)
                ),
            }
            for row in prepared.rows
        ],
    }
    cache_control = public_cache_control(now, prepared.next_change_at)
    return cached_json(request, body, cache_control=cache_control)


def _most_read_rendered(
    request: Request, window: Window, category: str | None, limit: int, now: datetime
) -> Response:
    """Most-read through the ORM, rendering list items that have no prepared JSON yet."""
    with request_session(write=False) as session:
        found = service.most_read(session, window=window, category=category, limit=limit, now=now)
        entries = presenters.public_entries(
            session, [row for row, _ in found.rows], fields=None, search_words=None
        )
        body = {
            "window": found.window.value,
            "from": found.since,
            "to": found.until,
            "items": [
                {"views": views, "article": entry}
                for (_, views), entry in zip(found.rows, entries, strict=True)
            ],
        }
        next_change = live.next_change_at(session, now)
        return cached_json(request, body, cache_control=public_cache_control(now, next_change))


@public_router.post(
    "/{article_id}/views",
    status_code=202,
    response_class=Response,
    responses={
        202: {"description": "Received (counted unless a repeat within the window or a bot)"},
        404: {"description": "No live article with this id"},
        429: {"description": "Too many beacons from this address"},
    },
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"visitor_id": {"type": "string", "maxLength": 200}},
                    }
                },
                "text/plain": {"schema": {"type": "string", "maxLength": 200}},
            },
        }
    },
)
async def record_view(
    request: Request,
    article_id: ArticleId,
    x_visitor_id: Annotated[str | None, Header(max_length=MAX_VISITOR_ID)] = None,
) -> Response:
    """Count a view of a live article: the beacon a page sends when it is shown
    (`navigator.sendBeacon`). Optional `visitor_id` as JSON, as plain text or in `X-Visitor-Id`."""
    client_address = request.client.host if request.client else ""
    ratelimit.check(client_address)
    await _beacon(
        article_id=article_id,
        body=await request.body(),
        content_type=request.headers.get("content-type"),
        user_agent=request.headers.get("user-agent", ""),
        visitor_header=x_visitor_id,
        client_address=client_address,
    )
    return Response(status_code=202)


async def _beacon(
    *,
    article_id: int,
    body: bytes,
    content_type: str | None,
    user_agent: str,
    visitor_header: str | None,
    client_address: str,
) -> None:
    """The beacon's work once the address is within its rate limit: 404 unless the article is
    live, then the view is counted (or buffered) unless it comes from a bot."""
    visitor_id = _visitor_id(body, content_type)
    visitor = service.visitor_key(
        visitor_id=visitor_id or visitor_header or None,
        client_address=client_address,
        user_agent=user_agent,
    )
    bot = is_bot(user_agent)
    settings = get_settings()
    if settings.views_flush_seconds == 0:
        await to_thread.run_sync(_count, article_id, visitor, bot, limiter=_beacon_threads())
    else:
        # A live check and an append to memory: on SQLite a local read of ~20 µs, cheaper than
        # a hop to a thread; on PostgreSQL on a reader thread with its kept connection.
        await run_read(_buffer, article_id, visitor, bot)


# Beacons' database work runs on at most this many threads per process, so at most this many
# pooled connections: with the threadpool's default 40, 64 concurrent beacons held 40
# PostgreSQL connections per worker process, and two workers plus a restart and other clients
# ran the server out of connections ("too many clients": 500s in bench/views_exactness.py).
BEACON_THREADS = 8
_limiters: WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = WeakKeyDictionary()


def _beacon_threads() -> CapacityLimiter:
    """The beacons' limiter of the running event loop (a limiter belongs to one loop)."""
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = CapacityLimiter(BEACON_THREADS)
    return limiter


# What the declared route's `Response(status_code=202)` sends.
_ACCEPTED_START = {
    "type": "http.response.start",
    "status": 202,
    "headers": [(b"content-length", b"0")],
}
_ACCEPTED_BODY = {"type": "http.response.body", "body": b""}


class BeaconRoute(BaseRoute):
    """The beacon's fast lane, like the public detail's (app/articles/public_router.py):
    `POST /v1/articles/{id}/views` with a well-formed id and at most a well-formed
    `X-Visitor-Id`, on the open API, answered by the same code as the declared route above
    minus FastAPI's routing and dependency solving and Starlette's Request and Response objects,
    which cost more than the beacon's own work. Anything else reaches the declared route, which
    validates it and is what OpenAPI shows (tests/views/test_beacon_fast_lane.py: both answer
    alike)."""

    _PATH = re.compile(r"/v1/articles/([1-9][0-9]{0,9})/views")

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or scope["method"] != "POST":
            return Match.NONE, {}
        if get_settings().public_requires_key:
            return Match.NONE, {}
        found = self._PATH.fullmatch(scope["path"])
        if found is None:
            return Match.NONE, {}
        article_id = int(found[1])
        if article_id > MAX_ROW_ID:
            return Match.NONE, {}
        for name, value in scope["headers"]:
            if name == b"x-visitor-id" and len(value) > MAX_VISITOR_ID:
                return Match.NONE, {}
        return Match.FULL, {"path_params": {"article_id": article_id}}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        content_type = user_agent = visitor_header = None
        for name, value in scope["headers"]:  # the first of each, as Starlette's Headers.get
            if name == b"content-type" and content_type is None:
                content_type = value.decode("latin-1")
            elif name == b"user-agent" and user_agent is None:
                user_agent = value.decode("latin-1")
            elif name == b"x-visitor-id" and visitor_header is None:
                visitor_header = value.decode("latin-1")
        client = scope.get("client")
        client_address = client[0] if client else ""
        ratelimit.check(client_address)
        await _beacon(
            article_id=scope["path_params"]["article_id"],
            body=await _read_body(receive),
            content_type=content_type,
            user_agent=user_agent or "",
            visitor_header=visitor_header,
            client_address=client_address,
        )
        await send(dict(_ACCEPTED_START))
        await send(dict(_ACCEPTED_BODY))


async def _read_body(receive: Receive) -> bytes:
    """The request body, as Starlette's `Request.body()` reads it."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _buffer(article_id: int, visitor: str, bot: bool) -> None:
    """Check the article is live, then leave the view to the next flush (app/views/buffer.py)."""
    now = utcnow()
    with request_driver_connection() as connection:
        if not hot.visible_now(connection, article_id=article_id, now=now):
            raise NotFound("no such article")
    if not bot:
        BUFFER.add(
            window_no=service.window_of(now),
            article_id=article_id,
            visitor=visitor,
            day=service.site_day(now),
        )


def _count(article_id: int, visitor: str, bot: bool) -> None:
    """With NEWSDESK_VIEWS_FLUSH_SECONDS=0: one write transaction per beacon."""
    now = utcnow()
    # A bot's beacon is answered like any other (404 for what is not live) but never written.
    with request_session(write=not bot) as session:
        try:
            if bot:
                service.ensure_visible(session, article_id=article_id, now=now)
            else:
                service.record_view(session, article_id=article_id, visitor=visitor, now=now)
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _visitor_id(body: bytes, content_type: str | None) -> str | None:
    """The visitor id a beacon body carries: JSON `{"visitor_id": …}`, a form field, or the
    plain text itself (what `navigator.sendBeacon(url, id)` sends)."""
    if len(body) > MAX_BEACON_BYTES:
        raise PayloadTooLarge(f"a beacon body is at most {MAX_BEACON_BYTES} bytes")
    if not body.strip():
        return None
    try:
        text = body.decode()
    except UnicodeDecodeError:
        raise InvalidInput("the body is not UTF-8", loc=["body"]) from None
    kind = (content_type or "text/plain").split(";")[0].strip().lower()
    raw: object
    if kind == "application/json" or (kind == "text/plain" and text.lstrip().startswith("{")):
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise InvalidInput("the body is not valid JSON", loc=["body"]) from None
        if not isinstance(data, dict):
            raise InvalidInput("send a JSON object with visitor_id", loc=["body"])
        raw = data.get("visitor_id")
    elif kind == "application/x-www-form-urlencoded":
        raw = next(iter(parse_qs(text).get("visitor_id", [])), None)
    elif kind == "text/plain":
        raw = text.strip()
    else:
        raise InvalidInput("send JSON or text/plain", loc=["body"])
    if raw is None:
        return None
    if not isinstance(raw, str) or not 0 < len(raw) <= MAX_VISITOR_ID or not raw.isprintable():
        raise InvalidInput(
            f"visitor_id is 1 to {MAX_VISITOR_ID} printable characters", loc=["body", "visitor_id"]
        )
    return raw


@admin_router.get("/{article_id}/stats", response_model=ArticleStats)
def article_stats(
    request: Request,
    session: SessionDep,
    article: ArticleForStaff,
    since: Annotated[
        Day | None, Query(alias="from", description="First day (default: 29 days before to)")
    ] = None,
    until: Annotated[
        Day | None, Query(alias="to", description="Last day (default: today, site time zone)")
    ] = None,
) -> Response:
    """An article's views per day (site time zone) over a range of at most 366 days."""
    assert article.id is not None
    stats = service.article_stats(
        session, article_id=article.id, since=since, until=until, now=utcnow()
    )
    body = {
        "article_id": article.id,
        "view_count": article.view_count,
        "imported_views": stats.imported_views,
        "from": stats.since,
        "to": stats.until,
        "period_views": stats.period_views,
        "days": [{"date": day, "views": views} for day, views in stats.days],
    }
    return cached_json(request, body, cache_control=PRIVATE_CACHE_CONTROL)
