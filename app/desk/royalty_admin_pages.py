"""The royalty rate tables (as /v1/admin/royalty-rates: editors read, admins write) and the
monthly report with its CSV (as /v1/admin/reports/royalties) in the desk."""

from calendar import monthrange
from datetime import date, datetime
from functools import partial
from typing import Annotated, cast
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from sqlmodel import Session
from starlette.responses import Response

from app.accounts.models import Role
from app.core.config import get_settings
from app.core.db import SessionDep, retry_on_conflict, utcnow
from app.core.errors import (
    Forbidden,
    NewsdeskError,
    PreconditionFailed,
)
from app.desk.i18n import _, desk_number
from app.desk.royalty_forms import (
    DONE,
    FIX,
    FORMATS,
    GROUP_LABELS,
    RATE_COLUMNS,
    ROYALTY_STATUS,
    STALE,
    PostedRates,
    RowsForm,
    decimal_text,
    is_stale,
    payload,
    posted_rows,
    refusal,
    refused,
    validated,
)
from app.desk.web import DESK_HEADERS, Desk, DeskChangeDep, DeskDep, render, see_other
from app.royalties import hooks, rates, report
from app.royalties.models import RoyaltyRateTable
from app.royalties.schemas import (
    GroupBy,
    RateTableIn,
    RateTableOut,
    RoyaltyReport,
)
from app.royalties.suggestions import site_date

router = APIRouter(include_in_schema=False)
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


# --- rate tables -----------------------------------------------------------------------------


def _editor_somewhere(desk: DeskDep) -> Desk:
    """The API's rule for reading rates and the report (require_role_somewhere(Role.editor)),
    answered as the API does: 403."""
    if not desk.reads_royalties:
        raise Forbidden("requires the editor role")
    return desk


def _admin(desk: Desk) -> Desk:
    """The API's rule for writing rates (require_site_role(Role.admin)): 403 otherwise."""
    if desk.principal.site_role is not Role.admin:
        raise Forbidden("requires the site-wide admin role")
    return desk


EditorDep = Annotated[Desk, Depends(_editor_somewhere)]


def _admin_page(desk: DeskDep) -> Desk:
    return _admin(desk)


def _admin_change(desk: DeskChangeDep) -> Desk:
    return _admin(desk)


AdminPageDep = Annotated[Desk, Depends(_admin_page)]
AdminChangeDep = Annotated[Desk, Depends(_admin_change)]


def rates_form(table: RateTableOut | None, version: int) -> RowsForm:
    if table is None:
        return RowsForm(rows=[dict.fromkeys(RATE_COLUMNS, "")], version=str(version))
    rows = [{
        "article_type": r.article_type, "grade": r.grade,
        "page_coefficient": decimal_text(r.page_coefficient),
        "photo_coefficient": decimal_text(r.photo_coefficient),
        "max_page_units": "" if r.max_page_units is None else str(r.max_page_units),
        "max_photos": "" if r.max_photos is None else str(r.max_photos),
        "max_coefficient": decimal_text(r.max_coefficient),
    } for r in table.rates]  # fmt: skip
    fields = {"name": table.name, "effective_from": table.effective_from.isoformat(),
              "unit_value": desk_number(table.unit_value), "note": table.note}  # fmt: skip
    return RowsForm(fields=fields, rows=rows, version=str(version))


@router.get("/admin/royalty-rates")
def rate_tables(request: Request, session: SessionDep, desk: EditorDep) -> Response:
    """Every version of the rates, the latest effective date first."""
    tables = [rates.table_out(session, t) for t in rates.list_tables(session)]
    done = request.query_params.get("done", "")
    context = {"tables": tables, "done": _(DONE[done]) if done in DONE else None, **FORMATS}
    return render(request, "royalty_rates.html", context, desk=desk)


def _table_page(
    request: Request,
    session: Session,
    desk: Desk,
    table: RoyaltyRateTable | None,
    *,
    form: RowsForm | None = None,
    message: str | None = None,
    status_code: int = 200,
) -> Response:
    shape = rates.table_out(session, table) if table is not None else None
    context = {
        "table": shape,
        "form": form or rates_form(shape, table.lock_version if table else 0),
        "article_types": get_settings().article_types,
        "message": message,
        "saved": request.query_params.get("saved") == "1",
        **FORMATS,
    }
    return render(request, "royalty_rate_table.html", context, desk=desk, status_code=status_code)


@router.get("/admin/royalty-rates/new")
def new_rate_table(request: Request, session: SessionDep, desk: AdminPageDep) -> Response:
    return _table_page(request, session, desk, None)


@router.get("/admin/royalty-rates/{table_id}")
def rate_table(request: Request, session: SessionDep, desk: EditorDep, table_id: RowId) -> Response:
    return _table_page(request, session, desk, rates.get_table(session, table_id))


