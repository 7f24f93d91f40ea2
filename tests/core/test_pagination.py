"""The one decoder of cursors (app.core.pagination.decode_cursor): whatever a client sends as
a cursor, it gets back a key of the list's shape, in range, or InvalidCursor (a 400)."""

import base64
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from app.articles.listing import LIST_CURSOR, Sort
from app.core.pagination import ID_CURSOR, InvalidCursor, decode_cursor, encode_cursor
from app.core.timestamps import EARLIEST, LATEST
from app.sync.service import _CURSOR as SYNC_CURSOR

SHAPES: list[TypeAdapter[Any]] = [ID_CURSOR, LIST_CURSOR, SYNC_CURSOR]

# JSON values of every kind, with the ones that broke queries: ints past 64 bits, booleans,
# floats, times at the ends of the calendar.
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([2**31, 2**63, 2**64 - 1, -(2**63) - 1, 2**70])
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from([s.value for s in Sort] + ["i", "c"])
    | st.datetimes(timezones=st.timezones()).map(datetime.isoformat)
    | st.sampled_from(["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"]),
    lambda children: st.lists(children, max_size=4),
    max_leaves=8,
)


def _cursor_of(value: Any) -> str:
    """`value` as a cursor is written: base64 of JSON (by json, which writes ints of any size)."""
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def _assert_in_shape(key: Any) -> None:
    assert isinstance(key, tuple)
    for part in key:
        assert not isinstance(part, bool | float)
        if isinstance(part, int):
            assert 0 <= part < 2**63
        if isinstance(part, datetime):
            assert part.tzinfo is UTC
            assert EARLIEST <= part <= LATEST


@pytest.mark.parametrize(
    "key",
    [
        [2**63],
        [2**31],
        [True],
        [1.0],
        [-1],
        ["1"],
        [Sort.newest.value, "2026-01-01T00:00:00+00:00", 2**63],
        [Sort.newest.value, "2026-01-01T00:00:00+00:00", True],
        [Sort.newest.value, "0001-01-01T00:00:00+14:00", 1],
        [Sort.newest.value, "9999-12-31T23:59:59-14:00", 1],
        [Sort.newest.value, "2026-01-01T00:00:00", 1],
        [Sort.relevance.value, 2**63, None],
        [Sort.relevance.value, True, None],
        ["i", 2**63, 1],
        ["i", 0, 2**64 - 1],
        ["c", True, 0],
        ["x", 1, 0],
    ],
)
def test_keys_that_broke_queries_are_invalid_cursors(key: list[Any]) -> None:
    for shape in SHAPES:
        with pytest.raises(InvalidCursor):
            decode_cursor(_cursor_of(key), shape)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80) | st.binary(max_size=60).map(base64.b64encode).map(bytes.decode))
def test_any_text_is_a_key_of_the_shape_or_an_invalid_cursor(text: str) -> None:
    for shape in SHAPES:
        try:
            key = decode_cursor(text, shape)
        except InvalidCursor:
            continue
        _assert_in_shape(key)


@settings(max_examples=300, deadline=None)
@given(value=JSON_VALUES)
def test_any_json_key_is_a_key_of_the_shape_or_an_invalid_cursor(value: Any) -> None:
    for shape in SHAPES:
        try:
            key = decode_cursor(_cursor_of(value), shape)
        except InvalidCursor:
            continue
        _assert_in_shape(key)
        assert list(key) == [
            datetime.fromisoformat(v).astimezone(UTC) if isinstance(k, datetime) else v
            for k, v in zip(key, value, strict=True)
        ]


@settings(max_examples=200, deadline=None)
@given(
    published=st.datetimes(min_value=datetime(1850, 1, 1), max_value=datetime(2100, 1, 1)),
    last_id=st.integers(min_value=0, max_value=2**31 - 1),
    offset=st.integers(min_value=0, max_value=2**31 - 1),
)
def test_the_cursors_lists_issue_read_back(published: datetime, last_id: int, offset: int) -> None:
    at = published.replace(tzinfo=UTC)  # as the database gives it
    keyset = decode_cursor(encode_cursor(Sort.newest.value, at.isoformat(), last_id), LIST_CURSOR)
    assert keyset == (Sort.newest, at, last_id)
    by_offset = decode_cursor(encode_cursor(Sort.relevance.value, offset, None), LIST_CURSOR)
    assert by_offset == (Sort.relevance, offset, None)
    assert decode_cursor(encode_cursor(last_id), ID_CURSOR) == (last_id,)
