"""Public delivery API: live articles only, cacheable, no auth."""

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Annotated, Any, TypeVar
from urllib.parse import parse_qsl

from fastapi import APIRouter, Path, Query, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Match
from starlette.types import Receive, Scope, Send

from app.articles import hot as hot_path
from app.articles import listing, live, presenters
from app.articles.deps import ArticleId
from app.articles.listing import LIST_CURSOR, ListFilters, Sort
from app.articles.models import ArticleLive
from app.articles.schemas import ArticleListEntry, ArticlePublic, PublicArticlePage
from app.articles.taxonomy import MAX_ROW_ID
from app.core.config import get_settings
from app.core.db import (
    DriverConnection,
    request_driver_connection,
    request_session,
    run_read,
    run_search,
    utcnow,
)
from app.core.errors import InvalidInput
from app.core.http import body_etag, cached_json, public_cache_control
from app.core.openapi import problems
from app.core.pagination import (
    DEFAULT_LIMIT,
    CursorQuery,
    InvalidCursor,
    LimitQuery,
    decode_cursor,
    encode_cursor,
    link_to,
    next_link,
)
from app.core.read_cache import (
    ANSWERS,
    Answer,
    answer_response,
    commit_count,
    kept_answer_from_the_loop,
)
from app.core.text import SLUG_PATTERN, NFCText, nfc
from app.core.timestamps import Timestamp
from app.search import query as search_query
from app.search.highlight import snippet
from app.search.service import html_text

router = APIRouter()
T = TypeVar("T")

LIST_FIELDS = frozenset(ArticleListEntry.model_fields)


def _fields(raw: str | None) -> frozenset[str] | None:
    if raw is None:
        return None
    chosen = frozenset(f.strip() for f in raw.split(",") if f.strip())
    unknown = chosen - LIST_FIELDS
    if unknown:
        raise InvalidInput(
            f"unknown fields: {', '.join(sorted(unknown))};"
            f" choose from {', '.join(sorted(LIST_FIELDS))}",
            loc=["fields"],
        )
    return chosen


def _detail_cache_control(article: ArticleLive, now: datetime) -> str:
    """Never let a cache keep an article past the instant it expires."""
    return public_cache_control(now, article.expire_at)


@router.get("", response_model=PublicArticlePage, responses=problems(404))
async def list_articles(
    request: Request,
    category: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=r"^(?:\d+|[a-z0-9]+(?:-[a-z0-9]+)*)$",
            description="Category slug or id (with subcategories)",
        ),
    ] = None,
    tag: Annotated[
        str | None, Query(max_length=200, pattern=SLUG_PATTERN, description="Tag slug")
    ] = None,
    author: Annotated[
        NFCText | None,
        Query(max_length=300, description="Byline, folded: trung hieu finds Trung Hiếu"),
    ] = None,
    featured: Annotated[
        bool | None, Query(description="Featured now (honours featured_until); sorted by rank")
    ] = None,
    article_type: Annotated[NFCText | None, Query(max_length=50)] = None,
    published_after: Annotated[Timestamp | None, Query()] = None,
    published_before: Annotated[Timestamp | None, Query()] = None,
    q: Annotated[
        NFCText | None,
        Query(
            max_length=200,
            description='Search: folded matching, "quoted phrases"',
            examples=["dân vận", "dan van", '"đại hội đảng"'],
        ),
    ] = None,
    sort: Annotated[
        Sort | None, Query(description="Default -published_at, or relevance with q")
    ] = None,
    fields: Annotated[
        str | None, Query(max_length=500, description="Comma-separated top-level fields")
    ] = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    page: Annotated[int | None, Query(ge=1, le=10_000, description="Numbered pages")] = None,
    per_page: Annotated[int | None, Query(ge=1, le=100)] = None,
) -> Response:
    """Live articles with filters, search and sorting; cursor pagination, or numbered pages
    with `page`/`per_page` (then with `total`)."""
    if page is not None and cursor is not None:
        raise InvalidInput("use either cursor or page", loc=["page"])
    request_for_list = ListRequest(
        filters=ListFilters(
            category=category,
            tag=tag,
            author=author,
            featured=featured,
            article_type=article_type,
            published_after=published_after,
            published_before=published_before,
            q=q,
        ),
        sort=sort,
        fields=_fields(fields),
        cursor=cursor,
        size=(per_page or limit) if page is not None else limit,
        page=page,
    )
    return await _run_list(_list_page, request, request_for_list)


