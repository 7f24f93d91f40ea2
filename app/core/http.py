"""HTTP caching and concurrency helpers: ETags, conditional requests, JSON bytes."""

import hashlib
from collections.abc import Mapping
from typing import Any

import orjson
from fastapi import Request
from pydantic import BaseModel
from starlette.responses import Response

from app.core.errors import PreconditionFailed, PreconditionRequired

PUBLIC_CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=60"
PRIVATE_CACHE_CONTROL = "private, no-cache"


def dump_json(payload: Any) -> bytes:
    if isinstance(payload, BaseModel):
        return payload.__pydantic_serializer__.to_json(payload)
    return orjson.dumps(payload)


def body_etag(body: bytes) -> str:
    """A strong ETag derived from the exact bytes sent."""
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    candidates = [item.strip() for item in header.split(",")]
    # If-None-Match uses weak comparison, so W/"x" matches "x".
    return "*" in candidates or any(c.removeprefix("W/") == etag for c in candidates)


def cached_json(
    request: Request,
    payload: Any,
    *,
    etag: str | None = None,
    cache_control: str = PUBLIC_CACHE_CONTROL,
    headers: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """A JSON response with a strong ETag that answers If-None-Match with 304."""
    body = dump_json(payload)
    etag = etag or body_etag(body)
    all_headers = {"ETag": etag, "Cache-Control": cache_control, **(headers or {})}
    if request.method in ("GET", "HEAD") and _etag_matches(
        request.headers.get("if-none-match"), etag
    ):
        return Response(status_code=304, headers=all_headers)
    return Response(
        body, status_code=status_code, media_type="application/json", headers=all_headers
    )


def version_etag(kind: str, resource_id: int, lock_version: int) -> str:
    """The ETag of an editable resource: changes exactly when the stored row changes."""
    return f'"{kind}{resource_id}.{lock_version}"'


def require_if_match(request: Request, current_etag: str) -> None:
    """Guard a write: 428 without If-Match, 412 when it names a version that is not current.

    `*` is refused on purpose: the client must prove it saw the version it overwrites.
    """
    header = request.headers.get("if-match")
    if not header or not header.strip():
        raise PreconditionRequired("send If-Match with the ETag from your last read")
    candidates = [item.strip() for item in header.split(",")]
    # If-Match uses strong comparison: a weak validator never matches.
    if current_etag not in candidates:
        raise PreconditionFailed(
            "someone else changed this since you read it; reload and apply your edit again"
        )
