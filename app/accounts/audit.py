"""The audit trail of account, grant and key changes."""

from collections.abc import Sequence
from typing import Any

import orjson
from sqlmodel import Session, col, select

from app.accounts.models import AuditEvent


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: int | None,
    **details: Any,
) -> None:
    """Add an audit event to the current transaction (it commits with the change it describes)."""
    session.add(
        AuditEvent(
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            details=orjson.dumps(details, default=str).decode(),
        )
    )


def list_events(session: Session, *, before_id: int | None, limit: int) -> Sequence[AuditEvent]:
    """Newest first; `before_id` continues a previous page."""
    stmt = select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(limit)
    if before_id is not None:
        stmt = stmt.where(col(AuditEvent.id) < before_id)
    return session.exec(stmt).all()
