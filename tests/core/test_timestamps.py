"""The one reader of client times (app.core.timestamps): any input is a UTC datetime in range
or a validation error, never an overflow later on."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from app.core.timestamps import EARLIEST, LATEST, Day, Timestamp

TIMESTAMP: TypeAdapter[datetime] = TypeAdapter(Timestamp)
DAY: TypeAdapter[date] = TypeAdapter(Day)
# Every offset a datetime can carry: strictly within a day either way.
OFFSETS = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


def _utc_seconds(local: datetime, offset: timedelta) -> int:
    """The UTC instant of a local time, counted without datetime arithmetic (which is what
    overflows at the ends of the calendar)."""
    naive_seconds = local.toordinal() * 86400 + local.hour * 3600 + local.minute * 60 + local.second
    return naive_seconds - int(offset.total_seconds())


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01T00:00:00+14:00",  # in UTC, the year 0 that datetime cannot hold
        "9999-12-31T23:59:59-14:00",  # in UTC, the year 10000
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "1849-12-31T23:59:59Z",
        "2100-01-01T00:00:01Z",
        "2030-01-01T00:00:00",  # no offset
    ],
)
def test_times_outside_the_range_or_without_offset_are_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        TIMESTAMP.validate_python(text)


def test_a_time_is_read_in_utc() -> None:
    read = TIMESTAMP.validate_python("2026-03-01T07:30:00+07:00")
    assert read == datetime(2026, 3, 1, 0, 30, tzinfo=UTC)
    assert read.tzinfo is UTC
    assert TIMESTAMP.validate_python("1850-01-01T07:00:00+07:00") == EARLIEST
    assert TIMESTAMP.validate_python("2100-01-01T00:00:00Z") == LATEST


@settings(max_examples=300, deadline=None)
@given(local=st.datetimes(), offset=OFFSETS, as_text=st.booleans())
def test_any_time_at_any_offset_is_read_in_utc_or_refused(
    local: datetime, offset: timezone, as_text: bool
) -> None:
    value = local.replace(tzinfo=offset)
    seconds = _utc_seconds(local, offset.utcoffset(None))
    in_range = _utc_seconds(EARLIEST, timedelta()) <= seconds <= _utc_seconds(LATEST, timedelta())
    try:
        read = TIMESTAMP.validate_python(value.isoformat() if as_text else value)
    except ValidationError:
        assert not in_range or (local.microsecond and seconds == _utc_seconds(LATEST, timedelta()))
        return
    assert in_range
    assert read.tzinfo is UTC
    assert _utc_seconds(read.replace(tzinfo=None), timedelta()) == seconds
    assert read.microsecond == local.microsecond


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40) | st.from_regex(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?[+-]\d\d:\d\d"))
def test_any_text_is_a_time_in_range_or_a_validation_error(text: str) -> None:
    try:
        read = TIMESTAMP.validate_python(text)
    except ValidationError:
        return
    assert read.tzinfo is UTC
    assert EARLIEST <= read <= LATEST


@settings(max_examples=200, deadline=None)
@given(day=st.dates())
def test_any_day_is_kept_or_refused_by_its_range(day: date) -> None:
    try:
        assert DAY.validate_python(day) == day
    except ValidationError:
        assert not EARLIEST.date() <= day < LATEST.date()
    else:
        assert EARLIEST.date() <= day < LATEST.date()
