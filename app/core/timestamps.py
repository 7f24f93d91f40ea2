"""The one way a point in time or a day is read from a client: body fields, query parameters
and the times inside cursors.

Python's datetime holds years 1 to 9999 in the offset it was written in, so
`0001-01-01T00:00:00+14:00` parses and then overflows when turned into UTC, deep in a query
or a flush (a 500). The search index packs a publish time in seconds with the article id into
one 64-bit key, which holds 1833 to 2106 only. So every time the API accepts is aware,
converted to UTC here (where an overflow is a 422) and kept within EARLIEST..LATEST, a range
that holds every date a newsroom means and leaves room for time zone arithmetic on both sides.
"""

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime
from pydantic_core import PydanticCustomError

EARLIEST = datetime(1850, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
_RANGE = f"between {EARLIEST:%Y-%m-%dT%H:%M:%SZ} and {LATEST:%Y-%m-%dT%H:%M:%SZ}"


# Its own error type, so that a client (the desk's forms too) can tell it by the type.
OUT_OF_RANGE = "date_out_of_range"


def _out_of_range(message: str) -> PydanticCustomError:
    return PydanticCustomError(OUT_OF_RANGE, message)


def in_utc(value: datetime) -> datetime:
    """An aware datetime in UTC, or a validation error (a 422) outside the accepted range."""
    try:
        utc = value.astimezone(UTC)
    except OverflowError:
        raise _out_of_range(f"must lie {_RANGE}") from None
    if not EARLIEST <= utc <= LATEST:
        raise _out_of_range(f"must lie {_RANGE}")
    return utc


def _in_range_day(value: date) -> date:
    if not EARLIEST.date() <= value < LATEST.date():
        raise _out_of_range(f"must lie between {EARLIEST.date()} and {LATEST.date()} (excluded)")
    return value


# Every datetime a request carries (body, query, cursor): with a UTC offset, in range, in UTC.
Timestamp = Annotated[AwareDatetime, AfterValidator(in_utc)]
# Every calendar day a request carries (reports, stats, rate tables).
Day = Annotated[date, AfterValidator(_in_range_day)]
