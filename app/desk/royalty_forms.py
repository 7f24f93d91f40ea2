"""The royalty pages' shared parts: the services' refusals in the desk's words, numbers and
money written the Vietnamese way, and forms made of table rows (royalty lines, rates) as typed."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import Field, ValidationError
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.core.errors import (
    InvalidInput,
    NewsdeskError,
    PreconditionFailed,
    PreconditionRequired,
)
from app.desk.forms import message_for
from app.desk.i18n import N_, _, desk_number
from app.desk.web import PostedForm

LINE_COLUMNS = ("payee_user_id", "payee_name", "role", "contribution", "grade", "page_units",
                "photos", "share_percent", "override_amount", "override_reason")  # fmt: skip
RATE_COLUMNS = ("article_type", "grade", "page_coefficient", "photo_coefficient",
                "max_page_units", "max_photos", "max_coefficient")  # fmt: skip
# How a number is typed the Vietnamese way: "1.250.000" (dots group thousands), "33,33".
WHOLE = {"page_units", "photos", "override_amount", "amount", "unit_value", "max_page_units",
         "max_photos"}  # fmt: skip
DECIMAL = {"share_percent", "page_coefficient", "photo_coefficient", "max_coefficient"}

ROYALTY_STATUS = {"draft": N_("Draft"), "approved": N_("Approved")}
GROUP_LABELS = {"author": N_("By payee"), "category": N_("By category"),
                "article_type": N_("By article type")}  # fmt: skip
DONE = {
    "saved": N_("Saved."),
    "approved": N_("The royalty is approved: its amounts are frozen."),
    "adjusted": N_("The adjustment is recorded."),
    "deleted": N_("The rate table is deleted."),
}
FIX = N_("Some fields need correcting.")
STALE = N_(
    "Someone else changed this while you were editing. What is saved now is shown; what you "
    "typed is kept in the form: save again to put it over their change."
)
# The services' refusals by their kind (NewsdeskError.kind), in the desk's words.
REFUSALS = {
    "shares_not_100": N_("The shares of the co-authors of one contribution must add up to "
                         "100%."),
    "coauthors_differ": N_("Co-authors of one contribution share one work: give them the same "
                           "grade, page units and photos, or different contributions."),
    "payee_listed_twice": N_("The same payee is listed twice in one contribution."),
    "rate_listed_twice": N_("This article type and grade are listed twice."),
    "unknown_payee": N_("Unknown account."),
    "no_such_grade": N_("The rate table in force has no such grade for this article type."),
    "no_rate_table": N_("No rate table is in force on this date: an admin must add one, or "
                        "give the amount by hand."),
    "total_too_large": N_("The total is too large."),
    "total_out_of_range": N_("The total would go below 0 or above the limit."),
    "royalty_frozen": N_("The royalty is approved and frozen: record an adjustment instead."),
    "no_lines": N_("Save some lines before approving."),
    "already_approved": N_("The royalty is already approved."),
    "not_published": N_("A royalty is approved once the article is published: the rates go by "
                        "its publish date."),
    "not_approved": N_("Only an approved royalty takes adjustments."),
    "rate_table_date_taken": N_("Another rate table already takes effect on this day."),
    "unknown_article_type": N_("Unknown article type."),
    "rate_table_used": N_("Approved royalties were computed with this table: add a new version "
                          "instead of deleting it."),
}  # fmt: skip


def refusal(error: NewsdeskError) -> str:
    message = REFUSALS.get(error.kind or "")
    return _(message) if message else _("Something went wrong. Try again later.")


# --- formatting ------------------------------------------------------------------------------


def money(value: int | None) -> str:
    """VND the Vietnamese way: "1.250.000 đ"."""
    return "" if value is None else f"{desk_number(value)} đ"


def decimal_text(value: Decimal | None) -> str:
    """A coefficient or share with a decimal comma and no trailing zeros: "1,5", "33,33"."""
    return "" if value is None else format(value.normalize(), "f").replace(".", ",")


def day_text(value: date) -> str:
    return f"{value:%d/%m/%Y}"


FORMATS = {"money": money, "decimal": decimal_text, "day": day_text}


# --- forms of rows ---------------------------------------------------------------------------


@dataclass
class RowsForm:
    """A form with a table of rows (royalty lines, rates) as text, as typed and shown.
    Errors are keyed by field ("name"), row ("2") or cell ("2.grade")."""

    fields: dict[str, str] = field(default_factory=dict)
    rows: list[dict[str, str]] = field(default_factory=list)
    version: str = ""
    errors: dict[str, str] = field(default_factory=dict)


class PostedRows(PostedForm):
    version: str = ""
    remove: list[str] = Field(default_factory=list)  # checked rows, by index
    add: str = ""  # "add a row" rather than save


class PostedLines(PostedRows):
    payee_user_id: list[str] = Field(default_factory=list)
    payee_name: list[str] = Field(default_factory=list)
    role: list[str] = Field(default_factory=list)
    contribution: list[str] = Field(default_factory=list)
    grade: list[str] = Field(default_factory=list)
    page_units: list[str] = Field(default_factory=list)
    photos: list[str] = Field(default_factory=list)
    share_percent: list[str] = Field(default_factory=list)
    override_amount: list[str] = Field(default_factory=list)
    override_reason: list[str] = Field(default_factory=list)


class PostedRates(PostedRows):
    name: str = ""
    effective_from: str = ""
    unit_value: str = ""
    note: str = ""
    article_type: list[str] = Field(default_factory=list)
    grade: list[str] = Field(default_factory=list)
    page_coefficient: list[str] = Field(default_factory=list)
    photo_coefficient: list[str] = Field(default_factory=list)
    max_page_units: list[str] = Field(default_factory=list)
    max_photos: list[str] = Field(default_factory=list)
    max_coefficient: list[str] = Field(default_factory=list)


class PostedAdjustment(PostedForm):
    version: str = ""
    payee_user_id: str = ""
    payee_name: str = ""
    amount: str = ""
    reason: str = ""


def posted_rows(posted: PostedRows, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows as posted (one list per column), less those marked for removal and those
    left blank; a blank one more when the user asked to add a row."""
    values = {c: getattr(posted, c) for c in columns}
    count = max((len(v) for v in values.values()), default=0)
    rows = [
        {c: values[c][i] if i < len(values[c]) else "" for c in columns}
        for i in range(count)
        if str(i) not in posted.remove
    ]
    rows = [row for row in rows if any(v.strip() for v in row.values())]
    return rows + ([dict.fromkeys(columns, "")] if posted.add or not rows else [])


