"""Background work of related articles: refilling stale lists (full rebuilds: bulk.py).

A list goes stale when one of its entries is withdrawn or re-published; the scheduler
(app.workflow.jobs.Scheduler) refills them every tick, STALE_BATCH per transaction, oldest
first, until none is left, so a list is short by at most the withdrawn entries for about a tick.
Readers never see the withdrawn entry itself: it is deleted at once, and reads check
visibility anyway.
"""

import logging
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.articles import live
from app.core.db import open_session, utcnow
from app.related import index
from app.related.models import RelatedStale

log = logging.getLogger("newsdesk.jobs")
# Lists refilled per transaction. Each transaction holds the publishing lock, so an editor's
# publish may wait for one batch: at ~130 ms a list at 100k articles, a few seconds at most.
STALE_BATCH = 20


def refresh_stale(session: Session, *, now: datetime, limit: int = STALE_BATCH) -> int:
    """Recompute up to `limit` stale lists in the caller's transaction; how many were."""
    # Refilling a list links live versions that a publisher may be withdrawing right now.
    live.lock_publishing(session)
    stmt = select(RelatedStale.article_id).order_by(col(RelatedStale.since)).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)  # several processes share the work
    ids = session.exec(stmt).all()
    for article_id in ids:
        index.recompute(session, article_id, now=now)
    return len(ids)


def run_refresh_stale(engine: Engine | None = None, *, now: datetime | None = None) -> int:
    """Refill every stale list, one transaction per batch."""
    total = 0
    while True:
        with open_session(write=True, engine=engine) as session:
            done = refresh_stale(session, now=now or utcnow())
            session.commit()
        total += done
        if done < STALE_BATCH:
            break
    if total:
        log.info("refilled stale related lists", extra={"count": total})
    return total
