"""Where webhooks may be sent: http(s) URLs whose every address is public, unless
NEWSDESK_WEBHOOK_ALLOW_PRIVATE_TARGETS says otherwise. Checked when a URL is saved and again
before each attempt (a name can be re-pointed after it was saved)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from app.core.config import get_settings

SCHEMES = frozenset({"http", "https"})


class TargetRefused(ValueError):
    """The URL may not receive webhooks; the message says why."""


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> None:
    """Raise TargetRefused unless `url` is an http(s) URL that resolves only to allowed
    addresses."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise TargetRefused(f"not a valid URL: {exc}") from None
    if parts.scheme not in SCHEMES:
        raise TargetRefused("only http and https URLs can receive webhooks")
    if not parts.hostname:
        raise TargetRefused("the URL has no host")
    if parts.username or parts.password:
        raise TargetRefused("credentials in the URL are not allowed; use the signature")
    if get_settings().webhook_allow_private_targets:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise TargetRefused(f"the host {parts.hostname!r} does not resolve") from exc
    refused = sorted({str(info[4][0]) for info in infos if not _public(str(info[4][0]))})
    if refused:
        # Every address counts: a name with one public and one internal address is refused.
        raise TargetRefused(
            f"the host resolves to non-public addresses ({', '.join(refused)}); "
            "set NEWSDESK_WEBHOOK_ALLOW_PRIVATE_TARGETS to allow them"
        )
