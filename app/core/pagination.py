"""Keyset (cursor) pagination: opaque cursors, the list envelope and its Link header."""

import base64
from functools import lru_cache
from typing import Annotated, Any, Generic, TypeVar

import orjson
from fastapi import Query
from pydantic import BaseModel, Field, TypeAdapter
from starlette.datastructures import URL
from starlette.requests import Request

from app.core.config import get_settings
from app.core.errors import NewsdeskError

T = TypeVar("T")
K = TypeVar("K")

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


# Every table's id is a 32-bit INTEGER; offsets stay in the same range so that `offset + limit`
# never overflows a query parameter either.
RowId = Annotated[int, Field(ge=0, le=2**31 - 1)]
Offset = Annotated[int, Field(ge=0, le=2**31 - 1)]
# The cursor of the lists ordered by id, newest first: the last id shown.
ID_CURSOR: TypeAdapter[tuple[int]] = TypeAdapter(tuple[RowId])


def decode_cursor(cursor: str, shape: TypeAdapter[K]) -> K:
    """The sort key a cursor carries, checked against the `shape` its list issues (a tuple of
    types with their ranges: a timestamp from app.core.timestamps, a RowId...). The one
    decoder of cursors: anything else, tampered with or from another list, is a 400, never a
    value that fails later in a query. Strict: `true` is not an id, `1.0` not an offset."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return shape.validate_json(raw, strict=True)
    except ValueError as exc:  # bad base64, non-ASCII text, a ValidationError
        raise InvalidCursor("the cursor is not one this API issued") from exc


def decode_id_cursor(cursor: str | None) -> int | None:
    """The id a page of a list ordered by id continues after (ID_CURSOR); none for the first
    page (no cursor, or an empty one)."""
    return decode_cursor(cursor, ID_CURSOR)[0] if cursor else None


def next_link(request: Request, next_cursor: str | None) -> dict[str, str]:
    """The RFC 8288 `Link: <…>; rel="next"` header for a page, if there is a next one."""
    if next_cursor is None:
        return {}
    return {"Link": link_to(request, "next", cursor=next_cursor)}


def link_to(request: Request, rel: str, **params: str | int) -> str:
    """A `Link` header value pointing at this request's path and query with `params` set, on
    NEWSDESK_API_BASE_URL: never on the request's Host, which a shared cache would keep and
    hand to everyone (cache poisoning). Reads the scope, not `request.url`, which is built on
    first use (~10% of a kept detail's time)."""
    scope = request.scope
    params_key = tuple(params.items())
    return _link(get_settings().api_base, scope["path"], scope["query_string"], rel, params_key)


@lru_cache(maxsize=1024)
def _link(
    base: str, path: str, query: bytes, rel: str, params: tuple[tuple[str, str | int], ...]
) -> str:
    # Memoized: the first pages of the common lists ask for the same link until news is added.
    url = URL(base + path + ("?" + query.decode("latin-1") if query else ""))
    return f'<{url.include_query_params(**dict(params))}>; rel="{rel}"'
