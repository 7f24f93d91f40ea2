"""Suggested amounts: the lines of a royalty computed with the rate table in force on the
article's publish date (docs/royalties.md)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from app.articles.models import Article
from app.core.config import get_settings
from app.core.errors import InvalidInput
from app.royalties import rates
from app.royalties.compute import coefficient_milli, split_by_shares
from app.royalties.models import RoyaltyLine, RoyaltyRateTable


def site_date(moment: datetime) -> date:
    """The calendar day of an instant in the site time zone (rate tables and reports use it)."""
    return moment.astimezone(ZoneInfo(get_settings().timezone)).date()


def basis_of(article: Article, now: datetime) -> tuple[date, bool]:
    """The day whose rate table applies: the first publication (or the scheduled one), else
    today. The flag says whether it is a publication date."""
    if article.first_published_at is not None:
        return site_date(article.first_published_at), True
    return site_date(now), False


@dataclass(frozen=True)
class LineSpec:
    """What the computation needs from a line, whether stored or just sent."""

    contribution: str
    grade: str
    page_units: int
    photos: int
    share_bp: int
    override_amount: int | None


@dataclass(frozen=True)
class LineResult:
    coefficient_milli: int | None
    suggested_amount: int | None
    amount: int


@dataclass(frozen=True)
class Computation:
    table: RoyaltyRateTable | None
    results: list[LineResult]
    warnings: list[str]
    page_count: int
    photo_count: int

    @property
    def lines_amount(self) -> int:
        return sum(r.amount for r in self.results)


def groups_of(specs: Sequence[LineSpec]) -> dict[str, list[int]]:
    """Line indexes by contribution, in the order contributions first appear."""
    groups: dict[str, list[int]] = {}
    for i, spec in enumerate(specs):
        groups.setdefault(spec.contribution, []).append(i)
    return groups


def compute(
    session: Session,
    *,
    article_type: str,
    basis_date: date,
    specs: Sequence[LineSpec],
    strict: bool,
) -> Computation:
    """Suggested amounts of every line from the rate table in force on `basis_date`.

    A contribution no rate applies to gets no suggestion; `strict` makes that a 422 unless
    each of its lines carries an override (saving and approving are strict, recomputing a
    draft after a rate or article change is not).
    """
    table = rates.table_in_force(session, basis_date)
    assert table is None or table.id is not None
    by_grade = rates.rates_by_grade(session, table.id, article_type) if table and table.id else {}
    results: list[LineResult | None] = [None] * len(specs)
    warnings: list[str] = []
    page_count = photo_count = 0
    for contribution, indexes in groups_of(specs).items():
        first = specs[indexes[0]]
        page_count += first.page_units
        photo_count += first.photos
        rate = by_grade.get(first.grade)
        if table is None or rate is None:
            problem = (
                f"no rate table is in force on {basis_date}"
                if table is None
                else f"rate table {table.name!r} has no grade {first.grade!r} for "
                f"{article_type!r} (it has: {', '.join(sorted(by_grade)) or 'none'})"
            )
            if any(specs[i].override_amount is None for i in indexes):
                if strict:
                    raise InvalidInput(
                        problem,
                        loc=["lines", indexes[0], "grade"],
                        kind="no_rate_table" if table is None else "no_such_grade",
                    )
                warnings.append(f"{contribution}: {problem}")
            for i in indexes:
                results[i] = LineResult(None, None, specs[i].override_amount or 0)
            continue
        coefficient = coefficient_milli(rate, page_units=first.page_units, photos=first.photos)
        parts = split_by_shares(coefficient, table.unit_value, [specs[i].share_bp for i in indexes])
        for i, part in zip(indexes, parts, strict=True):
            override = specs[i].override_amount
            results[i] = LineResult(coefficient, part, part if override is None else override)
    done = [r for r in results if r is not None]
    return Computation(table, done, warnings, page_count, photo_count)


def spec_of(line: RoyaltyLine) -> LineSpec:
    return LineSpec(
        contribution=line.contribution,
        grade=line.grade,
        page_units=line.page_units,
        photos=line.photos,
        share_bp=line.share_bp,
        override_amount=line.override_amount,
    )
