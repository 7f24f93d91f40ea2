"""The royalty arithmetic, in integers only (no float ever touches an amount).

Units: coefficients in thousandths (1.250 → 1250), shares in hundredths of a percent
(33.33% → 3333), money in whole đồng. One rounding rule, applied once per contribution:
coefficient × unit value is rounded half up to the đồng, then split among the co-authors by
largest remainder, so the lines of a contribution always add up to its rounded amount.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

MILLI = 1000  # coefficient scale
FULL_SHARE = 10_000  # 100% in hundredths of a percent


@dataclass(frozen=True)
class Rate:
    """The coefficients of one article type and grade, with their caps (None: no cap)."""

    page_coefficient_milli: int
    photo_coefficient_milli: int
    max_page_units: int | None = None
    max_photos: int | None = None
    max_coefficient_milli: int | None = None


def coefficient_milli(rate: Rate, *, page_units: int, photos: int) -> int:
    """The coefficient of one contribution: units counted up to their caps, then the total
    coefficient capped."""
    pages = page_units if rate.max_page_units is None else min(page_units, rate.max_page_units)
    pictures = photos if rate.max_photos is None else min(photos, rate.max_photos)
    total = rate.page_coefficient_milli * pages + rate.photo_coefficient_milli * pictures
    if rate.max_coefficient_milli is not None:
        total = min(total, rate.max_coefficient_milli)
    return total


def contribution_amount(coefficient: int, unit_value: int) -> int:
    """coefficient × unit value in đồng, rounded half up (amounts are never negative)."""
    return (coefficient * unit_value + MILLI // 2) // MILLI


def split_by_shares(coefficient: int, unit_value: int, shares_bp: Sequence[int]) -> list[int]:
    """Each co-author's part of a contribution. The parts add up exactly to
    `contribution_amount`: each gets the floor of its exact part, and the đồng left over go
    one each to the largest remainders (the earlier line first on a tie)."""
    if sum(shares_bp) != FULL_SHARE:
        raise ValueError("shares must add up to 100%")
    total = contribution_amount(coefficient, unit_value)
    scale = MILLI * FULL_SHARE
    exact = [coefficient * unit_value * share for share in shares_bp]
    parts = [numerator // scale for numerator in exact]
    left_over = total - sum(parts)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] % scale), i))
    for i in by_remainder[:left_over]:
        parts[i] += 1
    return parts


def to_milli(value: Decimal) -> int:
    """1.25 → 1250 (the schema allows at most three decimals, so this is exact)."""
    return int(value * MILLI)


def from_milli(value: int) -> Decimal:
    return Decimal(value).scaleb(-3)


def to_bp(value: Decimal) -> int:
    """33.33 (%) → 3333 (at most two decimals, so exact)."""
    return int(value * 100)


def from_bp(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)
