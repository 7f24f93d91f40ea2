"""Royalties over HTTP: rate tables (/v1/admin/royalty-rates), an article's royalty
(/v1/admin/articles/{id}/royalty) and the report (/v1/admin/reports/royalties)."""

from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from starlette.responses import Response

from app.accounts.deps import CurrentStaff, require_role_somewhere, require_site_role
from app.accounts.models import Role
from app.articles.models import Article
from app.core.db import SessionDep, utcnow
from app.core.http import (
    PRIVATE_CACHE_CONTROL,
    IfMatch,
    cached_bytes,
    cached_json,
    require_if_match,
    version_etag,
)
from app.core.openapi import problems
from app.core.timestamps import Day
from app.royalties import hooks, presenters, rates, report, service
from app.royalties.deps import ArticleForRoyalty, RateTableById
from app.royalties.models import RoyaltyRateTable
from app.royalties.schemas import (
    AdjustmentIn,
    GroupBy,
    RateTableIn,
    RateTableOut,
    RoyaltyOut,
    RoyaltyPut,
    RoyaltyReport,
)
from app.royalties.suggestions import site_date

ETAG_HEADER = {"ETag": {"description": "Version; send it back in If-Match"}}
EditorsRead = [require_role_somewhere(Role.editor)]
AdminOnly = [require_site_role(Role.admin)]

rates_router = APIRouter()
royalty_router = APIRouter()
reports_router = APIRouter(dependencies=EditorsRead)


# --- rate tables -----------------------------------------------------------------------------


def _table_etag(table: RoyaltyRateTable) -> str:
    assert table.id is not None
    return version_etag("t", table.id, table.lock_version)


def _table_response(
    request: Request, session: SessionDep, table: RoyaltyRateTable, *, status_code: int = 200
) -> Response:
    headers = {"Location": f"/v1/admin/royalty-rates/{table.id}"} if status_code == 201 else None
    return cached_json(
        request,
        rates.table_out(session, table),
        etag=_table_etag(table),
        cache_control=PRIVATE_CACHE_CONTROL,
        headers=headers,
        status_code=status_code,
    )


@rates_router.get("", response_model=list[RateTableOut], dependencies=EditorsRead)
def list_rate_tables(request: Request, session: SessionDep) -> Response:
    """Every version of the rate table, the latest effective date first."""
    tables = [rates.table_out(session, t) for t in rates.list_tables(session)]
    return cached_json(
        request, [t.model_dump(mode="json") for t in tables], cache_control=PRIVATE_CACHE_CONTROL
    )


@rates_router.post(
    "",
    response_model=RateTableOut,
    status_code=201,
    dependencies=AdminOnly,
    responses=problems(409) | {201: {"headers": ETAG_HEADER}},
)
def create_rate_table(
    request: Request, session: SessionDep, staff: CurrentStaff, data: RateTableIn
) -> Response:
    """Add a version of the rates, in force from its effective date (admin)."""
    table = hooks.create_rate_table(session, data=data, actor=staff)
    return _table_response(request, session, table, status_code=201)


@rates_router.get(
    "/{table_id}",
    response_model=RateTableOut,
    dependencies=EditorsRead,
    responses={200: {"headers": ETAG_HEADER}},
)
def get_rate_table(request: Request, session: SessionDep, table: RateTableById) -> Response:
    """One version of the rates."""
    return _table_response(request, session, table)


@rates_router.put(
    "/{table_id}",
    response_model=RateTableOut,
    dependencies=AdminOnly,
    responses=problems(409) | {200: {"headers": ETAG_HEADER}},
)
def replace_rate_table(
    request: Request,
    if_match: IfMatch,
    session: SessionDep,
    staff: CurrentStaff,
    table: RateTableById,
    data: RateTableIn,
) -> Response:
    """Replace a version (If-Match required); draft royalties are recomputed, approved ones
    keep what they were approved with (admin)."""
    require_if_match(if_match, _table_etag(table))
    table = hooks.replace_rate_table(
        session, table=table, data=data, actor=staff, expected_lock_version=table.lock_version
    )
    return _table_response(request, session, table)


@rates_router.delete(
    "/{table_id}", status_code=204, dependencies=AdminOnly, responses=problems(409)
)
def delete_rate_table(
    request: Request,
    if_match: IfMatch,
    session: SessionDep,
    staff: CurrentStaff,
    table: RateTableById,
) -> Response:
    """Remove a version no approved royalty used (If-Match required; admin)."""
    require_if_match(if_match, _table_etag(table))
    hooks.delete_rate_table(
        session, table=table, actor=staff, expected_lock_version=table.lock_version
    )
    return Response(status_code=204)


# --- an article's royalty --------------------------------------------------------------------


def _royalty_response(
    request: Request, session: SessionDep, article: Article, *, status_code: int = 200
) -> Response:
    now = utcnow()
    etag, _ = presenters.royalty_version(session, article, now=now)
    return cached_json(
        request,
        presenters.royalty_out(session, article, now=now),
        etag=etag,
        cache_control=PRIVATE_CACHE_CONTROL,
        status_code=status_code,
    )


