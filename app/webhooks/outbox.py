"""Turn an article event into deliveries, in the transaction that emits it (the outbox)."""

import uuid
from datetime import datetime

import orjson
from sqlmodel import Session, col, select

from app.articles import taxonomy
from app.articles.models import Article
from app.sync import changelog
from app.webhooks.models import WebhookDelivery, WebhookEndpoint

EVENT_TYPES = (
    "article.published",
    "article.updated",
    "article.unpublished",
    "article.deleted",
)
PING = "webhook.ping"


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def message_body(*, event_type: str, at: datetime, data: dict[str, object]) -> str:
    """The Standard Webhooks envelope: type, timestamp, data."""
    return orjson.dumps({"type": event_type, "timestamp": at, "data": data}, default=str).decode()


def _subscribed(session: Session, endpoint: WebhookEndpoint, category_id: int | None) -> bool:
    if endpoint.category_id is None:
        return True
    if category_id is None:
        return False
    return category_id in taxonomy.descendant_ids(session, endpoint.category_id)


def fan_out(
    session: Session, *, event_type: str, article_id: int, at: datetime, payload: dict[str, object]
) -> None:
    """One pending delivery per enabled endpoint subscribed to this event (and category).

    Disabled endpoints get none: they are off until an admin turns them back on."""
    endpoints = session.exec(
        select(WebhookEndpoint).where(col(WebhookEndpoint.enabled).is_(True))
    ).all()
    wanted = [e for e in endpoints if event_type in e.events.split(",")]
    if not wanted:
        return
    article = session.get(Article, article_id)
    category_id = article.category_id if article is not None else None
    data = {"id": article_id, "category_id": category_id, **payload}
    body = message_body(event_type=event_type, at=at, data=data)
    # Deliveries are numbered while the change-log lock is held, so within an endpoint their
    # ids follow commit order, which is the order the dispatcher sends them in.
    changelog.hold_clock(session)
    message_id = new_message_id()
    for endpoint in wanted:
        if _subscribed(session, endpoint, category_id):
            assert endpoint.id is not None
            session.add(
                WebhookDelivery(
                    endpoint_id=endpoint.id, message_id=message_id, event_type=event_type,
                    article_id=article_id, body=body, next_attempt_at=at,
                )
            )  # fmt: skip
    session.flush()