@dataclass(frozen=True)
class ListRequest:
    filters: ListFilters
    sort: Sort | None
    fields: frozenset[str] | None
    cursor: str | None
    size: int
    page: int | None


def _list_page(request: Request, wanted: ListRequest) -> Response:
    hot = _hot_list_or_search(request, wanted)
    if hot is not None:
        return hot
    now = utcnow()
    with request_session(write=False) as session:
        result = listing.list_live(
            session,
            filters=wanted.filters,
            sort=wanted.sort,
            now=now,
            limit=wanted.size,
            cursor=wanted.cursor,
            page=wanted.page,
            with_body=wanted.fields is not None and "content_html" in wanted.fields,
        )
        body: dict[str, object] = {
            "items": presenters.public_entries(
                session,
                result.rows,
                fields=wanted.fields,
                search_words=result.search.words if result.search else None,
            ),
            "next_cursor": result.next_cursor,
        }
        headers = next_link(request, result.next_cursor)
        if wanted.page is not None:
            body.update(page=wanted.page, per_page=wanted.size, total=result.total)
            if result.total is not None and wanted.page * wanted.size < result.total:
                headers = {"Link": link_to(request, "next", page=wanted.page + 1)}
        return cached_json(
            request,
            body,
            headers=headers,
            cache_control=public_cache_control(now, live.next_change_at(session, now)),
            last_modified=live.last_change_at(session, now),
            read_at=now,
        )


_FILTER_NAMES = tuple(field.name for field in dataclasses.fields(ListFilters))


def _unfiltered_but(filters: ListFilters, name: str) -> bool:
    """No filter is set except (maybe) `name`."""
    return all(getattr(filters, other) is None for other in _FILTER_NAMES if other != name)


def _hot_list_page(request: Request, wanted: ListRequest, now: datetime) -> Response | None:
    """The plain list (newest first, at most a category, cursor pages, default fields) from
    driver-level queries (app/articles/hot.py), or None for the general path below, which
    answers every other list and every error. Both give the same bytes (tested)."""
    filters = wanted.filters
    if (
        not _unfiltered_but(filters, "category")
        or wanted.sort not in (None, Sort.newest)
        or wanted.fields is not None
        or wanted.page is not None
    ):
        return None
    after: tuple[datetime, int] | None = None
    if wanted.cursor is not None:
        after = _newest_cursor_key(wanted.cursor)
        if after is None:
            return None
    key = _list_key(wanted)
    with request_driver_connection() as connection:
        commits = commit_count(connection)
        answer = ANSWERS.get(key, commits, now)
        if answer is None:
            answer = _read_list_page(connection, filters.category, after, wanted.size, now)
            if answer is None:
                return None
            ANSWERS.put(key, commits, answer)
    return answer_response(request, answer, now)


def _list_key(wanted: ListRequest) -> tuple[Any, ...]:
    return ("list", wanted.filters.category, wanted.cursor, wanted.size)


def _read_list_page(
    connection: DriverConnection,
    category: str | None,
    after: tuple[datetime, int] | None,
    size: int,
    now: datetime,
) -> Answer | None:
    page = hot_path.visible_list(connection, category=category, after=after, limit=size, now=now)
    if page is None:
        return None
    rows = page.rows[:size]
    next_cursor = (
        encode_cursor(Sort.newest.value, rows[-1].publish_at.isoformat(), rows[-1].article_id)
        if len(page.rows) > size
        else None
    )
    body = presenters.list_page_json(
        (presenters.list_entry(r.list_json, r.view_count) for r in rows), next_cursor
    )
    times = page.times
    return Answer(body, body_etag(body), times.last_change_at, times.next_change_at, next_cursor)


