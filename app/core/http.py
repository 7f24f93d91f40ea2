"""HTTP caching and concurrency helpers: ETags, conditional requests, JSON bytes."""

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache
from typing import Annotated, Any

import orjson
from fastapi import Depends, Header, Request
from pydantic import BaseModel
from starlette.responses import Response
from starlette.types import Scope

from app.core.compression import (
    VARY,
    coding_for,
    compressible,
    encode,
    min_bytes,
    representation_etag,
    representation_etags,
)
from app.core.config import get_settings
from app.core.db import utcnow
from app.core.errors import PreconditionFailed, PreconditionRequired

PRIVATE_CACHE_CONTROL = "private, no-cache"


def dump_json(payload: Any) -> bytes:
    if isinstance(payload, bytes):  # already JSON (prepared payloads)
        return payload
    if isinstance(payload, BaseModel):
        return payload.__pydantic_serializer__.to_json(payload)
    return orjson.dumps(payload)


def body_etag(body: bytes) -> str:
    """A strong ETag derived from the exact bytes sent."""
    # SHA-256 runs in hardware on current CPUs (via OpenSSL): twice as fast as BLAKE2 here.
    return '"' + hashlib.sha256(body).hexdigest()[:24] + '"'


def _etag_matches(header: str | None, etag: str) -> bool:
    """If-None-Match against every representation of the body whose identity ETag is `etag`
    (identity, br, gzip: a client that kept one of them holds the current version)."""
    if not header:
        return False
    candidates = [item.strip() for item in header.split(",")]
    if "*" in candidates:
        return True
    current = representation_etags(etag)
    # If-None-Match uses weak comparison, so W/"x" matches "x".
    return any(c.removeprefix("W/") in current for c in candidates)


def cached_json(
    request: Request,
    payload: Any,
    *,
    etag: str | None = None,
    cache_control: str | None = None,
    headers: Mapping[str, str] | None = None,
    status_code: int = 200,
    last_modified: datetime | None = None,
    read_at: datetime | None = None,
) -> Response:
    """A JSON response with a strong ETag that answers If-None-Match with 304 (and, with
    `last_modified` and the instant `read_at` before its data was read, Last-Modified and
    If-Modified-Since)."""
    return cached_bytes(
        request,
        dump_json(payload),
        media_type="application/json",
        etag=etag,
        cache_control=cache_control,
        headers=headers,
        status_code=status_code,
        last_modified=last_modified,
        read_at=read_at,
    )


def cached_bytes(
    request: Request,
    body: bytes,
    *,
    media_type: str,
    etag: str | None = None,
    cache_control: str | None = None,
    headers: Mapping[str, str] | None = None,
    status_code: int = 200,
    last_modified: datetime | None = None,
    read_at: datetime | None = None,
    encoded: dict[str, bytes] | None = None,
) -> Response:
    """A response of ready bytes (JSON, XML) with a strong ETag, answering If-None-Match
    with 304; see cached_json for `last_modified` and `read_at`.

    Compressed (br or gzip) when the client accepts it and the body is worth it, with the
    ETag of that representation (app.core.compression); `encoded` keeps the compressed
    copies of a body that is served again (a kept answer's), so each is made once."""
    etag = etag or body_etag(body)
    if_none_match, if_modified_since, accept_encoding = _request_headers(request.scope)
    all_headers = {
        "Cache-Control": cache_control or public_cache_control(utcnow(), None),
        **(headers or {}),
    }
    coding = None
    if compressible(media_type):
        # Also when this body is sent as it is: shared caches must keep representations apart.
        all_headers["Vary"] = f"{all_headers['Vary']}, {VARY}" if "Vary" in all_headers else VARY
        if accept_encoding is not None and len(body) >= min_bytes():
            coding = coding_for(accept_encoding)
    # The ETag of the representation a 200 would carry, on the 304 too (RFC 9110 §15.4.5).
    all_headers["ETag"] = etag if coding is None else representation_etag(etag, coding)
    if last_modified is not None and read_at is not None:
        # Sent only once its second is over when the body was read (RFC 9110 §8.8.2.2: one-
        # second resolution): any later change then falls in a later second, so a client
        # holding this date never gets a 304 for a different body.
        if read_at >= _settled_at(last_modified, LAST_MODIFIED_SETTLE):
            all_headers["Last-Modified"] = http_date(last_modified)
        else:
            last_modified = None
    if request.method in ("GET", "HEAD") and _not_modified(
        if_none_match, if_modified_since, etag, last_modified
    ):
        return Response(status_code=304, headers=all_headers)
    if coding is not None:
        all_headers["Content-Encoding"] = coding
        body = _encoded(body, coding, encoded)
    return Response(body, status_code=status_code, media_type=media_type, headers=all_headers)


