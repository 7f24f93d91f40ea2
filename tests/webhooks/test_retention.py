"""The delivery log keeps finished deliveries for NEWSDESK_WEBHOOK_DELIVERY_RETENTION_DAYS."""

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.core.config import get_settings
from app.core.db import open_session, utcnow
from app.webhooks.models import WebhookDelivery, WebhookEndpoint
from app.webhooks.service import prune_deliveries
from app.workflow.jobs import run_periodic_jobs


def _log(db: Session) -> dict[str, int]:
    """Deliveries by name (message id): old and recent, in each status."""
    endpoint = WebhookEndpoint(url="https://example.com/hook", events="article.published",
                               secret="whsec_test")  # fmt: skip
    db.add(endpoint)
    db.flush()
    assert endpoint.id is not None
    now = utcnow()
    deliveries = {
        f"{age}-{status}": WebhookDelivery(
            endpoint_id=endpoint.id,
            message_id=f"{age}-{status}",
            event_type="article.published",
            body="{}",
            status=status,
            created_at=now - (timedelta(days=31) if age == "old" else timedelta(days=29)),
        )
        for age in ("old", "recent")
        for status in ("delivered", "failed", "pending")
    }
    db.add_all(deliveries.values())
    db.flush()
    return {name: d.id for name, d in deliveries.items()}  # type: ignore[misc]


def _left(db: Session, ids: dict[str, int]) -> set[str]:
    kept = set(
        db.exec(select(WebhookDelivery.id).where(col(WebhookDelivery.id).in_(ids.values()))).all()
    )
    return {name for name, delivery_id in ids.items() if delivery_id in kept}


def test_finished_deliveries_past_the_retention_go_pending_ones_stay(db: Session) -> None:
    assert get_settings().webhook_delivery_retention_days == 30
    ids = _log(db)
    assert prune_deliveries(db) == 2
    assert _left(db, ids) == {"old-pending", "recent-delivered", "recent-failed", "recent-pending"}
    assert prune_deliveries(db) == 0


def test_zero_keeps_the_whole_log(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "webhook_delivery_retention_days", 0)
    ids = _log(db)
    assert prune_deliveries(db) == 0
    assert _left(db, ids) == set(ids)


def test_the_periodic_jobs_prune_the_log(scratch_engine: Engine) -> None:
    with open_session(write=True, engine=scratch_engine) as session:
        ids = _log(session)
        session.commit()
    run_periodic_jobs(scratch_engine)
    with open_session(engine=scratch_engine) as session:
        assert "old-delivered" not in _left(session, ids)
        assert "old-pending" in _left(session, ids)
