"""Failed-login throttling, shared by every process through the database.

Failures are counted per username and per client address within a window. Once a counter
reaches its limit the key is locked, for a time that doubles with every further failure (up to a
cap). While locked, attempts are refused with 429 before the password is even checked, so the
right password does not get in either, and they do not extend the lock.
"""

from datetime import datetime, timedelta

from sqlalchemy import case, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from app.accounts.models import LoginThrottle
from app.core.config import get_settings
from app.core.text import nfc


def throttle_keys(*, username: str, client_ip: str | None) -> list[tuple[str, int]]:
    """The counters a login attempt touches, each with its failure limit."""
    settings = get_settings()
    keys = [(f"user:{nfc(username).strip().casefold()}", settings.login_max_failures_per_user)]
    if client_ip:
        keys.append((f"ip:{client_ip}", settings.login_max_failures_per_ip))
    return keys


def seconds_locked(session: Session, *, keys: list[str], now: datetime) -> int:
    """How long the attempt must wait (0 = go ahead)."""
    locked_until = session.exec(
        select(func.max(LoginThrottle.locked_until)).where(col(LoginThrottle.key).in_(keys))
    ).one()
    if locked_until is None or locked_until <= now:
        return 0
    return int((locked_until - now).total_seconds()) + 1


def _insert_ignore(session: Session, key: str, now: datetime) -> None:
    values = {"key": key, "failures": 0, "first_failure_at": now, "last_failure_at": now}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(LoginThrottle).values(**values).on_conflict_do_nothing())


def record_failure(session: Session, *, keys: list[tuple[str, int]], now: datetime) -> None:
    """Count a failed attempt on every key, locking those that reach their limit."""
    settings = get_settings()
    window_start = now - timedelta(seconds=settings.login_window_seconds)
    for key, limit in keys:
        # Insert-then-increment in SQL: concurrent failures from many processes all count.
        _insert_ignore(session, key, now)
        stale = col(LoginThrottle.first_failure_at) < window_start
        failures = session.execute(
            update(LoginThrottle)
            .where(col(LoginThrottle.key) == key)
            .values(
                failures=case((stale, 1), else_=col(LoginThrottle.failures) + 1),
                first_failure_at=case((stale, now), else_=col(LoginThrottle.first_failure_at)),
                last_failure_at=now,
            )
            .returning(col(LoginThrottle.failures))
        ).scalar_one()
        if failures >= limit:
            lock = min(
                settings.login_max_lock_seconds,
                settings.login_lock_seconds * 2 ** min(failures - limit, 20),
            )
            session.execute(
                update(LoginThrottle)
                .where(col(LoginThrottle.key) == key)
                .values(locked_until=now + timedelta(seconds=lock))
            )


def record_success(session: Session, *, username: str) -> None:
    """A good login clears its username's counter (never the address's: one valid account
    must not let an attacker reset the per-address limit)."""
    session.execute(
        LoginThrottle.__table__.delete().where(  # type: ignore[attr-defined]
            LoginThrottle.key == f"user:{nfc(username).strip().casefold()}"
        )
    )