def _expected_version(if_match: str | None, session: SessionDep, article: Article) -> int:
    """The If-Match guard of every royalty write: 428 without it, 412 when stale."""
    etag, lock_version = presenters.royalty_version(session, article, now=utcnow())
    require_if_match(if_match, etag)
    return lock_version


@royalty_router.get(
    "/{article_id}/royalty", response_model=RoyaltyOut, responses={200: {"headers": ETAG_HEADER}}
)
def get_royalty(request: Request, session: SessionDep, article: ArticleForRoyalty) -> Response:
    """The article's royalty lines, suggested amounts and totals (editors of the article)."""
    return _royalty_response(request, session, article)


@royalty_router.put(
    "/{article_id}/royalty",
    response_model=RoyaltyOut,
    responses=problems(409) | {200: {"headers": ETAG_HEADER}},
)
def put_royalty(
    request: Request,
    if_match: IfMatch,
    session: SessionDep,
    staff: CurrentStaff,
    article: ArticleForRoyalty,
    data: RoyaltyPut,
) -> Response:
    """Replace the lines of a draft royalty (If-Match required; the first save uses the ETag
    of the empty royalty)."""
    expected = _expected_version(if_match, session, article)
    service.replace_lines(
        session, article=article, data=data, actor=staff, expected_lock_version=expected
    )
    return _royalty_response(request, session, article)


@royalty_router.post(
    "/{article_id}/royalty/approve",
    response_model=RoyaltyOut,
    responses=problems(409) | {200: {"headers": ETAG_HEADER}},
)
def approve_royalty(
    request: Request,
    if_match: IfMatch,
    session: SessionDep,
    staff: CurrentStaff,
    article: ArticleForRoyalty,
) -> Response:
    """Freeze the royalty of a published article (If-Match required); afterwards only
    adjustments change it."""
    expected = _expected_version(if_match, session, article)
    service.approve(session, article=article, actor=staff, expected_lock_version=expected)
    return _royalty_response(request, session, article)


@royalty_router.post(
    "/{article_id}/royalty/adjustments",
    response_model=RoyaltyOut,
    status_code=201,
    responses=problems(409) | {201: {"headers": ETAG_HEADER}},
)
def add_royalty_adjustment(
    request: Request,
    if_match: IfMatch,
    session: SessionDep,
    staff: CurrentStaff,
    article: ArticleForRoyalty,
    data: AdjustmentIn,
) -> Response:
    """Add a signed, reasoned adjustment to an approved royalty (If-Match required; recorded
    in the audit trail)."""
    expected = _expected_version(if_match, session, article)
    service.add_adjustment(
        session, article=article, data=data, actor=staff, expected_lock_version=expected
    )
    return _royalty_response(request, session, article, status_code=201)


# --- the report ------------------------------------------------------------------------------


def _period(from_date: date | None, to_date: date | None) -> tuple[date, date]:
    """Defaults to the current month (site time zone); 422 for a reversed or too long one."""
    today = site_date(utcnow())
    start = from_date or today.replace(day=1)
    if to_date is None:
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        to_date = following - timedelta(days=1)
    problem = None
    if not (
        report.MIN_DAY <= start <= report.MAX_DAY and report.MIN_DAY <= to_date <= report.MAX_DAY
    ):
        problem = f"dates must lie between {report.MIN_DAY} and {report.MAX_DAY}"
    elif to_date < start:
        problem = "to must not be before from"
    elif (to_date - start).days >= report.MAX_PERIOD_DAYS:
        problem = f"a report covers at most {report.MAX_PERIOD_DAYS} days"
    if problem:
        raise RequestValidationError(
            [{"loc": ("query", "to"), "msg": problem, "type": "value_error"}]
        )
    return start, to_date


@reports_router.get(
    "/royalties",
    response_model=RoyaltyReport,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def royalty_report(
    request: Request,
    session: SessionDep,
    staff: CurrentStaff,
    from_date: Annotated[
        Day | None,
        Query(alias="from", description="First day (site time zone); default: 1st of this month"),
    ] = None,
    to_date: Annotated[
        Day | None,
        Query(alias="to", description="Last day, inclusive; default: end of from's month"),
    ] = None,
    group_by: GroupBy = "author",
    format: Literal["json", "csv"] = "json",
    approved_only: bool = False,
) -> Response:
    """Royalties of the items first published in the period (categories the caller edits),
    with their lines, units and amounts, subtotals per group and totals; `format=csv` for Excel."""
    start, end = _period(from_date, to_date)
    built = report.build_report(
        session,
        viewer=staff,
        from_date=start,
        to_date=end,
        group_by=group_by,
        approved_only=approved_only,
        now=utcnow(),
    )
    if format == "csv":
        filename = f"royalties-{start}-{end}-{group_by}.csv"
        return cached_bytes(
            request,
            report.report_csv(built),
            media_type="text/csv; charset=utf-8",
            cache_control=PRIVATE_CACHE_CONTROL,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    return cached_json(request, built, cache_control=PRIVATE_CACHE_CONTROL)
