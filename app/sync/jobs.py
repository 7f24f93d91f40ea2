"""Change-log retention, run with the other background jobs."""

from sqlalchemy import Engine

from app.core.retention import prune_in_own_transaction
from app.sync.service import prune


def prune_change_log(engine: Engine | None = None) -> int:
    """Drop change-log entries past NEWSDESK_SYNC_RETENTION_DAYS in one transaction."""
    return prune_in_own_transaction(prune, engine, what="sync change log")
