"""Background work of view counting: forgetting dedupe rows of ended windows."""

from datetime import datetime

from sqlalchemy import Engine

from app.core.db import open_session, utcnow
from app.views.service import prune_seen


def prune_dedupe(engine: Engine | None = None, *, now: datetime | None = None) -> int:
    """Delete the dedupe rows of windows that have ended; returns how many went. Harmless to
    run from several processes at once (each deletes what is left)."""
    with open_session(write=True, engine=engine) as session:
        removed = prune_seen(session, now=now or utcnow())
        session.commit()
    return removed
