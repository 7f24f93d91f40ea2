"""Where webhooks may be sent: http(s) URLs whose every address is public, unless
NEWSDESK_WEBHOOK_ALLOW_PRIVATE_TARGETS says otherwise. Checked when a URL is saved, and at
each connection by the dispatcher's transport (transport.py), which connects to the very
addresses this module checked: a name re-pointed since it was saved, or answering a
different address to a second lookup (DNS rebinding), cannot lead the request inward."""

import ipaddress
import socket

import httpx

from app.core.config import get_settings

SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# IANA's global unicast block: every public IPv6 address is in it. Explicit lists rather than
# only `is_global`, whose IPv6 table differs between Python patch releases (3.11.7 calls
# fec0::/10, 6to4 and NAT64 addresses global).
_IPV6_GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")
_IPV6_NOT_GLOBAL = tuple(
    ipaddress.IPv6Network(net)
    for net in (
        "2001::/23",  # IETF protocol assignments, Teredo (2001::/32) among them
        "2001:db8::/32",  # documentation
        "2002::/16",  # 6to4, deprecated (RFC 7526)
        "3fff::/20",  # documentation
    )
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # the well-known prefix (RFC 6052)
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated (RFC 4291)
# IPv6 forms that stand for an IPv4 host and are judged by that host alone: a dual-stack
# socket's view of IPv4, and DNS64 answers on an IPv6-only network.
_TRANSLATED = frozenset({"IPv4-mapped", "NAT64"})


class TargetRefused(ValueError):
    """The URL may not receive webhooks; the message says why."""


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _public(ip: IPAddress) -> bool:
    if (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    ):
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        return (
            not ip.is_site_local
            and ip in _IPV6_GLOBAL_UNICAST
            and not any(ip in net for net in _IPV6_NOT_GLOBAL)
        )
    return True


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[str, list[ipaddress.IPv4Address]] | None:
    """The IPv4 host(s) an IPv6 address stands for, with the name of the form."""
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
    if ip.ipv4_mapped is not None:
        return "IPv4-mapped", [ip.ipv4_mapped]
    if ip in _NAT64:
        return "NAT64", [low32]
    if ip.sixtofour is not None:
        return "6to4", [ip.sixtofour]
    if ip.teredo is not None:
        server, client = ip.teredo
        return "Teredo", [client, server]
    if ip in _IPV4_COMPATIBLE and int(ip) > 1:  # :: and ::1 are not IPv4 hosts
        return "IPv4-compatible", [low32]
    return None


def refusal(address: str) -> str | None:
    """Why `address` (an IP literal) may not receive webhooks, or None if it may."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # a zone id does not change the kind
    except ValueError:
        return f"{address} (not an IP address)"
    if isinstance(ip, ipaddress.IPv6Address) and (embedded := _embedded_ipv4(ip)):
        kind, hosts = embedded
        for host in hosts:
            if not _public(host):
                return f"{ip} ({kind} form of {host})"
        if kind in _TRANSLATED:
            return None
        if not _public(ip):
            return f"{ip} ({kind})"
    return None if _public(ip) else str(ip)


def checked_addresses(host: str, port: int) -> list[str]:
    """Resolve `host` once and return its addresses, every one of them allowed; raise
    TargetRefused otherwise. Connect to these, never to the name again."""
    try:
        addresses = _resolve(host, port)
    except (OSError, UnicodeError) as exc:
        raise TargetRefused(f"the host {host!r} does not resolve") from exc
    if not addresses:
        raise TargetRefused(f"the host {host!r} does not resolve")
    if get_settings().webhook_allow_private_targets:
        return addresses
    # Every address counts: a name with one public and one internal address is refused.
    refused = sorted({reason for address in addresses if (reason := refusal(address))})
    if refused:
        raise TargetRefused(
            f"the host resolves to non-public addresses ({', '.join(refused)}); "
            "set NEWSDESK_WEBHOOK_ALLOW_PRIVATE_TARGETS to allow them"
        )
    return addresses


def check_url(url: str) -> None:
    """Raise TargetRefused unless `url` is an http(s) URL that resolves only to allowed
    addresses."""
    # Parsed by httpx, as the dispatcher will: the host checked here is the one it connects
    # to (IDNA-encoded the same way; numeric forms such as 2130706433 or 0x7f.1 reach the
    # resolver as they are, and are judged by the address it answers).
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
        raise TargetRefused(f"not a valid URL: {exc}") from None
    if parsed.scheme not in SCHEMES:
        raise TargetRefused("only http and https URLs can receive webhooks")
    if not parsed.raw_host:
        raise TargetRefused("the URL has no host")
    if parsed.userinfo:
        raise TargetRefused("credentials in the URL are not allowed; use the signature")
    port = parsed.port or DEFAULT_PORTS[parsed.scheme]
    if not 0 < port < 65536:
        raise TargetRefused(f"not a valid URL: port {port} is out of range")
    if get_settings().webhook_allow_private_targets:
        return  # e.g. a receiver on the same host or network, which may not be up yet
    checked_addresses(parsed.raw_host.decode("ascii"), port)