def _hot_search_page(request: Request, wanted: ListRequest, now: datetime) -> Response | None:
    """The default search page (`q` alone, relevance order, default fields, cursor pages) from
    driver-level queries (app/articles/hot.py), or None for the general path, which answers
    every other search and every error. Both give the same bytes (tested)."""
    filters = wanted.filters
    if (
        not _unfiltered_but(filters, "q")
        or wanted.sort not in (None, Sort.relevance)
        or wanted.fields is not None
        or wanted.page is not None
        or filters.q is None
    ):
        return None
    query = search_query.parse(filters.q)
    if query is None:
        return None
    offset = 0
    if wanted.cursor is not None:
        offset_key = _relevance_cursor_offset(wanted.cursor)
        if offset_key is None:
            return None
        offset = offset_key
    with request_driver_connection() as connection:
        found = hot_path.visible_search(
            connection, query, offset=offset, limit=wanted.size, now=now
        )
        if found is None:
            return None
        rows, times = found
        rows = rows[: wanted.size + 1]
        shown = rows[: wanted.size]
        words = query.words
        snippets = {r.article_id: snippet(r.summary, words) for r in shown}
        # A match outside the summary is shown from the body, read only for those rows.
        missing = [article_id for article_id, s in snippets.items() if s is None]
        for article_id, content_html in hot_path.bodies(connection, missing).items():
            snippets[article_id] = snippet(html_text(content_html), words)
    next_cursor = (
        encode_cursor(Sort.relevance.value, offset + wanted.size, None)
        if len(rows) > wanted.size
        else None
    )
    body = presenters.list_page_json(
        (presenters.search_entry(r.list_json, r.view_count, snippets[r.article_id]) for r in shown),
        next_cursor,
    )
    return cached_json(
        request,
        body,
        headers=next_link(request, next_cursor),
        cache_control=public_cache_control(now, times.next_change_at),
        last_modified=times.last_change_at,
        read_at=now,
    )


# Memoized, as the pages they continue are kept (app.core.read_cache): the second page of a
# list is asked for with the same cursor until news is added.
@lru_cache(maxsize=1024)
def _relevance_cursor_offset(cursor: str) -> int | None:
    """The offset a relevance cursor carries, or None if it is anything else."""
    try:
        sort, offset, _ = decode_cursor(cursor, LIST_CURSOR)
    except InvalidCursor:
        return None
    if sort is not Sort.relevance or not isinstance(offset, int):
        return None
    return offset


@lru_cache(maxsize=1024)
def _newest_cursor_key(cursor: str) -> tuple[datetime, int] | None:
    """The (published_at, id) a newest-first cursor carries, or None if it is anything else
    (the general path then explains what is wrong with it)."""
    try:
        sort, published_at, last_id = decode_cursor(cursor, LIST_CURSOR)
    except InvalidCursor:
        return None
    if sort is not Sort.newest or not isinstance(published_at, datetime) or last_id is None:
        return None
    return published_at, last_id


@router.get("/by-slug/{slug}", response_model=ArticlePublic)
async def get_article_by_slug(
    request: Request, slug: Annotated[str, Path(max_length=200, pattern=SLUG_PATTERN)]
) -> Response:
    """A live article by its slug; an old slug answers 301 with the current address."""
    return await _run_read(_by_slug, request, slug)


def _by_slug(request: Request, slug: str) -> Response:
    now = utcnow()
    hot = _hot_detail(request, "slug", slug, now)
    if hot is not None:
        return hot
    with request_session(write=False) as session:
        article, is_old_slug = live.resolve_slug(session, slug=slug, now=now)
        if is_old_slug:
            return RedirectResponse(
                f"/v1/articles/by-slug/{article.slug}",
                status_code=301,
                headers={"Cache-Control": public_cache_control(now, None)},
            )
        return _detail_response(request, session, article.article_id, now)


