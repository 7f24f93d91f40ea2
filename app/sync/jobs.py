"""Change-log retention, run with the other background jobs."""

import logging

from sqlalchemy import Engine

from app.core.db import open_session
from app.sync.service import prune

log = logging.getLogger("newsdesk.jobs")


def prune_change_log(engine: Engine | None = None) -> int:
    """Drop change-log entries past NEWSDESK_SYNC_RETENTION_DAYS in one transaction."""
    with open_session(write=True, engine=engine) as session:
        removed = prune(session)
        session.commit()
    if removed:
        log.info("pruned the sync change log", extra={"count": removed})
    return removed
