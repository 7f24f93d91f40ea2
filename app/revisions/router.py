"""Revisions of an article: list, read, diff, restore."""

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from app.accounts.deps import CurrentStaff
from app.accounts.permissions import can
from app.articles import service as articles
from app.articles.admin_router import ETAG_HEADER, article_etag, article_response
from app.articles.deps import ArticleForStaff
from app.articles.schemas import ArticleAdmin
from app.core.db import SessionDep, retry_on_conflict
from app.core.http import PRIVATE_CACHE_CONTROL, IfMatch, cached_json, require_if_match
from app.core.openapi import problems
from app.revisions import service
from app.revisions.models import ArticleRevision
from app.revisions.schemas import FieldChange, RevisionDetail, RevisionDiff, RevisionSummary

router = APIRouter()

RevisionNumber = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _summary(revision: ArticleRevision) -> RevisionSummary:
    return RevisionSummary(
        number=revision.number,
        version=revision.version,
        action=revision.action,
        created_at=revision.created_at,
        created_by=revision.created_by,
    )


@router.get("/{article_id}/revisions", response_model=list[RevisionSummary])
def list_revisions(request: Request, session: SessionDep, article: ArticleForStaff) -> Response:
    """Every revision, oldest first (revisions are immutable)."""
    assert article.id is not None
    items = [_summary(r).model_dump(mode="json")
             for r in service.list_revisions(session, article.id)]  # fmt: skip
    return cached_json(request, items, cache_control=PRIVATE_CACHE_CONTROL)


@router.get("/{article_id}/revisions/{number}", response_model=RevisionDetail)
def get_revision(
    request: Request,
    session: SessionDep,
    staff: CurrentStaff,
    article: ArticleForStaff,
    number: RevisionNumber,
) -> Response:
    """One revision with its full snapshot (royalty figures for those who may read the
    article's royalty)."""
    assert article.id is not None
    revision = service.get_revision(session, article_id=article.id, number=number)
    snapshot = service.snapshot_of(revision, royalty=can(staff, "manage_royalty", article))
    detail = RevisionDetail(**_summary(revision).model_dump(), snapshot=snapshot)
    return cached_json(request, detail, cache_control=PRIVATE_CACHE_CONTROL)


@router.get("/{article_id}/revisions/{number}/diff", response_model=RevisionDiff)
def diff_revisions(
    request: Request,
    session: SessionDep,
    staff: CurrentStaff,
    article: ArticleForStaff,
    number: RevisionNumber,
    to: Annotated[int, Query(ge=1, le=2**31 - 1, description="The other revision")],
) -> Response:
    """Field-by-field changes from revision `number` to `to`; content as a text diff."""
    assert article.id is not None
    older = service.get_revision(session, article_id=article.id, number=number)
    newer = service.get_revision(session, article_id=article.id, number=to)
    result = RevisionDiff(
        from_revision=number,
        to_revision=to,
        changes=[
            FieldChange(**c)
            for c in service.diff(older, newer, royalty=can(staff, "manage_royalty", article))
        ],
    )
    return cached_json(request, result, cache_control=PRIVATE_CACHE_CONTROL)


@router.post(
    "/{article_id}/revisions/{number}/restore",
    response_model=ArticleAdmin,
    responses=problems(409) | {200: {"headers": ETAG_HEADER}},
)
def restore_revision(
    request: Request,
    if_match: IfMatch,
    session: SessionDep,
    staff: CurrentStaff,
    article: ArticleForStaff,
    number: RevisionNumber,
) -> Response:
    """Bring back a revision's content as a new revision of the working copy (If-Match
    required); nothing newer is lost."""
    require_if_match(if_match, article_etag(article))
    assert article.id is not None
    revision = service.get_revision(session, article_id=article.id, number=number)
    article = retry_on_conflict(
        session,
        partial(
            articles.update_article,
            session,
            article=article,
            data=service.restore_data(revision),
            actor=staff,
            expected_lock_version=article.lock_version,
            action="restore",
            comment=f"restored from revision {number}",
        ),
    )
    return article_response(request, session, article, viewer=staff)
