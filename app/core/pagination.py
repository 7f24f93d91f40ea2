"""Keyset (cursor) pagination: opaque cursors, the list envelope and its Link header."""

import base64
from functools import lru_cache
from typing import Annotated, Any, Generic, TypeVar

import orjson
from fastapi import Query
from pydantic import BaseModel
from starlette.datastructures import URL
from starlette.requests import Request

from app.core.config import get_settings
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
