"""HTTP for related articles: editor picks (admin) and the public related list."""

import re
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import Receive, Scope, Send

from app.accounts.deps import CurrentStaff
from app.articles import live
from app.articles.admin_router import ETAG_HEADER, article_etag
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
from app.core.http import (
    PRIVATE_CACHE_CONTROL,
    IfMatch,
    body_etag,
    cached_json,
    require_if_match,
)
from app.core.read_cache import (
    ANSWERS,
    Answer,
    answer_response,
    commit_count,
    kept_answer_from_the_loop,
)
from app.related import hot, service
from app.related.schemas import RelatedPage, RelatedPicksAdmin, RelatedPicksUpdate

DEFAULT_LIMIT = 6
admin_router = APIRouter()
public_router = APIRouter()


@admin_router.get(
    "/{article_id}/related",
    response_model=RelatedPicksAdmin,
    responses={200: {"headers": ETAG_HEADER}},
)
def get_picks(
    request: Request, session: SessionDep, staff: CurrentStaff, article: ArticleForStaff
) -> Response:
    """The editor picks of the working copy and of the published version; the ETag is the
    article's (send it in If-Match to change the picks)."""
    payload = service.picks(session, article=article, viewer=staff, now=utcnow())
    return cached_json(
        request, payload, etag=article_etag(article), cache_control=PRIVATE_CACHE_CONTROL
    )


@admin_router.put(
    "/{article_id}/related",
    response_model=RelatedPicksAdmin,
    responses={200: {"headers": ETAG_HEADER}},
)
def put_picks(
    request: Request,
    if_match: IfMatch,
    session: SessionDep,
    staff: CurrentStaff,
    article: ArticleForStaff,
    data: RelatedPicksUpdate,
) -> Response:
    """Replace the picks, in order (If-Match required); they go live with the next publish."""
    require_if_match(if_match, article_etag(article))
    article = service.set_picks(
        session,
        article=article,
        related_ids=data.related_ids,
        actor=staff,
        expected_lock_version=article.lock_version,
    )
    payload = service.picks(session, article=article, viewer=staff, now=utcnow())
    return cached_json(
        request, payload, etag=article_etag(article), cache_control=PRIVATE_CACHE_CONTROL
    )


@public_router.get("/{article_id}/related", response_model=RelatedPage)
def get_related(
    request: Request,
    article_id: ArticleId,
    limit: Annotated[int, Query(ge=1, le=service.MAX_LIMIT)] = DEFAULT_LIMIT,
) -> Response:
    """Related live articles: editor picks first (in their order), then similar ones by
    content, category, tags and date; each with its `reason` (and `score` when similar)."""
    return _related(request, article_id, limit)


def _related(request: Request, article_id: int, limit: int) -> Response:
    now = utcnow()
    key = ("related", article_id, limit)
    with request_driver_connection() as connection:
        # Kept while nothing is committed and nothing goes live or expires (app.core.read_cache).
        commits = commit_count(connection)
        answer = ANSWERS.get(key, commits, now)
        if answer is None:
            found = hot.visible_related(connection, article_id=article_id, limit=limit, now=now)
            if found is not None:
                answer = Answer(found[0], body_etag(found[0]), None, found[1])
                ANSWERS.put(key, commits, answer)
    if answer is None:  # not visible (the 404 explains), or rendered on the fly: the ORM path
        with request_session(write=False) as session:
            body = service.public_related(session, article_id=article_id, limit=limit, now=now)
            answer = Answer(body, body_etag(body), None, live.next_change_at(session, now))
    return answer_response(request, answer, now)


class RelatedRoute(BaseRoute):
    """The related list's fast lane, like the public detail's (app/articles/public_router.py):
    `GET /v1/articles/{id}/related` with a well-formed id and at most a valid `limit`, on the
    open API, answered by the declared route's code minus FastAPI's routing and parameter
    solving (which cost more than the read itself). Anything else reaches the declared route,
    which validates it and is what OpenAPI shows."""

    _PATH = re.compile(r"/v1/articles/([1-9][0-9]{0,9})/related")
    _QUERY = re.compile(rb"(?:limit=([1-9]|1[0-9]|20))?")

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or scope["method"] != "GET":
            return Match.NONE, {}
        if get_settings().public_requires_key:
            return Match.NONE, {}
        path = self._PATH.fullmatch(scope["path"])
        query = self._QUERY.fullmatch(scope["query_string"])
        if path is None or query is None or int(path[1]) > MAX_ROW_ID:
            return Match.NONE, {}
        limit = int(query[1]) if query[1] else DEFAULT_LIMIT
        return Match.FULL, {"path_params": {"article_id": int(path[1]), "limit": limit}}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        params = scope["path_params"]
        now = utcnow()
        key = ("related", params["article_id"], params["limit"])
        if kept := await kept_answer_from_the_loop(key, now):  # PostgreSQL: no thread hop
            response = answer_response(request, kept, now)
        else:
            response = await run_read(_related, request, params["article_id"], params["limit"])
        await response(scope, receive, send)