def _encoded(body: bytes, coding: str, kept: dict[str, bytes] | None) -> bytes:
    if kept is None:
        return encode(body, coding)
    found = kept.get(coding)
    if found is None:
        # Two requests may both make it; they make the same bytes.
        found = kept[coding] = encode(body, coding)
    return found


# HTTP dates have one-second resolution (tests that compare two paths' headers set it to 0).
LAST_MODIFIED_SETTLE = timedelta(seconds=1)


@lru_cache(maxsize=4096)
def _settled_at(last_modified: datetime, settle: timedelta) -> datetime:
    # Cached, like http_date: the same few instants come back on every kept answer.
    return last_modified.replace(microsecond=0) + settle


def _request_headers(scope: Scope) -> tuple[str | None, str | None, bytes | None]:
    """If-None-Match, If-Modified-Since (the first of each, as Headers.get) and Accept-Encoding
    (its lines joined) in one pass over the raw headers: cheaper than building Starlette's
    Headers and scanning it three times, on every public read."""
    if_none_match = if_modified_since = None
    accept_encoding: bytes | None = None
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            if if_none_match is None:
                if_none_match = value.decode("latin-1")
        elif name == b"accept-encoding":
            accept_encoding = value if accept_encoding is None else accept_encoding + b"," + value
        elif name == b"if-modified-since" and if_modified_since is None:
            if_modified_since = value.decode("latin-1")
    return if_none_match, if_modified_since, accept_encoding


def _not_modified(
    if_none_match: str | None,
    if_modified_since: str | None,
    etag: str,
    last_modified: datetime | None,
) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when sent; If-Modified-Since only without it."""
    if if_none_match is not None or last_modified is None:
        return _etag_matches(if_none_match, etag)
    since = _http_date_or_none(if_modified_since)
    return since is not None and last_modified.replace(microsecond=0) <= since


def _http_date_or_none(value: str | None) -> datetime | None:
    """The instant of an HTTP date; None for a missing or invalid one (then it is ignored)."""
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@lru_cache(maxsize=4096)
def http_date(moment: datetime) -> str:
    """An HTTP date (IMF-fixdate); cached, as the same few instants are sent over and over."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def public_cache_control(now: datetime, next_change: datetime | None) -> str:
    """Cache-Control for public reads: short max-age with stale-while-revalidate, cut so that
    no cache keeps a response past the next instant something is published or expires."""
    settings = get_settings()
    max_age = settings.public_max_age
    if next_change is not None:
        seconds_left = max(0, int((next_change - now).total_seconds()))
        if seconds_left < max_age:
            return f"public, max-age={seconds_left}, must-revalidate"
    swr = settings.public_stale_while_revalidate
    return f"public, max-age={max_age}, stale-while-revalidate={swr}"


def created_json(
    request: Request, payload: Any, *, location: str, etag: str | None = None
) -> Response:
    """A 201 answer: the created resource, where it lives (Location) and its ETag."""
    return cached_json(
        request,
        payload,
        etag=etag,
        cache_control=PRIVATE_CACHE_CONTROL,
        headers={"Location": location},
        status_code=201,
    )


def version_etag(kind: str, resource_id: int, lock_version: int) -> str:
    """The ETag of an editable resource: changes exactly when the stored row changes."""
    return f'"{kind}{resource_id}.{lock_version}"'


def _if_match(
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", description="The ETag of your last read of the resource"),
    ] = None,
) -> str | None:
    return if_match


# A declared parameter, so the contract names it and generated clients take it as an argument;
# optional here, since without it the answer is 428 (require_if_match), not a 422.
IfMatch = Annotated[str | None, Depends(_if_match)]


def require_if_match(header: str | None, current_etag: str) -> None:
    """Guard a write: 428 without If-Match, 412 when it names a version that is not current.

    `*` is refused on purpose: the client must prove it saw the version it overwrites.
    """
    if not header or not header.strip():
        raise PreconditionRequired("send If-Match with the ETag from your last read")
    candidates = [item.strip() for item in header.split(",")]
    # If-Match uses strong comparison: a weak validator never matches. The ETag of any
    # representation of the current version will do (a client that read the article compressed
    # holds `"a12.3-gz"`), and only of the current one: `"a12.2-gz"` is stale.
    if representation_etags(current_etag).isdisjoint(candidates):
        raise PreconditionFailed(
            "someone else changed this since you read it; reload and apply your edit again"
        )
