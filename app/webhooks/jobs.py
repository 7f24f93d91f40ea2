"""Delivery-log retention, run with the other background jobs."""

from sqlalchemy import Engine

from app.core.retention import prune_in_own_transaction
from app.webhooks.service import prune_deliveries


def prune_delivery_log(engine: Engine | None = None) -> int:
    """Drop finished deliveries past NEWSDESK_WEBHOOK_DELIVERY_RETENTION_DAYS."""
    return prune_in_own_transaction(prune_deliveries, engine, what="webhook delivery log")
