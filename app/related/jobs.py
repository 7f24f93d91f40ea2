"""Background work of related articles: refilling stale lists, and full rebuilds.

A list goes stale when one of its entries is withdrawn or re-published; the scheduler
(app.workflow.jobs.Scheduler) refills up to STALE_BATCH of them per tick, oldest first, so a
list is short by at most the withdrawn entries for about one tick per STALE_BATCH stale lists.
Readers never see the withdrawn entry itself: it is deleted at once, and reads check
visibility anyway.
"""

import logging
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import Engine, delete
from sqlmodel import Session, col, select

from app.articles.models import ArticleLive
from app.core.db import open_session, utcnow
from app.related import index, similarity
from app.related.models import RelatedStale, RelatedSuggestion, RelatedTerm, RelatedTermStat

log = logging.getLogger("newsdesk.jobs")
STALE_BATCH = 200
REBUILD_BATCH = 500


def refresh_stale(session: Session, *, now: datetime, limit: int = STALE_BATCH) -> int:
    """Recompute up to `limit` stale lists in the caller's transaction; how many were."""
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


def _live_batches(engine: Engine | None) -> Iterator[list[ArticleLive]]:
    last = 0
    while True:
        with open_session(write=False, engine=engine) as session:
            rows = list(
                session.exec(
                    select(ArticleLive)
                    .where(col(ArticleLive.article_id) > last)
                    .order_by(col(ArticleLive.article_id))
                    .limit(REBUILD_BATCH)
                ).all()
            )
            session.expunge_all()
        if not rows:
            return
        yield rows
        last = rows[-1].article_id


def rebuild(engine: Engine | None = None, *, now: datetime | None = None) -> int:
    """Rebuild the whole index from the live versions with exact document frequencies, then
    every list (after an upgrade, a bulk import, or a change of the weights)."""
    now = now or utcnow()
    with open_session(write=True, engine=engine) as session:
        for model in (RelatedSuggestion, RelatedStale, RelatedTerm, RelatedTermStat):
            session.execute(delete(model))
        session.commit()
    df: dict[str, int] = {}
    docs = 0
    for rows in _live_batches(engine):
        for row in rows:
            docs += 1
            for term in index.term_counts_of(row):
                df[term] = df.get(term, 0) + 1
    with open_session(write=True, engine=engine) as session:
        stats = [{"term": t, "df": n} for t, n in df.items()]
        index.insert_rows(session, RelatedTermStat, [*stats, {"term": index.DOCS_KEY, "df": docs}])
        session.commit()
    for rows in _live_batches(engine):
        with open_session(write=True, engine=engine) as session:
            for row in rows:
                vector = similarity.vector(index.term_counts_of(row), df, docs)
                index.insert_rows(
                    session,
                    RelatedTerm,
                    [
                        {"term": t, "article_id": row.article_id, "weight": w}
                        for t, w in vector.items()
                    ],
                )
            session.commit()
    for rows in _live_batches(engine):
        with open_session(write=True, engine=engine) as session:
            for row in rows:
                index.recompute(session, row.article_id, now=now)
            session.commit()
    return docs
