"""The factories' shortcuts write exactly what the real services write."""

from typing import Any

import orjson
from sqlmodel import Session, col, select

from app.accounts import service as accounts
from app.accounts.models import AuditEvent, Role, User
from app.core import security
from tests.factories import DEFAULT_PASSWORD, Factory

# Columns that differ between any two users by nature (identity, time, the salted hash).
_OWN = {"id", "username", "display_name", "password_hash", "created_at", "updated_at"}


def _row(user: User) -> dict[str, Any]:
    return {k: v for k, v in user.model_dump().items() if k not in _OWN}


def _audit(db: Session, user: User) -> dict[str, Any]:
    event = db.exec(
        select(AuditEvent).where(
            col(AuditEvent.action) == "user.create", col(AuditEvent.target_id) == user.id
        )
    ).one()
    shown = {k: v for k, v in event.model_dump().items() if k not in {"id", "at", "target_id"}}
    return shown | {"details": orjson.loads(event.details) | {"username": None}}


def test_a_factory_user_is_the_row_create_user_writes(db: Session, factory: Factory) -> None:
    made = factory.user(Role.chief_editor)
    real = accounts.create_user(
        db, username="thuc", password=DEFAULT_PASSWORD, role=Role.chief_editor
    )
    assert _row(made) == _row(real)
    assert _audit(db, made) == _audit(db, real)
    # Same algorithm and cost, own salt, and the password checks out on both.
    params = real.password_hash.rsplit("$", 2)[0]
    assert made.password_hash.rsplit("$", 2)[0] == params
    assert made.password_hash != real.password_hash
    assert security.verify_password(DEFAULT_PASSWORD, made.password_hash)
    assert not security.verify_password("wrong " + DEFAULT_PASSWORD, made.password_hash)


def test_users_of_one_test_never_share_a_hash(db: Session, factory: Factory) -> None:
    users = [factory.user() for _ in range(3)] + [factory.user(password="mật khẩu khác")]
    hashes = [u.password_hash for u in users]
    assert len(set(hashes)) == len(hashes)
    assert security.verify_password("mật khẩu khác", users[-1].password_hash)
    # Outside the factory the accounts service hashes afresh every time.
    fresh = {accounts.hash_password(DEFAULT_PASSWORD) for _ in range(2)}
    assert len(fresh) == 2
    assert not fresh & set(hashes)
