"""Which addresses may receive webhooks: IPv6 forms that carry an IPv4 address are judged by
that address, every other non-global address is refused, numeric host forms are judged by
what the resolver makes of them, and a name counts only if all its addresses are allowed."""

import contextlib
import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.config import get_settings
from app.webhooks.targets import TargetRefused, check_url, refusal
from tests.webhooks.conftest import HOST, PUBLIC, FakeDNS

# Each with what the refusal names: the address, and the IPv4 host it stands for if any.
REFUSED = [
    ("http://[::127.0.0.1]/", "IPv4-compatible form of 127.0.0.1"),
    ("http://[::ffff:127.0.0.1]/", "IPv4-mapped form of 127.0.0.1"),
    ("http://[::ffff:a9fe:a9fe]/", "IPv4-mapped form of 169.254.169.254"),
    ("http://[64:ff9b::7f00:1]/", "NAT64 form of 127.0.0.1"),
    ("http://[64:ff9b::a00:1]/", "NAT64 form of 10.0.0.1"),
    ("http://[64:ff9b:1::a00:1]/", "64:ff9b:1::a00:1"),  # local-use NAT64 prefix
    ("http://[2002:7f00:1::]/", "6to4 form of 127.0.0.1"),
    ("http://[2002:a9fe:a9fe::1]/", "6to4 form of 169.254.169.254"),
    # Teredo: server 65.54.227.120, client 127.0.0.1 (the inverted last 32 bits).
    ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "Teredo form of 127.0.0.1"),
    ("http://[2001:0:a00:1::a247:28f1]/", "Teredo form of 10.0.0.1"),  # private server
    ("http://[fec0::1]/", "fec0::1"),  # site-local
    ("http://[fc00::1]/", "fc00::1"),  # unique local
    ("http://[fe80::1]/", "fe80::1"),
    ("http://[ff02::1]/", "ff02::1"),
    ("http://[100::1]/", "100::1"),  # discard-only
    ("http://[2001:db8::1]/", "2001:db8::1"),
    ("http://[3fff::1]/", "3fff::1"),  # documentation (2024)
    ("http://[5f00::1]/", "5f00::1"),  # SRv6 segment ids, outside global unicast
    ("http://[::]/", "::"),
    ("http://100.64.0.1/", "100.64.0.1"),
    ("http://198.18.0.1/", "198.18.0.1"),
    ("http://240.0.0.1/", "240.0.0.1"),
    ("http://255.255.255.255/", "255.255.255.255"),
    ("http://224.0.0.1/", "224.0.0.1"),
    # Numeric hosts reach the resolver as they are, and it reads them as IPv4 (inet_aton).
    ("http://2130706433/", "127.0.0.1"),
    ("http://0x7f.1/", "127.0.0.1"),
    ("http://017700000001/", "127.0.0.1"),
    ("http://0x7f000001/", "127.0.0.1"),
    ("http://127.1/", "127.0.0.1"),
    ("http://0/", "0.0.0.0"),
]


@pytest.mark.parametrize(("url", "named"), REFUSED)
def test_internal_addresses_in_any_form_are_refused(url: str, named: str) -> None:
    with pytest.raises(TargetRefused, match="non-public") as refused:
        check_url(url)
    assert named in str(refused.value)


@pytest.mark.parametrize(
    "address",
    [
        "93.184.215.14",
        "2606:4700:4700::1111",
        "::ffff:93.184.215.14",  # a dual-stack view of a public IPv4 host
        "64:ff9b::5db8:d70e",  # a DNS64 answer for it on an IPv6-only network
    ],
)
def test_public_addresses_and_their_translations_pass(address: str) -> None:
    assert refusal(address) is None


@pytest.mark.parametrize(
    "address",
    [
        "2002:5db8:d70e::1",  # 6to4 of a public host: deprecated, not globally reachable
        "2001:0:5db8:d70e::1",  # Teredo through a public server: likewise
        "::93.184.215.14",  # IPv4-compatible: deprecated
    ],
)
def test_obsolete_tunnels_are_refused_even_to_public_hosts(address: str) -> None:
    assert refusal(address) is not None


def test_a_numeric_form_the_dispatcher_cannot_parse_is_refused() -> None:
    # The resolver reads 0177.0.0.1 as 127.0.0.1 but httpx refuses it: not a usable URL.
    with pytest.raises(TargetRefused, match="not a valid URL"):
        check_url("http://0177.0.0.1/")


def test_a_name_with_one_internal_address_is_refused(dns: FakeDNS) -> None:
    dns.answers = [[PUBLIC, "10.1.2.3"]]
    with pytest.raises(TargetRefused, match=r"non-public addresses \(10\.1\.2\.3\)"):
        check_url(f"https://{HOST}/hook")
    dns.answers = [[PUBLIC, "64:ff9b::5db8:d70e"]]
    check_url(f"https://{HOST}/hook")
    assert dns.lookups == 2


def _forms(v4: ipaddress.IPv4Address) -> list[str]:
    """The IPv6 addresses that carry `v4`: mapped, compatible, NAT64, 6to4, Teredo (as the
    client, whose bits are inverted, and as the server)."""
    n = int(v4)
    return [
        str(ipaddress.IPv6Address((0xFFFF << 32) | n)),
        str(ipaddress.IPv6Address(n)),
        str(ipaddress.IPv6Address((0x64FF9B << 96) | n)),
        str(ipaddress.IPv6Address((0x2002 << 112) | (n << 80) | 1)),
        str(ipaddress.IPv6Address((0x2001_0000 << 96) | (0x5DB8_D70E << 64) | (n ^ 0xFFFF_FFFF))),
        str(ipaddress.IPv6Address((0x2001_0000 << 96) | (n << 64) | 0xA247_28F1)),
    ]


@given(st.ip_addresses(v=4))
def test_every_form_of_a_refused_ipv4_address_is_refused(v4: ipaddress.IPv4Address) -> None:
    if refusal(str(v4)) is None:
        return
    for form in _forms(v4):
        reason = refusal(form)
        assert reason is not None, form
        if int(v4) > 1 or not form.startswith("::"):  # ::0 and ::1 are not IPv4-compatible
            assert str(v4) in reason, (form, reason)


@given(st.ip_addresses())
def test_an_allowed_address_is_global_by_python_too(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    # Stricter than `is_global`, never looser (translations are judged by their IPv4 host).
    if refusal(str(ip)) is None and not (
        ip.version == 6 and str(ip).startswith(("::ffff:", "64:ff9b::"))
    ):
        assert ip.is_global, ip


@given(st.text(max_size=60))
def test_any_text_is_a_url_or_a_clear_refusal(text: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(get_settings(), "webhook_allow_private_targets", True)  # no DNS
        with contextlib.suppress(TargetRefused):
            check_url(f"http://{text}")
