"""The dispatcher's HTTP client: each connection goes to an address that targets.py checked
in the same lookup, so a name that answers a public address to the check and an internal
one to the connection (DNS rebinding) gets nowhere.

The pin sits in httpcore's network backend, below everything that uses the name: the URL,
the Host header, TLS SNI and certificate verification all still see the hostname; only the
TCP connect is given the checked address."""

import typing

import httpcore
import httpx

from app.webhooks import targets


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
                return super().connect_tcp(
                    address, port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )  # fmt: skip
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
