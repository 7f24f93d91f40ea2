"""API keys: machine credentials with scopes, or a staff role through a service account."""

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from app.accounts import audit
from app.accounts.models import ApiKey, CategoryGrant, Role, User
from app.accounts.permissions import Principal
from app.accounts.schemas import ApiKeyCreate, ApiKeyPublic
from app.articles.models import Category
from app.core.db import utcnow
from app.core.errors import InvalidInput, NotFound

KEY_PREFIX = "nd_"
# Recording every use would turn each read into a write; once a minute is enough to answer
# "is this key still in use?".
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    """Keys carry 256 random bits, so a fast hash is safe (and a slow one would tax every call)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def looks_like_key(credential: str) -> bool:
    return credential.startswith(KEY_PREFIX)


def create_api_key(session: Session, *, data: ApiKeyCreate, actor: Principal) -> tuple[ApiKey, str]:
    """Create a key and return it with its secret, which is not stored and never shown again."""
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    prefix = secret[: len(KEY_PREFIX) + 8]
    if data.expires_at is not None and data.expires_at <= utcnow():
        raise InvalidInput("expires_at must be in the future", loc=["expires_at"])
    missing = set(data.category_ids) - set(
        session.exec(select(Category.id).where(col(Category.id).in_(data.category_ids))).all()
    )
    if missing:
        raise InvalidInput(f"unknown categories: {sorted(missing)}", loc=["category_ids"])
    user_id = None
    if data.role is not None:
        user_id = _create_service_account(session, data=data, prefix=prefix)
    key = ApiKey(
        name=data.name,
        prefix=prefix,
        secret_hash=hash_secret(secret),
        scopes=",".join(sorted(set(data.scopes))),
        role=data.role.value if data.role else None,
        user_id=user_id,
        created_by=actor.id,
        expires_at=data.expires_at,
    )
    session.add(key)
    session.flush()
    audit.record(
        session,
        actor_id=actor.id,
        action="api_key.create",
        target_type="api_key",
        target_id=key.id,
        name=key.name,
        scopes=key.scopes,
        role=key.role,
        category_ids=data.category_ids,
    )
    return key, secret


def _create_service_account(session: Session, *, data: ApiKeyCreate, prefix: str) -> int:
    """The user a role-carrying key acts as: authorship and history name it like any staff."""
    assert data.role is not None
    user = User(
        username=f"apikey-{prefix.removeprefix(KEY_PREFIX)}",
        display_name=f"API key: {data.name}"[:200],
        password_hash="!",  # no password: service accounts cannot log in
        role=None if data.category_ids else data.role.value,
        is_service=True,
    )
    session.add(user)
    session.flush()
    assert user.id is not None
    for category_id in data.category_ids:
        session.add(CategoryGrant(user_id=user.id, category_id=category_id, role=data.role.value))
    session.flush()
    return user.id


def list_api_keys(session: Session) -> Sequence[ApiKey]:
    return session.exec(select(ApiKey).order_by(col(ApiKey.id))).all()


def get_api_key(session: Session, key_id: int) -> ApiKey:
    key = session.get(ApiKey, key_id)
    if key is None:
        raise NotFound(f"API key {key_id} does not exist")
    return key


def revoke_api_key(session: Session, *, key: ApiKey, actor: Principal) -> ApiKey:
    """Revoke at once: the very next request with it is refused."""
    if key.revoked_at is not None:
        return key
    key.revoked_at = utcnow()
    session.add(key)
    if key.user_id is not None:
        service_user = session.get(User, key.user_id)
        if service_user is not None:
            service_user.is_active = False
            service_user.token_version += 1
            session.add(service_user)
    session.flush()
    audit.record(
        session, actor_id=actor.id, action="api_key.revoke", target_type="api_key",
        target_id=key.id, name=key.name,
    )  # fmt: skip
    return key


def authenticate_key(session: Session, secret: str) -> ApiKey | None:
    """The live key with this secret (not revoked, not expired), its use recorded; else None."""
    now = utcnow()
    key = session.exec(select(ApiKey).where(ApiKey.secret_hash == hash_secret(secret))).first()
    if key is None or key.revoked_at is not None:
        return None
    if key.expires_at is not None and key.expires_at <= now:
        return None
    if key.last_used_at is None or key.last_used_at < now - LAST_USED_RESOLUTION:
        _touch(session, key, now)
    return key


def _touch(session: Session, key: ApiKey, now: datetime) -> None:
    # Best effort, in a savepoint: on SQLite a read request that loses a race for the write
    # lock must still be served; the next use records the time instead.
    try:
        with session.begin_nested():
            session.execute(
                update(ApiKey)
                .where(
                    col(ApiKey.id) == key.id,
                    or_(
                        col(ApiKey.last_used_at).is_(None),
                        col(ApiKey.last_used_at) < now - LAST_USED_RESOLUTION,
                    ),
                )
                .values(last_used_at=now)
                .execution_options(synchronize_session=False)
            )
    except OperationalError:
        return
    # Reflect it without marking the row dirty (which would write it again at commit).
    set_committed_value(key, "last_used_at", now)


def key_scopes(key: ApiKey) -> set[str]:
    return {s for s in key.scopes.split(",") if s}


def public_form(session: Session, key: ApiKey) -> ApiKeyPublic:
    category_ids: list[int] = []
    if key.user_id is not None:
        category_ids = list(
            session.exec(
                select(CategoryGrant.category_id)
                .where(CategoryGrant.user_id == key.user_id)
                .order_by(col(CategoryGrant.category_id))
            ).all()
        )
    assert key.id is not None
    return ApiKeyPublic(
        id=key.id,
        name=key.name,
        prefix=key.prefix,
        scopes=sorted(key_scopes(key)),
        role=Role(key.role) if key.role else None,
        category_ids=category_ids,
        user_id=key.user_id,
        created_at=key.created_at,
        created_by=key.created_by,
        expires_at=key.expires_at,
        last_used_at=key.last_used_at,
        revoked_at=key.revoked_at,
    )
