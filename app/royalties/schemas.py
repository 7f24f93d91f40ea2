"""Request and response shapes of royalties. Money is integer VND; coefficients and shares
are exact decimals (sent and returned as JSON strings, accepted as numbers too)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from app.articles.schemas import CategoryRef
from app.core.text import NFCText
from app.core.timestamps import Day

MAX_AMOUNT = 10**12  # the article's royalty_amount has the same ceiling


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError("must not be blank")
    return value


Name = Annotated[NFCText, Field(max_length=200), AfterValidator(_not_blank)]
ArticleType = Annotated[NFCText, Field(max_length=50), AfterValidator(_not_blank)]
Grade = Annotated[NFCText, Field(max_length=20), AfterValidator(_not_blank)]
Label = Annotated[NFCText, Field(max_length=50), AfterValidator(_not_blank)]
Reason = Annotated[NFCText, Field(max_length=2000), AfterValidator(_not_blank)]
Coefficient = Annotated[Decimal, Field(ge=0, le=1000, max_digits=7, decimal_places=3)]
Share = Annotated[Decimal, Field(gt=0, le=100, max_digits=5, decimal_places=2)]
Units = Annotated[int, Field(ge=0, le=1000)]
Money = Annotated[int, Field(ge=0, le=MAX_AMOUNT)]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


# --- rate tables -----------------------------------------------------------------------------


class RateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article_type: ArticleType
    grade: Grade
    page_coefficient: Coefficient = Field(description="Coefficient per page unit")
    photo_coefficient: Coefficient = Field(default=Decimal(0), description="Coefficient per photo")
    max_page_units: Units | None = Field(default=None, description="Page units counted at most")
    max_photos: Units | None = Field(default=None, description="Photos counted at most")
    max_coefficient: Coefficient | None = Field(
        default=None, description="Cap on the coefficient of one contribution"
    )


class RateTableIn(BaseModel):
    """A version of the rate table; it is in force from `effective_from` (a date in the site
    time zone) until the next version's date."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    effective_from: Day
    unit_value: Annotated[int, Field(ge=1, le=100_000_000)] = Field(
        description="VND per 1.000 of coefficient (e.g. 10% of the base salary)"
    )
    note: Annotated[NFCText, Field(max_length=5000)] = ""
    rates: Annotated[list[RateIn], Field(min_length=1, max_length=500)]


class RateOut(BaseModel):
    article_type: str
    grade: str
    page_coefficient: Decimal
    photo_coefficient: Decimal
    max_page_units: int | None
    max_photos: int | None
    max_coefficient: Decimal | None


class RateTableOut(BaseModel):
    id: int
    name: str
    effective_from: date
    unit_value: int
    note: str
    rates: list[RateOut]
    created_at: datetime
    created_by: int | None
    updated_at: datetime
    updated_by: int | None


class RateTableRef(BaseModel):
    id: int
    name: str
    effective_from: date
    unit_value: int


# --- an article's royalty --------------------------------------------------------------------


class _PayeeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    payee_user_id: Id | None = Field(default=None, description="A staff user…")
    payee_name: Name | None = Field(default=None, description="…or anyone else, by name")

    @model_validator(mode="after")
    def _one_payee(self) -> "_PayeeIn":
        if (self.payee_user_id is None) == (self.payee_name is None):
            raise ValueError("give exactly one of payee_user_id and payee_name")
        return self


class RoyaltyLineIn(_PayeeIn):
    """One payee's part in one contribution. Lines with the same `contribution` (by default,
    the same `role`) are co-authors of one piece of work: they share its grade and units, and
    their shares add up to 100."""

    role: Label = Field(description="writer, photographer, translator…")
    contribution: Label | None = Field(
        default=None, description="Groups co-authors of one piece of work; defaults to the role"
    )
    grade: Grade
    page_units: Units = 0
    photos: Units = 0
    share_percent: Share = Decimal(100)
    override_amount: Money | None = Field(
        default=None, description="An amount decided by the editor instead of the suggestion"
    )
    override_reason: Reason | None = None

    @model_validator(mode="after")
    def _reason_with_override(self) -> "RoyaltyLineIn":
        if (self.override_amount is None) != (self.override_reason is None):
            raise ValueError("override_amount and override_reason go together")
        return self


class RoyaltyPut(BaseModel):
    """The whole set of lines (it replaces the previous one)."""

    model_config = ConfigDict(extra="forbid")

    lines: Annotated[list[RoyaltyLineIn], Field(max_length=50)]


class AdjustmentIn(_PayeeIn):
    """A signed correction of an approved royalty, with its reason."""

    amount: Annotated[int, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
    reason: Reason

    @model_validator(mode="after")
    def _non_zero(self) -> "AdjustmentIn":
        if self.amount == 0:
            raise ValueError("an adjustment of 0 changes nothing")
        return self


class RoyaltyLineOut(BaseModel):
    id: int
    payee_user_id: int | None
    payee_name: str
    role: str
    contribution: str
    grade: str
    page_units: int
    photos: int
    share_percent: Decimal
    coefficient: Decimal | None = Field(description="Of the whole contribution, after caps")
    suggested_amount: int | None = Field(description="This payee's share of the computed amount")
    override_amount: int | None
    override_reason: str | None
    amount: int = Field(description="The override if any, else the suggestion")


class AdjustmentOut(BaseModel):
    id: int
    payee_user_id: int | None
    payee_name: str
    amount: int
    reason: str
    created_at: datetime
    created_by: int | None


class RoyaltyOut(BaseModel):
    article_id: int
    status: Literal["draft", "approved"]
    article_type: str
    basis_date: date = Field(description="The date whose rate table applies (site time zone)")
    basis: Literal["publish_date", "today"]
    rate_table: RateTableRef | None
    lines: list[RoyaltyLineOut]
    adjustments: list[AdjustmentOut]
    page_count: int
    photo_count: int
    lines_amount: int
    adjustments_amount: int
    total_amount: int = Field(description="Lines plus adjustments: the article's royalty_amount")
    warnings: list[str] = Field(description="Lines no rate applies to (a draft cannot be approved)")
    approved_at: datetime | None
    approved_by: int | None
    updated_at: datetime | None
    updated_by: int | None


# --- the report ------------------------------------------------------------------------------

GroupBy = Literal["author", "category", "article_type"]


class ReportLine(BaseModel):
    kind: Literal["line", "adjustment"]
    payee_user_id: int | None
    payee_name: str
    role: str | None
    grade: str | None
    page_units: int
    photos: int
    share_percent: Decimal | None
    suggested_amount: int | None
    amount: int
    note: str = Field(description="The override's or the adjustment's reason")


class ReportItem(BaseModel):
    article_id: int
    title: str
    published_at: datetime = Field(description="First publication")
    category: CategoryRef
    article_type: str
    royalty_status: Literal["draft", "approved"]
    page_units: int
    photos: int
    amount: int
    lines: list[ReportLine]


class ReportGroup(BaseModel):
    key: str
    label: str
    items: list[ReportItem]
    lines_count: int
    page_units: int
    photos: int
    amount: int


class ReportTotals(BaseModel):
    items: int
    lines: int
    page_units: int = Field(description="Units of the articles, each counted once")
    photos: int
    amount: int
    approved_amount: int


class RoyaltyReport(BaseModel):
    from_date: date
    to_date: date
    timezone: str
    group_by: GroupBy
    groups: list[ReportGroup]
    totals: ReportTotals