def payload(values: Mapping[str, str]) -> dict[str, str]:
    """Fields as the API's JSON carries them: an empty one left out (the schema's default
    applies, or it says the field is required), numbers written the Vietnamese way made plain."""
    out = {}
    for key, value in values.items():
        value = value.strip()
        if key in WHOLE:
            value = value.replace(".", "").replace(" ", "")
        elif key in DECIMAL:
            value = value.replace(",", ".")
        if value:
            out[key] = value
    return out


def message(error: Mapping[str, Any]) -> str:
    """A schema's refusal of a cell in Vietnamese."""
    kind, text = str(error.get("type", "")), str(error.get("msg", ""))
    if kind.startswith("int_"):
        return _("A whole number.")
    if kind.startswith("decimal_"):
        return _("A number such as 1,5 (few decimals).")
    if kind.startswith(("greater_than", "less_than")):
        return _("Outside the allowed range.")
    if kind.startswith("date"):  # date_parsing, date_out_of_range (app/core/timestamps.py)
        return _("Not a date.")
    if "must not be blank" in text:
        return _("Required.")
    if "payee_user_id and payee_name" in text:
        return _("Choose an account or type a name (one of the two).")
    if "override_amount and override_reason" in text:
        return _("An amount given by hand needs its reason, and a reason needs the amount.")
    if "adjustment of 0" in text:
        return _("An adjustment of 0 changes nothing.")
    return message_for(error)


def mark(form: RowsForm, items: Iterable[Mapping[str, Any]], say: Callable[..., str]) -> None:
    """Put each error next to its cell, row or field (the API's `loc`)."""
    for item in items:
        loc = [str(p) for p in item.get("loc", ()) if p != "body"]
        if len(loc) > 1 and loc[0] in ("lines", "rates"):
            key = ".".join(loc[1:3])
        else:
            key = loc[0] if loc else "form"
        form.errors.setdefault(key, say(item))


def refused(form: RowsForm, error: NewsdeskError) -> str:
    """A service's refusal: its reason at the cell it names, and as the page's message."""
    said = refusal(error)
    if isinstance(error, InvalidInput):
        mark(form, error.errors or [], lambda _item: said)
    return said


def validated(schema: Any, values: dict[str, Any], form: RowsForm) -> Any:
    try:
        return schema.model_validate(values)
    except ValidationError as invalid:
        mark(form, invalid.errors(), message)
        return None


def is_stale(error: NewsdeskError) -> bool:
    return isinstance(error, PreconditionFailed | PreconditionRequired)


def staff_users(session: Session) -> list[User]:
    return list(session.exec(
        select(User).where(col(User.is_service).is_(False))
        .order_by(col(User.display_name), col(User.username))
    ).all())  # fmt: skip
