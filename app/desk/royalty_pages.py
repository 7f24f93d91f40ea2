"""An article's royalty (nhuận bút) in the desk, as /v1/admin/articles/{id}/royalty: its lines,
approval and adjustments, for those who may manage it (the API's rule and its version guard);
the services' refusals come back next to the field."""

from collections.abc import Callable
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from sqlmodel import Session
from starlette.responses import Response

from app.accounts.permissions import ensure_can
from app.articles import service as articles
from app.articles.models import Article
from app.core.db import SessionDep, retry_on_conflict, utcnow
from app.core.errors import (
    NewsdeskError,
)
from app.core.http import require_if_match
from app.desk.i18n import _, desk_number
from app.desk.router import STATUS_LABELS
from app.desk.royalty_forms import (
    DONE,
    FIX,
    FORMATS,
    LINE_COLUMNS,
    ROYALTY_STATUS,
    STALE,
    PostedAdjustment,
    PostedLines,
    RowsForm,
    decimal_text,
    is_stale,
    payload,
    posted_rows,
    refused,
    staff_users,
    validated,
)
from app.desk.web import Desk, DeskChangeDep, DeskDep, render, see_other
from app.royalties import presenters, rates, service
from app.royalties.schemas import (
    AdjustmentIn,
    RoyaltyOut,
    RoyaltyPut,
)

router = APIRouter(include_in_schema=False)
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


# --- an article's royalty --------------------------------------------------------------------


def royalty_article(session: Session, desk: Desk, article_id: int) -> Article:
    """The API's ArticleForRoyalty: 404 for an article the caller may not see, 403 unless
    they may manage its royalty."""
    article = articles.get_article(session, article_id)
    ensure_can(desk.principal, "manage_royalty", article)
    return article


def lines_form(shape: RoyaltyOut, version: str) -> RowsForm:
    rows = [{
        "payee_user_id": str(line.payee_user_id or ""),
        "payee_name": "" if line.payee_user_id else line.payee_name,
        "role": line.role,
        "contribution": "" if line.contribution == line.role else line.contribution,
        "grade": line.grade, "page_units": str(line.page_units), "photos": str(line.photos),
        "share_percent": decimal_text(line.share_percent),
        "override_amount": "" if line.override_amount is None
        else desk_number(line.override_amount),
        "override_reason": line.override_reason or "",
    } for line in shape.lines]  # fmt: skip
    return RowsForm(rows=rows or [dict.fromkeys(LINE_COLUMNS, "")], version=version)


def _royalty_page(
    request: Request,
    session: Session,
    desk: Desk,
    article: Article,
    *,
    form: RowsForm | None = None,
    adjustment: RowsForm | None = None,
    message: str | None = None,
    status_code: int = 200,
) -> Response:
    now = utcnow()
    shape = presenters.royalty_out(session, article, now=now)
    version, _lock = presenters.royalty_version(session, article, now=now)
    grades = (
        sorted(rates.rates_by_grade(session, shape.rate_table.id, shape.article_type))
        if shape.rate_table
        else []
    )
    done = request.query_params.get("done", "")
    context = {
        "article": article,
        "royalty": shape,
        "version": version,
        "form": form or lines_form(shape, version),
        "adjustment": adjustment or RowsForm(),
        "grades": grades,
        "users": staff_users(session),
        "message": message,
        "done": _(DONE[done]) if done in DONE else None,
        "royalty_status": ROYALTY_STATUS,
        "status_labels": STATUS_LABELS,
        **FORMATS,
    }
    return render(request, "royalty_article.html", context, desk=desk, status_code=status_code)


def _write(
    request: Request,
    session: Session,
    desk: Desk,
    article: Article,
    version: str,
    write: Callable[..., object] | None,
    *,
    form: RowsForm | None = None,
    adjustment: RowsForm | None = None,
    done: str,
) -> Response:
    """A royalty write behind the API's If-Match guard (router._expected_version) on the
    version the page was opened on. A stale page is answered first (412, what was typed kept,
    the form now on the current version: saving again is knowing); then the form's own errors
    (write None); then the service's refusals."""
    try:
        etag, lock_version = presenters.royalty_version(session, article, now=utcnow())
        require_if_match(version, etag)
        if write is None:
            return _royalty_page(
                request, session, desk, article, form=form, adjustment=adjustment,
                message=_(FIX), status_code=422,
            )  # fmt: skip
        retry_on_conflict(session, partial(write, expected_lock_version=lock_version))
    except NewsdeskError as error:
        session.refresh(article)
        said = _(STALE) if is_stale(error) else refused(form or adjustment or RowsForm(), error)
        if is_stale(error) and form is not None:
            form.version = presenters.royalty_version(session, article, now=utcnow())[0]
        return _royalty_page(request, session, desk, article, form=form, adjustment=adjustment,
                             message=said, status_code=error.status_code)  # fmt: skip
    return see_other(f"/desk/articles/{article.id}/royalty?done={done}")


@router.get("/articles/{article_id}/royalty")
def royalty_page(
    request: Request, session: SessionDep, desk: DeskDep, article_id: RowId
) -> Response:
    article = royalty_article(session, desk, article_id)
    return _royalty_page(request, session, desk, article)


@router.post("/articles/{article_id}/royalty")
def save_royalty(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    article_id: RowId,
    posted: Annotated[PostedLines, Form()],
) -> Response:
    """Replace the lines (the API's PUT); "add a row" only shows the form with one more."""
    article = royalty_article(session, desk, article_id)
    form = RowsForm(rows=posted_rows(posted, LINE_COLUMNS), version=posted.version)
    if posted.add:
        return _royalty_page(request, session, desk, article, form=form)
    lines = [payload(row) for row in form.rows if any(v.strip() for v in row.values())]
    data = validated(RoyaltyPut, {"lines": lines}, form)
    write = partial(service.replace_lines, session, article=article, data=data,
                    actor=desk.principal) if data else None  # fmt: skip
    return _write(request, session, desk, article, posted.version, write, form=form, done="saved")


@router.post("/articles/{article_id}/royalty/approve")
def approve_royalty(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    article_id: RowId,
    version: Annotated[str, Form()] = "",
) -> Response:
    article = royalty_article(session, desk, article_id)
    write = partial(service.approve, session, article=article, actor=desk.principal)
    return _write(request, session, desk, article, version, write, done="approved")


@router.post("/articles/{article_id}/royalty/adjustments")
def add_adjustment(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    article_id: RowId,
    posted: Annotated[PostedAdjustment, Form()],
) -> Response:
    article = royalty_article(session, desk, article_id)
    typed = posted.model_dump(exclude={"version"})
    form = RowsForm(fields=typed)
    data = validated(AdjustmentIn, payload(typed), form)
    write = partial(service.add_adjustment, session, article=article, data=data,
                    actor=desk.principal) if data else None  # fmt: skip
    return _write(
        request, session, desk, article, posted.version, write, adjustment=form, done="adjusted"
    )
