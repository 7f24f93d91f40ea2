"""Desk sign-in sessions (docs/desk.md): a random token in an HttpOnly cookie, its hash in
`desk_session`. A session ends on sign-out, after `desk_idle_minutes` without a request, after
`desk_session_hours` in all, and when the user's token_version changes (password change,
deactivation): the same rules that end an API token, plus idleness."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete

from app.accounts.models import User
from app.core.config import get_settings
from app.desk.models import DeskSession

# last_seen_at is written at most this often: a write per page view would be a write per
# click, and idleness is counted in minutes.
TOUCH_EVERY = timedelta(seconds=60)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User, *, now: datetime) -> tuple[str, DeskSession]:
    """A new session for the signed-in user: the cookie's token and the row."""
    assert user.id is not None
    token = secrets.token_urlsafe(32)
    row = DeskSession(
        token_hash=token_hash(token),
        user_id=user.id,
        token_version=user.token_version,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
    )
    session.add(row)
    # Housekeeping: the user's own sessions that have expired go now.
    session.execute(
        delete(DeskSession).where(
            col(DeskSession.user_id) == user.id,
            col(DeskSession.last_seen_at) < now - _idle_limit(),
        )
    )
    return token, row


def _idle_limit() -> timedelta:
    return timedelta(minutes=get_settings().desk_idle_minutes)


def is_expired(row: DeskSession, user: User | None, *, now: datetime) -> bool:
    settings = get_settings()
    return (
        user is None
        or not user.is_active
        or user.is_service
        or user.token_version != row.token_version
        or now - row.last_seen_at > _idle_limit()
        or now - row.created_at > timedelta(hours=settings.desk_session_hours)
    )


def needs_touch(row: DeskSession, *, now: datetime) -> bool:
    return now - row.last_seen_at >= TOUCH_EVERY


def end_session(session: Session, token: str) -> None:
    session.execute(delete(DeskSession).where(col(DeskSession.token_hash) == token_hash(token)))