@router.get("/{article_id}", response_model=ArticlePublic)
async def get_article(request: Request, article_id: ArticleId) -> Response:
    """A live article by id; anything not live is a 404."""
    return await _run_read(_by_id, request, article_id)


async def _run_read(handler: Callable[[Request, Any], T], request: Request, key: Any) -> T:
    """Run a public read (app.core.db.run_read): on SQLite on the event loop, searches too
    (measured: a thread per concurrent search gave lower throughput and no better tail, each
    thread fighting for the GIL with its own cold page cache); on PostgreSQL on a reader thread
    with its kept connection."""
    return await run_read(handler, request, key)


async def _run_list(
    handler: Callable[[Request, "ListRequest"], T], request: Request, wanted: "ListRequest"
) -> T:
    """`_run_read` for a list; a search goes to the search threads (app.core.db.run_search)."""
    run = run_search if wanted.filters.q is not None else run_read
    return await run(handler, request, wanted)


# The detail is the hottest read: an async route that does all its database work in one
# threadpool call (a sync session dependency plus a sync handler cost several hops).
def _by_id(request: Request, article_id: int) -> Response:
    now = utcnow()
    hot = _hot_detail(request, "id", article_id, now)
    if hot is not None:
        return hot
    with request_session(write=False) as session:
        return _detail_response(request, session, article_id, now)


def _hot_detail(request: Request, by: str, key: int | str, now: datetime) -> Response | None:
    """The detail from the driver-level lookup (or its answer kept since, while it cannot have
    changed: app.core.read_cache), or None when the ORM path must answer."""
    with request_driver_connection() as connection:
        commits = commit_count(connection)
        answer = ANSWERS.get(("detail", by, key), commits, now)
        if answer is None:
            hot = hot_path.visible_detail(connection, by=by, key=key, now=now)
            if hot is None:
                return None
            body = presenters.with_view_count(hot.public_json, hot.view_count)
            # Visible until it expires, unless a commit changes it first.
            answer = Answer(body, body_etag(body), hot.updated_at, hot.expire_at)
            ANSWERS.put(("detail", by, key), commits, answer)
    return answer_response(request, answer, now)


