"""The scheduler: records go-live and expiry once their instant has passed.

Public reads never wait for it (visibility is decided at read time); it writes the status
change, the history line with actor "system", the revision and the outbox event that sync and
webhooks consume. Safe with many processes: on PostgreSQL each batch locks its rows with
FOR UPDATE SKIP LOCKED, on SQLite writers are serialized; every update is guarded by the state
it expects, so nothing is announced twice. Missed instants (downtime) are caught up and logged.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.articles.models import Article, ArticleLive, ArticleStatus
from app.core.config import get_settings
from app.core.db import get_engine, open_session, utcnow
from app.events.service import EventKind, emit
from app.notifications import service as notifications
from app.related import jobs as related_jobs
from app.revisions import service as revisions
from app.sync import changelog
from app.views.jobs import prune_dedupe

log = logging.getLogger("newsdesk.jobs")
BATCH_SIZE = 100


@dataclass(frozen=True)
class Announcement:
    article_id: int
    kind: str  # "go_live" or "expire"
    due_at: datetime
    delay_seconds: float


def _due(session: Session, *, announced: str, now: datetime) -> list[ArticleLive]:
    instant = ArticleLive.publish_at if announced == "pending" else ArticleLive.expire_at
    stmt = (
        select(ArticleLive)
        .where(ArticleLive.announced == announced, col(instant) <= now)
        .order_by(col(instant))
        .limit(BATCH_SIZE)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return list(session.exec(stmt).all())


def _announce(session: Session, row: ArticleLive, *, now: datetime) -> Announcement:
    article = session.get(Article, row.article_id)
    assert article is not None
    if row.announced == "pending":
        row.announced, kind, due = "live", "go_live", row.publish_at
        emit(session, kind=EventKind.published, article_id=row.article_id, version=row.version)
        new_status = ArticleStatus.published if article.status == "scheduled" else None
    else:
        assert row.expire_at is not None
        row.announced, kind, due = "expired", "expire", row.expire_at
        emit(session, kind=EventKind.unpublished, article_id=row.article_id)
        new_status = ArticleStatus.expired if article.status in ("published", "scheduled") else None
    session.add(row)
    # Visibility already changed at its instant; the log records it for integrators now.
    changelog.record_changes(session, [row.article_id])
    if new_status is not None:
        previous = article.status
        article.status = new_status.value
        article.lock_version += 1  # editors holding the old ETag must reload
        session.add(article)
        revisions.record(
            session, article, action=kind, actor_id=None, from_status=previous,
            comment=f"scheduled for {due.isoformat()}",
        )  # fmt: skip
        if kind == "go_live":
            notifications.after_scheduled_go_live(session, article=article)
    return Announcement(row.article_id, kind, due, (now - due).total_seconds())


def announce_due(session: Session, *, now: datetime) -> list[Announcement]:
    """Announce one batch of due go-lives and expiries in the caller's transaction."""
    done: list[Announcement] = []
    for announced in ("pending", "live"):
        rows = _due(session, announced=announced, now=now)
        done += [_announce(session, row, now=now) for row in rows]
    return done


def run_due_transitions(
    engine: Engine | None = None, *, now: datetime | None = None
) -> list[Announcement]:
    """Announce every go-live and expiry whose instant has passed; one transaction per batch."""
    done: list[Announcement] = []
    while True:
        with open_session(write=True, engine=engine) as session:
            batch = announce_due(session, now=now or utcnow())
            session.commit()
        done.extend(batch)
        if len(batch) < BATCH_SIZE:
            break
    interval = get_settings().jobs_interval_seconds
    late = [a for a in done if a.delay_seconds > 2 * interval]
    if late:
        log.warning(
            "caught up missed schedule instants",
            extra={"count": len(late), "max_delay_seconds": max(a.delay_seconds for a in late)},
        )
    if done:
        log.info("announced scheduled transitions", extra={"count": len(done)})
    return done


def run_periodic_jobs(engine: Engine | None = None) -> None:
    """The jobs that run beside the scheduler on every tick, each failing on its own."""
    from app.notifications.mail import run_notification_jobs
    from app.sync.jobs import prune_change_log  # sync reads articles, which the jobs write
    from app.webhooks.jobs import prune_delivery_log

    jobs: tuple[Callable[..., object], ...] = (
        prune_change_log,
        prune_delivery_log,
        prune_dedupe,
        related_jobs.run_refresh_stale,
        run_notification_jobs,
    )
    for job in jobs:
        try:
            job(engine)
        except Exception:  # one failing job must not stop the others; the next tick retries
            log.exception("periodic job failed", extra={"job": job.__name__})


class Scheduler:
    """Runs the due-transition job every few seconds on a daemon thread of the server, and
    webhook delivery on a second one (a slow receiver must not hold up a go-live)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="newsdesk-scheduler", daemon=True)
        self._webhooks = threading.Thread(
            target=self._webhook_loop, name="newsdesk-webhooks", daemon=True
        )

    def start(self) -> None:
        self._thread.start()
        self._webhooks.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)
        self._webhooks.join(timeout=self.interval + 5)

    def _webhook_loop(self) -> None:
        from app.webhooks.dispatch import dispatch_due

        while not self._stop.is_set():
            try:
                dispatch_due(get_engine())
            except Exception:  # keep the loop alive; the next run retries
                log.exception("webhook dispatch failed")
            self._stop.wait(min(self.interval, 2.0))

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                run_due_transitions(get_engine())
            except Exception:  # keep the loop alive; the next run retries
                log.exception("scheduler run failed")
            run_periodic_jobs(get_engine())
            self._stop.wait(self.interval)
