"""Emit article change events into the outbox (same transaction as the change)."""

from enum import StrEnum
from typing import Any

import orjson
from sqlmodel import Session

from app.events.models import OutboxEvent
from app.webhooks import outbox as webhooks


class EventKind(StrEnum):
    published = "article.published"
    updated = "article.updated"
    unpublished = "article.unpublished"
    deleted = "article.deleted"


def emit(session: Session, *, kind: EventKind, article_id: int, **payload: Any) -> None:
    """Record that an article changed for the public; consumers pick it up after commit.
    Webhook deliveries for it are queued in the same transaction."""
    event = OutboxEvent(
        kind=kind.value,
        article_id=article_id,
        payload=orjson.dumps(payload, default=str).decode(),
    )
    session.add(event)
    webhooks.fan_out(
        session, event_type=kind.value, article_id=article_id, at=event.created_at,
        payload=payload,
    )  # fmt: skip
