"""Public delivery API: live articles only, cacheable, no auth."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.responses import RedirectResponse, Response

from app.articles import live, presenters
from app.articles.deps import ArticleId
from app.articles.models import ArticleLive
from app.articles.schemas import ArticleListItem, ArticlePublic
from app.core.db import SessionDep, utcnow
from app.core.http import PUBLIC_CACHE_CONTROL, cached_json
from app.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page, next_link
from app.core.text import SLUG_PATTERN

router = APIRouter()

MAX_AGE = 30


def _detail_cache_control(article: ArticleLive, now: datetime) -> str:
    """Never let a cache keep an article past the instant it expires."""
    if article.expire_at is None:
        return PUBLIC_CACHE_CONTROL
    seconds_left = max(0, int((article.expire_at - now).total_seconds()))
    if seconds_left >= MAX_AGE:
        return PUBLIC_CACHE_CONTROL
    return f"public, max-age={seconds_left}, must-revalidate"


@router.get("", response_model=Page[ArticleListItem])
def list_articles(
    request: Request,
    session: SessionDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Response:
    """Live articles, newest first, with cursor pagination."""
    rows, next_cursor = live.list_visible(session, now=utcnow(), cursor=cursor, limit=limit)
    page = Page[ArticleListItem](
        items=presenters.public_list(session, rows), next_cursor=next_cursor
    )
    return cached_json(request, page, headers=next_link(request.url, next_cursor))


@router.get("/by-slug/{slug}", response_model=ArticlePublic)
def get_article_by_slug(
    request: Request,
    session: SessionDep,
    slug: Annotated[str, Path(max_length=200, pattern=SLUG_PATTERN)],
) -> Response:
    """A live article by its slug; an old slug answers 301 with the current address."""
    now = utcnow()
    article, is_old_slug = live.resolve_slug(session, slug=slug, now=now)
    if is_old_slug:
        return RedirectResponse(
            f"/v1/articles/by-slug/{article.slug}",
            status_code=301,
            headers={"Cache-Control": PUBLIC_CACHE_CONTROL},
        )
    return cached_json(
        request,
        presenters.public_detail(session, article),
        cache_control=_detail_cache_control(article, now),
    )


@router.get("/{article_id}", response_model=ArticlePublic)
def get_article(request: Request, session: SessionDep, article_id: ArticleId) -> Response:
    """A live article by id; anything not live is a 404."""
    now = utcnow()
    article = live.get_visible(session, article_id=article_id, now=now)
    return cached_json(
        request,
        presenters.public_detail(session, article),
        cache_control=_detail_cache_control(article, now),
    )
