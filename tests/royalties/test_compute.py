"""The arithmetic against hand-worked examples (integers only: thousandths of a coefficient,
hundredths of a percent, whole đồng)."""

from decimal import Decimal

import pytest

from app.royalties.compute import (
    Rate,
    coefficient_milli,
    contribution_amount,
    from_bp,
    from_milli,
    split_by_shares,
    to_bp,
    to_milli,
)

NEWS_A = Rate(page_coefficient_milli=1500, photo_coefficient_milli=500,
              max_page_units=4, max_photos=10, max_coefficient_milli=8000)  # fmt: skip
NEWS_B = Rate(page_coefficient_milli=1000, photo_coefficient_milli=400)


def test_coefficient_is_units_times_coefficients() -> None:
    # 2 page units × 1.0 + 3 photos × 0.4 = 3.2
    assert coefficient_milli(NEWS_B, page_units=2, photos=3) == 3200


def test_units_are_counted_up_to_their_caps() -> None:
    # 3 pages × 1.5 + 10 of 12 photos × 0.5 = 4.5 + 5.0 = 9.5, over the 8.0 cap → 8.0
    assert coefficient_milli(NEWS_A, page_units=3, photos=12) == 8000
    # 6 pages count as 4: 4 × 1.5 = 6.0 (under the coefficient cap)
    assert coefficient_milli(NEWS_A, page_units=6, photos=0) == 6000
    # 10 photos count as 10, 20 photos count as 10 too: 10 × 0.5 = 5.0
    assert coefficient_milli(NEWS_A, page_units=0, photos=20) == 5000


def test_amount_is_coefficient_times_unit_value_rounded_half_up() -> None:
    assert contribution_amount(3200, 234_000) == 748_800  # 3.2 × 234,000
    assert contribution_amount(1, 234_500) == 235  # 0.001 × 234,500 = 234.5 → 235
    assert contribution_amount(1, 234_499) == 234  # 234.499 → 234
    assert contribution_amount(0, 234_000) == 0


def test_shares_split_the_rounded_amount_exactly() -> None:
    # 3.2 × 234,000 = 748,800 split 60/40
    assert split_by_shares(3200, 234_000, [6000, 4000]) == [449_280, 299_520]
    # 1.0 × 100 = 100 đồng in thirds: 33.33 / 33.33 / 33.34 → floors 33+33+33 = 99; the
    # last đồng goes to the largest remainder (0.34)
    assert split_by_shares(1000, 100, [3333, 3333, 3334]) == [33, 33, 34]
    # 1.0 × 101 = 101 đồng halved: 50.5 each; the tie goes to the first line
    assert split_by_shares(1000, 101, [5000, 5000]) == [51, 50]
    # Rounding happens once per contribution: 0.001 × 234,500 = 234.5 → 235, halved 118 + 117
    assert split_by_shares(1, 234_500, [5000, 5000]) == [118, 117]


def test_parts_always_add_up_to_the_contribution() -> None:
    for coefficient, unit, shares in [
        (3333, 234_000, [3333, 3333, 3334]),
        (7, 999, [1, 9999]),
        (12_345, 180_000, [2500, 2500, 2500, 2500]),
        (1, 1, [3000, 3000, 4000]),
    ]:
        parts = split_by_shares(coefficient, unit, shares)
        assert sum(parts) == contribution_amount(coefficient, unit)
        assert all(p >= 0 for p in parts)


def test_shares_must_make_a_whole() -> None:
    with pytest.raises(ValueError, match="100%"):
        split_by_shares(1000, 100, [6000, 3000])


def test_decimal_conversions_are_exact() -> None:
    assert to_milli(Decimal("1.25")) == 1250
    assert from_milli(1250) == Decimal("1.250")
    assert to_bp(Decimal("33.33")) == 3333
    assert from_bp(10_000) == Decimal("100.00")
