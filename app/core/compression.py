"""Content-Encoding for JSON and XML answers: br or gzip, as the client's Accept-Encoding asks.

Two places compress, one rule (docs/api.md, "Compression"):
- `app.core.http.cached_bytes`, for every answer with an ETag (public reads, fast lanes, feeds,
  sitemaps, admin GETs): the ETag, the 304 and If-Match depend on the representation, so the
  choice is made where the ETag is. A kept answer (app.core.read_cache) keeps its compressed
  bytes beside its identity bytes, so a hot read is compressed once, not per request.
- `CompressionMiddleware`, for every other JSON or XML answer (the sync feed, problem+json
  errors, plain responses): it never touches an answer that carries an ETag or that
  `cached_bytes` already negotiated (it says so with `Vary: Accept-Encoding`).
"""

import zlib
from functools import lru_cache

import brotli
from anyio import to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import get_settings

BR, GZIP = "br", "gzip"
VARY = "Accept-Encoding"
# Brotli 5 and gzip 6: a 19 KB list page of the bench database becomes 3.9 KB either way in
# under a millisecond; brotli 11 saves another 10% but takes 20-40 ms, too dear for answers
# compressed per request (searches, feeds, the sync feed) or kept for about a second.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
# Bodies above this are compressed on a worker thread by the middleware (a 500-item sync page
# takes tens of milliseconds), not on the event loop that serves everyone else.
_OFF_LOOP_BYTES = 256 * 1024
_ETAG_SUFFIX = {BR: "-br", GZIP: "-gz"}


def min_bytes() -> int:
    """Smaller bodies go as they are: a few hundred bytes fit one packet anyway, and gzip's
    header and trailer can make them bigger (NEWSDESK_COMPRESS_MIN_BYTES, default 1024)."""
    return get_settings().compress_min_bytes


@lru_cache(maxsize=256)
def preferred_coding(accept_encoding: str) -> str | None:
    """The coding to send for this Accept-Encoding (RFC 9110 §12.5.3): br or gzip, whichever has
    the higher q (br on a tie: smaller); None for identity, when neither is acceptable (q=0, not
    named and no `*`) or when `identity` is named with a higher q than both."""
    weights: dict[str, float] = {}
    for element in accept_encoding.split(","):
        name, _, params = element.partition(";")
        name = name.strip().lower()
        if not name:
            continue
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value.strip())
                except ValueError:
                    weight = -1.0
        if not 0.0 <= weight <= 1.0:  # malformed (NaN too): the element is ignored
            continue
        weights.setdefault("gzip" if name == "x-gzip" else name, weight)
    anything = weights.get("*", 0.0)
    br, gzip = weights.get(BR, anything), weights.get(GZIP, anything)
    best, best_weight = (BR, br) if br >= gzip else (GZIP, gzip)
    if best_weight <= 0.0 or weights.get("identity", 0.0) > best_weight:
        return None
    return best


@lru_cache(maxsize=256)
def coding_for(accept_encoding: bytes) -> str | None:
    """preferred_coding of a raw header value (clients send the same few, byte for byte)."""
    return preferred_coding(accept_encoding.decode("latin-1"))


def request_coding(scope: Scope) -> str | None:
    """The coding the request accepts best (None: identity, also without Accept-Encoding)."""
    found = [value for name, value in scope["headers"] if name == b"accept-encoding"]
    return coding_for(b",".join(found)) if found else None


def encode(body: bytes, coding: str) -> bytes:
    """`body` in `coding`; the same bytes every time (gzip without a timestamp), as a strong
    ETag promises."""
    if coding == BR:
        return bytes(brotli.compress(body, quality=BROTLI_QUALITY))
    return zlib.compress(body, GZIP_LEVEL, wbits=31)  # wbits 31: a gzip member, mtime 0


def representation_etag(etag: str, coding: str | None) -> str:
    """The ETag of the `coding` representation of the body whose identity ETag is `etag`:
    `"abc"` → `"abc-br"`, `"abc-gz"` (a strong ETag names exact bytes)."""
    if coding is None:
        return etag
    return etag[:-1] + _ETAG_SUFFIX[coding] + '"'


@lru_cache(maxsize=4096)
def representation_etags(etag: str) -> frozenset[str]:
    """The ETags of every representation of one version: identity, br, gzip."""
    return frozenset({etag, *(representation_etag(etag, coding) for coding in _ETAG_SUFFIX)})


@lru_cache(maxsize=64)
def compressible(content_type: str) -> bool:
    """JSON and XML (application/json, application/problem+json, RSS, Atom, sitemaps); never
    images (image/svg+xml included), files or anything already compressed."""
    kind = content_type.partition(";")[0].strip().lower()
    return kind.startswith("application/") and kind.endswith(("json", "xml"))


class CompressionMiddleware:
    """Compresses the JSON and XML answers that `cached_bytes` did not see; adds `Vary:
    Accept-Encoding` to each of them, compressed or not, so that shared caches keep the
    representations apart. The body is gathered before it is sent (these answers are built
    whole anyway), then sent in one piece with its new Content-Length."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        parts: list[bytes] = []

        async def send_encoded(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if _negotiable(message):
                    start = message  # held until the whole body is known
                else:
                    await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            parts.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await _send_whole(scope, start, b"".join(parts), send)

        await self.app(scope, receive, send_encoded)


def _negotiable(start: Message) -> bool:
    if start["status"] in (204, 304) or start["status"] < 200:
        return False
    content_type = b""
    for name, value in start.get("headers", ()):
        if name in (b"content-encoding", b"etag"):
            return False
        if name == b"vary" and b"accept-encoding" in value.lower():
            return False
        if name == b"content-type":
            content_type = value
    return compressible(content_type.decode("latin-1"))


async def _send_whole(scope: Scope, start: Message, body: bytes, send: Send) -> None:
    headers = [(name, value) for name, value in start.get("headers", ()) if name != b"vary"]
    vary = [value for name, value in start.get("headers", ()) if name == b"vary"]
    headers.append((b"vary", b", ".join([*vary, VARY.encode()])))
    coding = request_coding(scope) if len(body) >= min_bytes() else None
    if coding is not None:
        if len(body) > _OFF_LOOP_BYTES:
            body = await to_thread.run_sync(encode, body, coding)
        else:
            body = encode(body, coding)
        headers = [(name, value) for name, value in headers if name != b"content-length"]
        headers += [
            (b"content-encoding", coding.encode()),
            (b"content-length", str(len(body)).encode()),
        ]
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body})
