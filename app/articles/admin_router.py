"""Management API for articles: /v1/admin/articles."""

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.accounts.deps import CurrentStaff
from app.accounts.permissions import Principal
from app.articles import presenters, service
from app.articles.deps import ArticleForStaff
from app.articles.models import Article, ArticleStatus
from app.articles.schemas import ArticleAdmin, ArticleCreate, ArticleHistoryEntry, ArticleUpdate
from app.core.db import SessionDep, retry_on_conflict, utcnow
from app.core.http import (
    PRIVATE_CACHE_CONTROL,
    IfMatch,
    cached_json,
    require_if_match,
    version_etag,
)
from app.core.openapi import problems
from app.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page, next_link
from app.core.text import NFCText
from app.core.timestamps import Timestamp
from app.revisions import service as revisions
from app.workflow import service as workflow

router = APIRouter()

ETAG_HEADER = {"ETag": {"description": "Version of the article; send it back in If-Match"}}


def article_etag(article: Article) -> str:
    assert article.id is not None
    return version_etag("a", article.id, article.lock_version)


def article_response(
    request: Request,
    session: SessionDep,
    article: Article,
    *,
    viewer: Principal,
    status_code: int = 200,
) -> Response:
    payload = presenters.admin_detail(session, article, viewer=viewer, now=utcnow())
    headers = {"Location": f"/v1/admin/articles/{article.id}"} if status_code == 201 else None
    return cached_json(
        request,
        payload,
        etag=article_etag(article),
        cache_control=PRIVATE_CACHE_CONTROL,
        headers=headers,
        status_code=status_code,
    )


@router.post(
    "",
    response_model=ArticleAdmin,
    status_code=201,
    responses=problems(409) | {201: {"headers": ETAG_HEADER}},
)
def create_article(
    request: Request, session: SessionDep, staff: CurrentStaff, data: ArticleCreate
) -> Response:
    """Create an article as a draft (version 0.1)."""
    article = retry_on_conflict(
        session, partial(service.create_article, session, data=data, actor=staff)
    )
    return article_response(request, session, article, viewer=staff, status_code=201)


@router.get("", response_model=Page[ArticleAdmin])
def list_articles(
    request: Request,
    session: SessionDep,
    staff: CurrentStaff,
    status: ArticleStatus | None = None,
    category_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    author_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    q: Annotated[NFCText | None, Query(max_length=200)] = None,
    overdue: Annotated[
        bool,
        Query(
            description="Only articles whose go-live or expiry the scheduler has not "
            "recorded yet (empty once it has caught up)"
        ),
    ] = False,
    article_type: Annotated[str | None, Query(alias="type", max_length=50)] = None,
    awaiting_my_review: Annotated[
        bool,
        Query(description="Only articles in review whose current step the caller may approve"),
    ] = False,
    updated_from: Annotated[Timestamp | None, Query(description="Updated at or after")] = None,
    updated_before: Annotated[Timestamp | None, Query(description="Updated before")] = None,
    sort: Annotated[
        service.AdminSort,
        Query(
            description="newest (by id), updated (last change first), title (A to Z), "
            "views (most viewed first)"
        ),
    ] = service.AdminSort.newest,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Response:
    """Staff list of articles, newest first; trashed ones only when asked by status."""
    rows, next_cursor = service.list_admin_articles(
        session,
        viewer=staff,
        status=status,
        category_id=category_id,
        author_id=author_id,
        q=q,
        overdue=overdue,
        article_type=article_type,
        awaiting_my_review=awaiting_my_review,
        updated_from=updated_from,
        updated_before=updated_before,
        sort=sort,
        cursor=cursor,
        limit=limit,
    )
    page = Page[ArticleAdmin](
        items=presenters.admin_list(session, rows, viewer=staff, now=utcnow()),
        next_cursor=next_cursor,
    )
    return cached_json(
        request,
        page,
        cache_control=PRIVATE_CACHE_CONTROL,
        headers=next_link(request, next_cursor),
    )


@router.get("/{article_id}", response_model=ArticleAdmin, responses={200: {"headers": ETAG_HEADER}})
def get_article(
    request: Request, session: SessionDep, staff: CurrentStaff, article: ArticleForStaff
) -> Response:
    """One article with everything staff may see; its ETag guards the next write."""
    return article_response(request, session, article, viewer=staff)


@router.patch(
    "/{article_id}",
    response_model=ArticleAdmin,
    responses=problems(409) | {200: {"headers": ETAG_HEADER}},
)
def update_article(
    request: Request,
    if_match: IfMatch,
    session: SessionDep,
    staff: CurrentStaff,
    article: ArticleForStaff,
    data: ArticleUpdate,
) -> Response:
    """Change some fields (If-Match required); each save is a new minor version."""
    require_if_match(if_match, article_etag(article))
    article = retry_on_conflict(
        session,
        partial(
            service.update_article,
            session,
            article=article,
            data=data,
            actor=staff,
            expected_lock_version=article.lock_version,
        ),
    )
    return article_response(request, session, article, viewer=staff)


@router.delete(
    "/{article_id}",
    response_model=ArticleAdmin,
    responses=problems(409) | {200: {"headers": ETAG_HEADER}, 204: {"description": "Purged"}},
)
def trash_or_purge_article(
    request: Request,
    if_match: IfMatch,
    session: SessionDep,
    staff: CurrentStaff,
    article: ArticleForStaff,
    purge: Annotated[bool, Query(description="Delete a trashed article for good (admin)")] = False,
) -> Response:
    """Move the article to the trash (If-Match required): reversible, nothing is lost. With
    `purge=true` an admin deletes a trashed article for good, leaving an audit record."""
    require_if_match(if_match, article_etag(article))
    if purge:
        retry_on_conflict(
            session,
            partial(
                workflow.purge_article,
                session,
                article=article,
                actor=staff,
                expected_lock_version=article.lock_version,
            ),
        )
        return Response(status_code=204)
    article = retry_on_conflict(
        session,
        partial(
            workflow.apply_transition,
            session,
            article=article,
            action="trash",
            actor=staff,
            expected_lock_version=article.lock_version,
        ),
    )
    return article_response(request, session, article, viewer=staff)


@router.get("/{article_id}/history", response_model=list[ArticleHistoryEntry])
def article_history(request: Request, session: SessionDep, article: ArticleForStaff) -> Response:
    """Every change and transition: who (or "system"), when, from, to, comment, version."""
    assert article.id is not None
    entries = presenters.history_entries(session, revisions.history_of(session, article.id))
    return cached_json(request, entries, cache_control=PRIVATE_CACHE_CONTROL)