def _save_table(
    request: Request,
    session: Session,
    desk: Desk,
    table: RoyaltyRateTable | None,
    posted: PostedRates,
) -> Response:
    """Create (table None) or replace a version, the API's POST and PUT."""
    typed = {k: getattr(posted, k) for k in ("name", "effective_from", "unit_value", "note")}
    form = RowsForm(fields=typed, rows=posted_rows(posted, RATE_COLUMNS), version=posted.version)
    if posted.add:
        return _table_page(request, session, desk, table, form=form)
    rows = [payload(row) for row in form.rows if any(v.strip() for v in row.values())]
    data = validated(RateTableIn, {**payload(typed), "rates": rows}, form)
    try:
        # The version the page was opened on (the API's If-Match), checked first; the service
        # checks it again as it writes.
        if table is not None and posted.version != str(table.lock_version):
            raise PreconditionFailed("stale page")
        if data is None:
            return _table_page(request, session, desk, table, form=form, message=_(FIX),
                               status_code=422)  # fmt: skip
        if table is None:
            saved = retry_on_conflict(
                session, partial(hooks.create_rate_table, session, data=data, actor=desk.principal)
            )
        else:
            saved = retry_on_conflict(
                session,
                partial(hooks.replace_rate_table, session, table=table, data=data,
                        actor=desk.principal, expected_lock_version=table.lock_version),
            )  # fmt: skip
    except NewsdeskError as error:
        if table is not None:
            session.refresh(table)
            form.version = str(table.lock_version) if is_stale(error) else form.version
        said = _(STALE) if is_stale(error) else refused(form, error)
        return _table_page(request, session, desk, table, form=form, message=said,
                           status_code=error.status_code)  # fmt: skip
    return see_other(f"/desk/admin/royalty-rates/{saved.id}?saved=1")


@router.post("/admin/royalty-rates/new")
def create_rate_table(
    request: Request,
    session: SessionDep,
    desk: AdminChangeDep,
    posted: Annotated[PostedRates, Form()],
) -> Response:
    return _save_table(request, session, desk, None, posted)


@router.post("/admin/royalty-rates/{table_id}")
def replace_rate_table(
    request: Request,
    session: SessionDep,
    desk: AdminChangeDep,
    table_id: RowId,
    posted: Annotated[PostedRates, Form()],
) -> Response:
    return _save_table(request, session, desk, rates.get_table(session, table_id), posted)


@router.post("/admin/royalty-rates/{table_id}/delete")
def delete_rate_table(
    request: Request,
    session: SessionDep,
    desk: AdminChangeDep,
    table_id: RowId,
    version: Annotated[str, Form()] = "",
) -> Response:
    table = rates.get_table(session, table_id)
    expected = int(version) if version.isdigit() else -1
    try:
        retry_on_conflict(
            session,
            partial(hooks.delete_rate_table, session, table=table, actor=desk.principal,
                    expected_lock_version=expected),
        )  # fmt: skip
    except NewsdeskError as error:
        session.refresh(table)
        said = _(STALE) if is_stale(error) else refusal(error)
        return _table_page(request, session, desk, table, message=said,
                           status_code=error.status_code)  # fmt: skip
    return see_other("/desk/admin/royalty-rates?done=deleted")


# --- the report ------------------------------------------------------------------------------


def _period(month: str) -> tuple[date, date] | None:
    """A month ("2026-11") as its first and last day; empty: this month in the site's time
    zone, as the API's default."""
    try:
        start = (
            datetime.strptime(month, "%Y-%m").date()
            if month
            else site_date(utcnow()).replace(day=1)
        )
    except ValueError:
        return None
    if not report.MIN_DAY <= start <= report.MAX_DAY:
        return None
    return start, start.replace(day=monthrange(start.year, start.month)[1])


def _report(
    session: Session, desk: Desk, month: str, group_by: str, approved_only: bool
) -> tuple[RoyaltyReport | None, list[str], tuple[date, date] | None]:
    period = _period(month)
    errors = [] if period else [_("Choose a month.")]
    if group_by not in GROUP_LABELS:
        errors.append(_("Unknown grouping."))
    if errors or period is None:
        return None, errors, period
    built = report.build_report(
        session, viewer=desk.principal, from_date=period[0], to_date=period[1],
        group_by=cast(GroupBy, group_by), approved_only=approved_only, now=utcnow(),
    )  # fmt: skip
    return built, errors, period


Month = Annotated[str, Query(max_length=20)]
Grouping = Annotated[str, Query(max_length=20)]


@router.get("/royalties")
def royalty_report(
    request: Request,
    session: SessionDep,
    desk: EditorDep,
    month: Month = "",
    group_by: Grouping = "author",
    approved_only: bool = False,
) -> Response:
    """The month's royalties as a table, with subtotals per group and totals (the API's
    report); CSV as the API gives it."""
    built, errors, period = _report(session, desk, month, group_by, approved_only)
    query = {"month": f"{period[0]:%Y-%m}" if period else month, "group_by": group_by}
    if approved_only:
        query["approved_only"] = "true"
    context = {
        "report": built,
        "errors": errors,
        "month": query["month"],
        "group_by": group_by,
        "approved_only": approved_only,
        "group_labels": GROUP_LABELS,
        "royalty_status": ROYALTY_STATUS,
        "csv_query": urlencode(query),
        **FORMATS,
    }
    return render(request, "royalty_report.html", context, desk=desk,
                  status_code=400 if errors else 200)  # fmt: skip


@router.get("/royalties/csv")
def royalty_report_csv(
    request: Request,
    session: SessionDep,
    desk: EditorDep,
    month: Month = "",
    group_by: Grouping = "author",
    approved_only: bool = False,
) -> Response:
    """The same CSV as GET /v1/admin/reports/royalties?format=csv for the month."""
    built, _errors, period = _report(session, desk, month, group_by, approved_only)
    if built is None or period is None:  # the page says what is wrong
        return see_other(f"/desk/royalties?{request.url.query}")
    filename = f"royalties-{period[0]}-{period[1]}-{group_by}.csv"
    return Response(
        report.report_csv(built),
        media_type="text/csv; charset=utf-8",
        headers={**DESK_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'},
    )
