"""The dispatcher connects to the address it checked: one lookup per connection, every answer
checked, the TCP connect pinned to a checked address, while the Host header, TLS SNI and
certificate verification keep the hostname. The fake DNS answers through socket.getaddrinfo,
so a second lookup by anyone (httpx included) would be seen."""

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.webhooks.dispatch import dispatch_due
from tests.webhooks.conftest import HOST, PUBLIC, FakeDNS, Receiver, deliveries, pinged, serve


def _headers(received: Receiver) -> dict[str, str]:
    [request] = received.requests
    return {name.lower(): value for name, value in request.headers.items()}


def test_a_rebound_name_does_not_lead_the_connection_inward(
    scratch_engine: Engine, receiver: Receiver, dns: FakeDNS
) -> None:
    # The receiver on 127.0.0.1 stands for an internal service; private targets are refused.
    endpoint_id = pinged(scratch_engine, f"http://{HOST}:{receiver.port}/hooks")
    dns.lookups = 0
    dns.answers = [[PUBLIC], ["127.0.0.1"]]  # public to the first lookup, inward afterwards

    assert dispatch_due(scratch_engine) == 0
    assert receiver.requests == []
    assert dns.connects == [PUBLIC]  # the checked address, and nothing else
    assert dns.lookups == 1
    [delivery] = deliveries(scratch_engine, endpoint_id)
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.last_error is not None
    assert "ConnectError" in delivery.last_error


def test_the_connection_goes_to_the_checked_address_with_the_hostname_as_host(
    scratch_engine: Engine, receiver: Receiver, dns: FakeDNS, allow_local: None
) -> None:
    pinged(scratch_engine, f"http://{HOST}:{receiver.port}/hooks")
    dns.lookups = 0
    dns.answers = [["127.0.0.1"]]

    assert dispatch_due(scratch_engine) == 1
    assert _headers(receiver)["host"] == f"{HOST}:{receiver.port}"
    assert dns.connects == ["127.0.0.1"]  # the address, not the name: no second lookup
    assert dns.lookups == 1


def test_a_name_that_now_resolves_inward_fails_without_connecting(
    scratch_engine: Engine, receiver: Receiver, dns: FakeDNS
) -> None:
    endpoint_id = pinged(scratch_engine, f"http://{HOST}:{receiver.port}/hooks")
    dns.answers = [[PUBLIC, "127.0.0.1"]]  # one internal address among public ones is enough

    assert dispatch_due(scratch_engine) == 0
    assert receiver.requests == []
    assert dns.connects == []
    [delivery] = deliveries(scratch_engine, endpoint_id)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, None)
    assert delivery.last_error is not None
    assert "non-public addresses (127.0.0.1)" in delivery.last_error


def _certificate(directory: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for `name` and its key."""
    cert, key = directory / f"{name}.pem", directory / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_receiver(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dns: FakeDNS,
    allow_local: None,
) -> Iterator[tuple[Receiver, list[str | None]]]:
    """An https receiver, at HOST, whose certificate names `request.param`, trusted by the
    dispatcher (through SSL_CERT_FILE); yields it and the SNI names it was asked for."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    cert, key = _certificate(tmp_path, request.param)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # how an operator names trusted CAs
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    server_names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    def record(_sock: ssl.SSLObject, name: str | None, _context: ssl.SSLContext) -> None:
        server_names.append(name)

    context.sni_callback = record
    dns.answers = [["127.0.0.1"]]
    with serve(tls=context) as state:
        yield state, server_names


@pytest.mark.parametrize("tls_receiver", [HOST], indirect=True)
def test_https_keeps_sni_and_certificate_checks_on_the_hostname(
    scratch_engine: Engine,
    tls_receiver: tuple[Receiver, list[str | None]],
    dns: FakeDNS,
) -> None:
    receiver, server_names = tls_receiver
    pinged(scratch_engine, f"https://{HOST}:{receiver.port}/hooks")

    assert dispatch_due(scratch_engine) == 1
    assert server_names == [HOST]
    assert dns.connects == ["127.0.0.1"]
    assert _headers(receiver)["host"] == f"{HOST}:{receiver.port}"


@pytest.mark.parametrize("tls_receiver", ["other.test"], indirect=True)
def test_https_refuses_a_certificate_for_another_name(
    scratch_engine: Engine,
    tls_receiver: tuple[Receiver, list[str | None]],
) -> None:
    receiver, _ = tls_receiver
    endpoint_id = pinged(scratch_engine, f"https://{HOST}:{receiver.port}/hooks")

    assert dispatch_due(scratch_engine) == 0
    assert receiver.requests == []
    [delivery] = deliveries(scratch_engine, endpoint_id)
    assert delivery.last_error is not None
    assert "CERTIFICATE_VERIFY_FAILED" in delivery.last_error
    assert HOST in delivery.last_error  # checked against the hostname, not 127.0.0.1
