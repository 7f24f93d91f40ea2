"""Delivery-log retention, run with the other background jobs."""

import logging

from sqlalchemy import Engine

from app.core.db import open_session
from app.webhooks.service import prune_deliveries

log = logging.getLogger("newsdesk.jobs")


def prune_delivery_log(engine: Engine | None = None) -> int:
    """Drop finished deliveries past NEWSDESK_WEBHOOK_DELIVERY_RETENTION_DAYS."""
    with open_session(write=True, engine=engine) as session:
        removed = prune_deliveries(session)
        session.commit()
    if removed:
        log.info("pruned the webhook delivery log", extra={"count": removed})
    return removed