class HotDetailRoute(BaseRoute):
    """The public reads' fast lane: `GET /v1/articles/{id}`, `/v1/articles/by-slug/{slug}` and
    the plain list `GET /v1/articles` (only `category`, `limit`, `cursor`) and the plain search
    (only `q`, `limit`, `cursor`), with well-formed
    input on the open API, answered by the same handlers as the declared routes above, minus
    FastAPI's per-request routing and parameter solving (about half of what a detail costs;
    docs/performance.md). Anything else (other parameters, a malformed value, another method,
    the API behind NEWSDESK_PUBLIC_REQUIRES_KEY) does not match here and reaches the declared
    route, which validates it and is what OpenAPI documents."""

    _BY_ID = re.compile(r"/v1/articles/([1-9][0-9]{0,9})")
    _BY_SLUG = re.compile(r"/v1/articles/by-slug/(" + SLUG_PATTERN.strip("^$") + ")")
    _CATEGORY = re.compile(r"[0-9]+|[a-z0-9]+(?:-[a-z0-9]+)*")
    _LIMIT = re.compile(r"[1-9][0-9]?|100")

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or scope["method"] != "GET":
            return Match.NONE, {}
        if get_settings().public_requires_key:
            return Match.NONE, {}
        path = scope["path"]
        if path == "/v1/articles":
            plain = self._plain_list(scope["query_string"])
            if plain is not None:
                return Match.FULL, {"path_params": {}, "newsdesk_list": plain}
            return Match.NONE, {}
        if (found := self._BY_ID.fullmatch(path)) and int(found[1]) <= MAX_ROW_ID:
            return Match.FULL, {"path_params": {"article_id": int(found[1])}}
        if (found := self._BY_SLUG.fullmatch(path)) and len(found[1]) <= 200:
            return Match.FULL, {"path_params": {"slug": found[1]}}
        return Match.NONE, {}

    def _plain_list(self, query_string: bytes) -> ListRequest | None:
        """The list request when the query holds only valid `category`, `limit`, `cursor`."""
        try:
            pairs = parse_qsl(query_string.decode("ascii"), keep_blank_values=True)
        except UnicodeDecodeError:
            return None
        values = dict(pairs)
        if len(values) != len(pairs) or not values.keys() <= {"category", "limit", "cursor", "q"}:
            return None
        category, limit, cursor = values.get("category"), values.get("limit"), values.get("cursor")
        q = values.get("q")
        if q is not None and (
            category is not None
            or len(q) > 200
            or not q.strip()
            or "\x00" in q
            or "\ufffd" in q  # not UTF-8: the declared route explains
        ):
            return None
        if category is not None and not (
            len(category) <= 200 and self._CATEGORY.fullmatch(category)
        ):
            return None
        if limit is not None and not self._LIMIT.fullmatch(limit):
            return None
        if cursor is not None and not (0 < len(cursor) <= 500):
            return None
        return ListRequest(
            filters=ListFilters(category=category, q=None if q is None else nfc(q).strip()),
            sort=None,
            fields=None,
            cursor=cursor,
            size=int(limit) if limit else DEFAULT_LIMIT,
            page=None,
        )

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        params = scope["path_params"]
        if "newsdesk_list" in scope:
            wanted = scope["newsdesk_list"]
            response = await _run_list(_list_page, request, wanted)
        elif "article_id" in params:
            response = await _run_read(_by_id, request, params["article_id"])
        else:
            response = await _run_read(_by_slug, request, params["slug"])
        await response(scope, receive, send)


_FAST_LANE_ROUTE = HotDetailRoute()


async def public_read_lane(scope: Scope) -> Response | None:
    """The front door's lane (app.core.fast_lane) for the same requests as HotDetailRoute:
    the answer when the driver-level path has one, else None (then the request takes the full
    stack and this route, which also answers misses, redirects and errors)."""
    match, child = _FAST_LANE_ROUTE.matches(scope)
    if match is not Match.FULL:
        return None
    request = Request(scope)
    wanted: ListRequest | None = child.get("newsdesk_list")
    # On PostgreSQL a kept answer is checked from the loop, with no hop to a reader thread.
    now = utcnow()
    if wanted is not None:
        key = _list_key(wanted)
        if wanted.filters.q is None and (kept := await kept_answer_from_the_loop(key, now)):
            return answer_response(request, kept, now)
        return await _run_list(_hot_list_or_search, request, wanted)
    params = child["path_params"]
    by = ("id", params["article_id"]) if "article_id" in params else ("slug", params["slug"])
    if kept := await kept_answer_from_the_loop(("detail", *by), now):
        return answer_response(request, kept, now)
    return await _run_read(_hot_detail_now, request, by)


def _hot_list_or_search(request: Request, wanted: ListRequest) -> Response | None:
    now = utcnow()
    if wanted.filters.q is None:
        return _hot_list_page(request, wanted, now)
    return _hot_search_page(request, wanted, now)


def _hot_detail_now(request: Request, key: tuple[str, int | str]) -> Response | None:
    return _hot_detail(request, key[0], key[1], utcnow())


def _detail_response(
    request: Request, session: Session, article_id: int, now: datetime
) -> Response:
    """The public detail from the JSON prepared at publish time (one query), or rendered now
    for a version published before prepared JSON existed."""
    article, view_count = live.visible_payload(session, article_id=article_id, now=now)
    payload: bytes | ArticlePublic = (
        presenters.with_view_count(article.public_json, view_count)
        if article.public_json is not None
        else presenters.public_detail(session, article)
    )
    return cached_json(
        request,
        payload,
        cache_control=_detail_cache_control(article, now),
        last_modified=live.detail_changed_at(session, article),
        read_at=now,
    )
