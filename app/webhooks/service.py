"""Webhook subscriptions: create (secret shown once), change, delete, ping, the delivery log
and manual redelivery. Delivery itself is dispatch.py."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.accounts import audit
from app.accounts.permissions import Principal
from app.articles import taxonomy
from app.core.config import get_settings
from app.core.db import utcnow
from app.core.errors import InvalidInput, NotFound
from app.webhooks import outbox, signing
from app.webhooks.models import WebhookDelivery, WebhookEndpoint
from app.webhooks.schemas import WebhookCreate, WebhookPublic, WebhookUpdate
from app.webhooks.targets import TargetRefused, check_url


def _check_url(url: str) -> str:
    try:
        check_url(url)
    except TargetRefused as exc:
        raise InvalidInput(str(exc), loc=["url"]) from None
    return url


def public_form(endpoint: WebhookEndpoint) -> WebhookPublic:
    assert endpoint.id is not None
    return WebhookPublic(
        id=endpoint.id, url=endpoint.url, events=endpoint.events.split(","),
        category_id=endpoint.category_id, description=endpoint.description,
        enabled=endpoint.enabled, disabled_reason=endpoint.disabled_reason,
        created_at=endpoint.created_at, updated_at=endpoint.updated_at,
    )  # fmt: skip


def create_endpoint(session: Session, *, data: WebhookCreate, actor: Principal) -> WebhookEndpoint:
    """Subscribe a URL to events; the secret is generated here and returned once."""
    if data.category_id is not None:
        taxonomy.get_category_or_invalid(session, data.category_id)
    endpoint = WebhookEndpoint(
        url=_check_url(data.url), events=",".join(sorted(set(data.events))),
        category_id=data.category_id, description=data.description,
        secret=signing.new_secret(), created_by=actor.id,
    )  # fmt: skip
    session.add(endpoint)
    session.flush()
    audit.record(
        session, actor_id=actor.id, action="webhook.create", target_type="webhook",
        target_id=endpoint.id, url=endpoint.url, events=endpoint.events,
    )  # fmt: skip
    return endpoint


def list_endpoints(session: Session) -> Sequence[WebhookEndpoint]:
    return session.exec(select(WebhookEndpoint).order_by(col(WebhookEndpoint.id))).all()


def get_endpoint(session: Session, endpoint_id: int) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound(f"webhook {endpoint_id} does not exist")
    return endpoint


def update_endpoint(
    session: Session, *, endpoint: WebhookEndpoint, data: WebhookUpdate, actor: Principal
) -> WebhookEndpoint:
    """Change what an endpoint receives; `enabled: true` resumes its queue after a disable."""
    changes = data.model_dump(exclude_unset=True)
    for field in ("url", "events", "description", "enabled"):
        if field in changes and changes[field] is None:
            raise InvalidInput(f"{field} cannot be null", loc=[field])
    if "url" in changes:
        endpoint.url = _check_url(changes["url"])
    if "events" in changes:
        endpoint.events = ",".join(sorted(set(changes["events"])))
    if "category_id" in changes:
        if changes["category_id"] is not None:
            taxonomy.get_category_or_invalid(session, changes["category_id"])
        endpoint.category_id = changes["category_id"]
    if "description" in changes:
        endpoint.description = changes["description"]
    if "enabled" in changes:
        endpoint.enabled = changes["enabled"]
        endpoint.disabled_reason = None if endpoint.enabled else "disabled by an admin"
    endpoint.updated_at = utcnow()
    session.add(endpoint)
    session.flush()
    audit.record(
        session, actor_id=actor.id, action="webhook.update", target_type="webhook",
        target_id=endpoint.id, fields=sorted(changes),
    )  # fmt: skip
    return endpoint


def delete_endpoint(session: Session, *, endpoint: WebhookEndpoint, actor: Principal) -> None:
    """Remove a subscription and its delivery log."""
    audit.record(
        session, actor_id=actor.id, action="webhook.delete", target_type="webhook",
        target_id=endpoint.id, url=endpoint.url,
    )  # fmt: skip
    session.delete(endpoint)
    session.flush()


def ping(session: Session, *, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Queue a `webhook.ping` message for this endpoint (sent by the dispatcher, in order)."""
    assert endpoint.id is not None
    now = utcnow()
    delivery = WebhookDelivery(
        endpoint_id=endpoint.id, message_id=outbox.new_message_id(), event_type=outbox.PING,
        body=outbox.message_body(
            event_type=outbox.PING, at=now, data={"webhook_id": endpoint.id}
        ),
        next_attempt_at=now,
    )  # fmt: skip
    session.add(delivery)
    session.flush()
    return delivery


def list_deliveries(
    session: Session, *, endpoint: WebhookEndpoint, limit: int
) -> Sequence[WebhookDelivery]:
    """The endpoint's deliveries, newest first."""
    return session.exec(
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(col(WebhookDelivery.id).desc())
        .limit(limit)
    ).all()


def redeliver(session: Session, *, delivery_id: int) -> WebhookDelivery:
    """Send a delivery again, with the same webhook-id and body; its attempts start over."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise NotFound(f"delivery {delivery_id} does not exist")
    delivery.status = "pending"
    delivery.attempts = 0
    delivery.next_attempt_at = utcnow()
    session.add(delivery)
    session.flush()
    return delivery


def prune_deliveries(session: Session, *, now: datetime | None = None) -> int:
    """Drop finished deliveries (delivered or failed) created more than
    NEWSDESK_WEBHOOK_DELIVERY_RETENTION_DAYS ago (0 keeps all); a pending one stays until it
    finishes, whatever its age. Returns how many went."""
    days = get_settings().webhook_delivery_retention_days
    if days <= 0:
        return 0
    cutoff = (now or utcnow()) - timedelta(days=days)
    result = session.execute(
        delete(WebhookDelivery).where(
            col(WebhookDelivery.created_at) < cutoff, col(WebhookDelivery.status) != "pending"
        )
    )
    session.flush()
    return int(result.rowcount)  # type: ignore[attr-defined]
