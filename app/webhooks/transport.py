"""The dispatcher's HTTP client: each connection goes to an address that targets.py checked
in the same lookup, so a name that answers a public address to the check and an internal
one to the connection (DNS rebinding) gets nowhere.

The pin sits in httpcore's network backend, below everything that uses the name: the URL,
the Host header, TLS SNI and certificate verification all still see the hostname; only the
TCP connect is given the checked address."""

import contextlib
import ssl
import time
import typing
from collections.abc import Iterator
from contextvars import ContextVar

import httpcore
import httpx

from app.webhooks import targets

# When the attempt in progress must be over (time.monotonic()), or None: no limit.
_deadline: ContextVar[float | None] = ContextVar("webhook_deadline", default=None)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Bound everything sent and read inside this block to `seconds` in all. httpx's own
    timeouts apply to each read or write, so a receiver answering a byte at a time would
    otherwise hold the dispatcher (and its lease) for as long as it likes."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def _within_deadline(
    timeout: float | None, expired: type[httpcore.TimeoutException]
) -> float | None:
    end = _deadline.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise expired("the attempt ran out of time")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write also ends by the attempt's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _within_deadline(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _within_deadline(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(
            self._stream.start_tls(
                ssl_context, server_hostname, _within_deadline(timeout, httpcore.ConnectTimeout)
            )
        )

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class PinnedBackend(httpcore.SyncBackend):
    """Resolves and checks the host itself, then connects to a checked address."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        failure: httpcore.ConnectError | None = None
        # Like socket.create_connection: each address in turn, but only checked ones.
        for address in targets.checked_addresses(host, port):
            try:
                stream = super().connect_tcp(
                    address, port, timeout=_within_deadline(timeout, httpcore.ConnectTimeout),
                    local_address=local_address, socket_options=socket_options,
                )  # fmt: skip
                return _DeadlineStream(stream)
            except httpcore.ConnectError as exc:
                failure = exc
        assert failure is not None  # checked_addresses never returns an empty list
        raise failure


class PinnedTransport(httpx.HTTPTransport):
    """httpx's own transport over a connection pool that uses PinnedBackend."""

    def __init__(self) -> None:
        # SSL_CERT_FILE / SSL_CERT_DIR still name the trusted CAs, as for any httpx client.
        ssl_context = httpx.create_ssl_context()
        super().__init__(verify=ssl_context)
        # httpx (0.28) has no public way to pass a network backend (encode/httpx#3749), so the
        # pool it built is replaced by an equivalent one that has ours.
        limits = httpx.Limits()  # httpx's defaults, which httpcore's own differ from
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PinnedBackend(),
        )


def pinned_client(timeout: float) -> httpx.Client:
    """A client whose connections go only to checked addresses and that follows no
    redirect (a 3xx is a failed delivery, it cannot bounce the request elsewhere)."""
    # No HTTP(S)_PROXY from the environment: a proxy would look the name up again itself.
    return httpx.Client(
        transport=PinnedTransport(), timeout=timeout, follow_redirects=False, trust_env=False
    )
