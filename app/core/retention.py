"""Retention jobs: pruning a log in a transaction of its own, run with the other background
jobs (app.workflow.jobs.run_periodic_jobs)."""

import logging
from collections.abc import Callable

from sqlalchemy import Engine
from sqlmodel import Session

from app.core.db import open_session

log = logging.getLogger("newsdesk.jobs")


def prune_in_own_transaction(
    prune: Callable[[Session], int], engine: Engine | None, *, what: str
) -> int:
    """Run `prune` (it returns how many rows went) and commit; log the count if any."""
    with open_session(write=True, engine=engine) as session:
        removed = prune(session)
        session.commit()
    if removed:
        log.info(f"pruned the {what}", extra={"count": removed})
    return removed
