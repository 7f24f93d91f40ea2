"""Keyset (cursor) pagination: opaque cursors, the list envelope and its Link header."""

import base64
from functools import lru_cache
from typing import Annotated, Any, Generic, TypeVar

import orjson
from fastapi import Query
from pydantic import BaseModel
from starlette.datastructures import URL
from starlette.requests import Request

from app.core.errors import NewsdeskError

T = TypeVar("T")

MAX_LIMIT = 100
DEFAULT_LIMIT = 20

LimitQuery = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (≤ 100)")]
CursorQuery = Annotated[
    str | None, Query(max_length=500, description="Opaque cursor from `next_cursor`")
]


class InvalidCursor(NewsdeskError):
    status_code, problem, title = 400, "invalid-cursor", "Invalid cursor"


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(*key: Any) -> str:
    """Turn the sort key of the last item into an opaque, URL-safe cursor."""
    return base64.urlsafe_b64encode(orjson.dumps(list(key))).decode().rstrip("=")


def decode_cursor(cursor: str, *, arity: int) -> list[Any]:
    """The sort key a cursor carries; a cursor that was tampered with is a 400, not a 500."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = orjson.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError) as exc:
        raise InvalidCursor("the cursor is not one this API issued") from exc
    if not isinstance(key, list) or len(key) != arity:
        raise InvalidCursor("the cursor is not one this API issued")
    return key


def next_link(request: Request, next_cursor: str | None) -> dict[str, str]:
    """The RFC 8288 `Link: <…>; rel="next"` header for a page, if there is a next one. Takes
    the request, not its URL: `request.url` is built on first use, ~10% of a kept detail's
    time in the process, and only a page with a next one needs it."""
    if next_cursor is None:
        return {}
    return {"Link": _next_link(str(request.url), next_cursor)}


@lru_cache(maxsize=1024)
def _next_link(url: str, next_cursor: str) -> str:
    # Memoized: the first pages of the common lists ask for the same link until news is added.
    return f'<{URL(url).include_query_params(cursor=next_cursor)}>; rel="next"'
