"""/v1/admin/webhooks: admins only, the secret once, outgoing URLs checked, ping, the delivery
log and redelivery through the API."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.accounts.models import Role
from app.core.config import get_settings
from app.webhooks.models import WebhookDelivery
from app.webhooks.targets import TargetRefused, check_url
from tests.factories import Factory

HOOKS = "/v1/admin/webhooks"
EVENTS = ["article.published", "article.deleted"]


@pytest.fixture
def admin(factory: Factory) -> dict[str, str]:
    return factory.headers(factory.user(Role.admin))


def _create(client: TestClient, admin: dict[str, str], **body: object) -> dict[str, object]:
    response = client.post(HOOKS, json={"events": EVENTS, **body}, headers=admin)
    assert response.status_code == 201, response.text
    created: dict[str, object] = response.json()
    return created


def test_only_admins_manage_webhooks(client: TestClient, factory: Factory) -> None:
    editor = factory.headers(factory.user(Role.editor))
    assert client.get(HOOKS).status_code == 401
    assert client.get(HOOKS, headers=editor).status_code == 403
    refused = client.post(
        HOOKS, json={"url": "https://example.com", "events": EVENTS}, headers=editor
    )
    assert refused.status_code == 403


def test_the_secret_is_shown_once(
    client: TestClient, admin: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "webhook_allow_private_targets", True)
    created = _create(client, admin, url="http://127.0.0.1:9/hook", description="Cổng tỉnh")
    assert str(created["secret"]).startswith("whsec_")
    assert created["events"] == sorted(EVENTS)
    assert created["enabled"] is True
    listed = client.get(HOOKS, headers=admin).json()
    assert [h["id"] for h in listed] == [created["id"]]
    assert "secret" not in listed[0]
    one = client.get(f"{HOOKS}/{created['id']}", headers=admin).json()
    assert "secret" not in one
    assert one["description"] == "Cổng tỉnh"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://example.com/hook", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("http://127.0.0.1/hook", "non-public"),
        ("http://localhost:8000/hook", "non-public"),
        ("http://10.1.2.3/hook", "non-public"),
        ("http://192.168.1.1/hook", "non-public"),
        ("http://169.254.169.254/latest/meta-data", "non-public"),  # cloud metadata
        ("http://[::1]/hook", "non-public"),
        ("http://[::ffff:127.0.0.1]/hook", "IPv4-mapped form of 127.0.0.1"),
        ("http://[::127.0.0.1]/hook", "IPv4-compatible form of 127.0.0.1"),
        ("http://[64:ff9b::a9fe:a9fe]/hook", "NAT64 form of 169.254.169.254"),
        ("http://[64:ff9b:1::7f00:1]/hook", "non-public"),
        ("http://[2002:a00:1::1]/hook", "6to4 form of 10.0.0.1"),
        ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook", "Teredo form of 127.0.0.1"),
        ("http://[fec0::1]/hook", "non-public"),
        ("http://2130706433/hook", "(127.0.0.1)"),
        ("http://0x7f.1/hook", "(127.0.0.1)"),
        ("http://017700000001/hook", "(127.0.0.1)"),
        ("http://0.0.0.0/hook", "non-public"),
        ("http://user:pw@example.com/hook", "credentials"),
        ("http:///nohost", "no host"),
        ("http://example.com:99999/hook", "not a valid URL"),
    ],
)
def test_internal_and_odd_targets_are_refused(
    client: TestClient, admin: dict[str, str], url: str, why: str
) -> None:
    response = client.post(HOOKS, json={"url": url, "events": EVENTS}, headers=admin)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert why in response.text


def test_a_public_address_passes_the_check() -> None:
    check_url("https://93.184.215.14/hook")  # an IP literal: no DNS needed
    with pytest.raises(TargetRefused):
        check_url("https://100.64.0.1/hook")  # carrier-grade NAT is not public either


def test_bad_input_is_a_422(client: TestClient, admin: dict[str, str]) -> None:
    for body in (
        {"url": "https://example.com", "events": []},
        {"url": "https://example.com", "events": ["article.liked"]},
        {"url": "https://example.com", "events": EVENTS, "category_id": 999999},
        {"url": "https://example.com", "events": EVENTS, "secret": "mine"},
    ):
        assert client.post(HOOKS, json=body, headers=admin).status_code == 422, body


def test_update_delete_ping_deliveries_and_redeliver(
    client: TestClient,
    admin: dict[str, str],
    factory: Factory,
    db: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "webhook_allow_private_targets", True)
    hook = _create(client, admin, url="http://127.0.0.1:9/hook")
    path = f"{HOOKS}/{hook['id']}"

    changed = client.patch(path, json={"events": ["article.unpublished"]}, headers=admin)
    assert changed.status_code == 200
    assert changed.json()["events"] == ["article.unpublished"]
    off = client.patch(path, json={"enabled": False}, headers=admin).json()
    assert (off["enabled"], off["disabled_reason"]) == (False, "disabled by an admin")
    assert client.patch(path, json={"enabled": None}, headers=admin).status_code == 422
    on = client.patch(path, json={"enabled": True}, headers=admin).json()
    assert (on["enabled"], on["disabled_reason"]) == (True, None)

    # Events queue deliveries for the subscribed types only.
    article = factory.article(status="published")
    factory.transition(article, "unpublish")
    ping = client.post(f"{path}/ping", headers=admin)
    assert ping.status_code == 202
    assert ping.json()["event_type"] == "webhook.ping"
    log = client.get(f"{path}/deliveries", headers=admin).json()
    assert [d["event_type"] for d in log] == ["webhook.ping", "article.unpublished"]
    assert all(d["status"] == "pending" and d["attempts"] == 0 for d in log)

    # Redeliver re-queues a finished delivery with its webhook-id.
    delivery = db.exec(select(WebhookDelivery).where(col(WebhookDelivery.id) == log[1]["id"])).one()
    delivery.status, delivery.attempts = "failed", 8
    db.add(delivery)
    db.flush()
    again = client.post(f"{HOOKS}/deliveries/{delivery.id}/redeliver", headers=admin)
    assert again.status_code == 202
    assert (again.json()["status"], again.json()["attempts"]) == ("pending", 0)
    assert again.json()["message_id"] == log[1]["message_id"]
    assert client.post(f"{HOOKS}/deliveries/999999/redeliver", headers=admin).status_code == 404

    assert client.delete(path, headers=admin).status_code == 204
    assert client.get(path, headers=admin).status_code == 404
    assert client.get(f"{path}/deliveries", headers=admin).status_code == 404
