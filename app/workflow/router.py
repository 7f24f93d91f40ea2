"""Workflow actions, the transition table, and previews of working copies."""

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from app.accounts import api_keys
from app.accounts.deps import BearerCredential, CurrentStaff, HeaderKey, api_key_from
from app.articles import presenters
from app.articles.admin_router import ETAG_HEADER, article_etag, article_response
from app.articles.deps import ArticleForStaff, ArticleId
from app.articles.models import ArticleStatus
from app.articles.schemas import ArticleAdmin, ArticlePreview
from app.articles.service import get_article
from app.core.config import get_settings
from app.core.db import SessionDep, retry_on_conflict
from app.core.errors import NotFound, Unauthorized
from app.core.http import IfMatch, cached_bytes, cached_json, require_if_match
from app.core.openapi import answers
from app.core.security import create_preview_token, preview_token_article
from app.workflow import service
from app.workflow.schemas import PreviewToken, TransitionRequest, TransitionRule

admin_router = APIRouter()
workflow_router = APIRouter()
preview_router = APIRouter()

NO_STORE = "private, no-store"


@admin_router.post(
    "/{article_id}/transitions",
    response_model=ArticleAdmin,
    responses={
        200: {"headers": ETAG_HEADER},
        409: {"description": "Not allowed from the current status; lists allowed_actions"},
    },
)
def transition(
    request: Request,
    if_match: IfMatch,
    session: SessionDep,
    staff: CurrentStaff,
    article: ArticleForStaff,
    data: TransitionRequest,
) -> Response:
    """Take a workflow action (If-Match required): submit, withdraw, approve, reject,
    publish, unpublish, trash, restore."""
    require_if_match(if_match, article_etag(article))
    article = retry_on_conflict(
        session,
        partial(
            service.apply_transition,
            session,
            article=article,
            action=data.action,
            actor=staff,
            expected_lock_version=article.lock_version,
            comment=data.comment,
            publish_at=data.publish_at,
        ),
    )
    return article_response(request, session, article, viewer=staff)


@admin_router.post("/{article_id}/preview-token", response_model=PreviewToken)
def preview_token(article: ArticleForStaff) -> PreviewToken:
    """A signed token, valid for minutes, that lets a frontend fetch this article's working
    copy without staff credentials."""
    assert article.id is not None
    token, lifetime = create_preview_token(
        article_id=article.id, minutes=get_settings().preview_token_minutes
    )
    return PreviewToken(
        token=token, expires_in=lifetime, url=f"/v1/preview/articles/{article.id}?token={token}"
    )


@workflow_router.get("", response_model=list[TransitionRule])
def transition_table(request: Request) -> Response:
    """The workflow: every action, from which statuses, to where, and who may take it."""
    return cached_bytes(request, service.transition_table_json(), media_type="application/json")


@answers(401, security=[{}, {"APIKeyHeader": []}])
def preview_allowed(
    session: SessionDep,
    article_id: ArticleId,
    bearer: BearerCredential,
    header_key: HeaderKey,
    token: Annotated[str | None, Query(max_length=2000)] = None,
) -> int:
    """The article a preview token or a `preview`-scoped API key lets the caller see."""
    if token is not None and preview_token_article(token) == article_id:
        return article_id
    key = api_key_from(session, bearer, header_key)
    if key is None or "preview" not in api_keys.key_scopes(key):
        raise Unauthorized("a valid preview token or a preview-scoped API key is required")
    return article_id


@preview_router.get(
    "/{article_id}", response_model=ArticlePreview, operation_id="preview_articles_get"
)
def preview_article(
    request: Request, session: SessionDep, article_id: Annotated[int, Depends(preview_allowed)]
) -> Response:
    """The working copy in public shape, with a preview token or a `preview`-scoped API key."""
    article = get_article(session, article_id)
    if article.status == ArticleStatus.trashed.value:
        raise NotFound("no such article")
    return cached_json(request, presenters.preview_detail(session, article), cache_control=NO_STORE)
