"""Staff accounts: creation, login, management, passwords and category grants."""

import logging
from collections.abc import Sequence

from sqlmodel import Session, col, select

from app.accounts import audit, throttle
from app.accounts.models import CategoryGrant, Role, User
from app.accounts.permissions import Principal
from app.accounts.schemas import GrantCreate, UserCreate, UserUpdate
from app.articles.models import Category
from app.core.db import utcnow
from app.core.errors import Conflict, InvalidInput, NotFound, TooManyRequests, Unauthorized
from app.core.security import hash_password, verify_password
from app.core.text import nfc

log = logging.getLogger("newsdesk.auth")


def get_user_by_username(session: Session, *, username: str) -> User | None:
    if "\x00" in username:  # PostgreSQL cannot even compare it; no username contains it
        return None
    return session.exec(select(User).where(User.username == nfc(username).strip())).first()


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} does not exist")
    return user


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role | None,
    display_name: str | None = None,
    email: str | None = None,
    actor_id: int | None = None,
) -> User:
    """Create a staff user; usernames are unique."""
    username = nfc(username).strip()
    if get_user_by_username(session, username=username) is not None:
        raise Conflict(f"username {username!r} is taken")
    user = User(
        username=username,
        display_name=nfc(display_name or username),
        email=email,
        password_hash=hash_password(password),
        role=role.value if role else None,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor_id=actor_id,
        action="user.create",
        target_type="user",
        target_id=user.id,
        username=username,
        role=user.role,
    )
    return user


def create_user_from(session: Session, *, data: UserCreate, actor: Principal) -> User:
    return create_user(
        session,
        username=data.username,
        password=data.password,
        role=data.role,
        display_name=data.display_name,
        email=str(data.email) if data.email else None,
        actor_id=actor.id,
    )


def authenticate(session: Session, *, username: str, password: str, client_ip: str | None) -> User:
    """The active user with these credentials; 401 otherwise, 429 while throttled.

    Unknown usernames cost the same time as wrong passwords, and are throttled the same way.
    """
    if "\x00" in username or "\x00" in password:
        # No account has such a name or password, and PostgreSQL cannot even store the
        # throttle key; refuse it like any wrong login.
        raise Unauthorized("wrong username or password")
    keys = throttle.throttle_keys(username=username, client_ip=client_ip)
    wait = throttle.seconds_locked(session, keys=[k for k, _ in keys], now=utcnow())
    if wait:
        log.warning("login refused while throttled", extra={"username": username, "ip": client_ip})
        raise TooManyRequests("too many failed logins; try again later", retry_after=wait)
    user = get_user_by_username(session, username=username)
    stored_hash = user.password_hash if user and not user.is_service else None
    # End the read transaction before the slow hash: holding SQLite's write lock through
    # ~50 ms of argon2 would stall every other writer, and a SQLite transaction that reads and
    # then writes after someone else's commit fails outright.
    session.commit()
    valid = verify_password(password, stored_hash)
    if user is None or not valid or not user.is_active:
        throttle.record_failure(session, keys=keys, now=utcnow())
        # The 401 below rolls the request transaction back; the failure must count anyway.
        session.commit()
        log.warning("failed login", extra={"username": username, "ip": client_ip})
        raise Unauthorized("wrong username or password")
    throttle.record_success(session, username=username)
    return user


def list_users(session: Session, *, after_id: int | None, limit: int) -> Sequence[User]:
    stmt = select(User).order_by(col(User.id)).limit(limit)
    if after_id is not None:
        stmt = stmt.where(col(User.id) > after_id)
    return session.exec(stmt).all()


def _active_admins(session: Session) -> int:
    return len(
        session.exec(
            select(User.id).where(User.role == Role.admin.value, col(User.is_active).is_(True))
        ).all()
    )


def update_user(session: Session, *, user: User, data: UserUpdate, actor: Principal) -> User:
    """Change profile, site-wide role or active flag; the last active admin stays one."""
    changes = data.model_dump(exclude_unset=True)
    for field in ("display_name", "is_active"):
        if field in changes and changes[field] is None:
            raise InvalidInput(f"{field} cannot be null", loc=[field])
    if "email" in changes and changes["email"] is not None:
        changes["email"] = str(changes["email"])
    if "role" in changes:
        changes["role"] = changes["role"].value if changes["role"] else None
    demotes = user.role == Role.admin.value and (
        ("role" in changes and changes["role"] != Role.admin.value)
        or changes.get("is_active") is False
    )
    if demotes and user.is_active and _active_admins(session) <= 1:
        raise Conflict("this is the last active admin; make another admin first")
    if changes.get("is_active") is False and user.is_active:
        user.token_version += 1  # its tokens stop working on the next request
    for field, value in changes.items():
        setattr(user, field, value)
    user.updated_at = utcnow()
    user.lock_version += 1
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor_id=actor.id,
        action="user.update",
        target_type="user",
        target_id=user.id,
        changes=changes,
    )
    return user


def deactivate_user(session: Session, *, user: User, actor: Principal) -> User:
    """Deactivate (never delete: their articles and history keep pointing to them)."""
    return update_user(session, user=user, data=UserUpdate(is_active=False), actor=actor)


def change_password(session: Session, *, user: User, old_password: str, new_password: str) -> User:
    """Set a new password after checking the old one; every older token stops working."""
    if not verify_password(old_password, user.password_hash):
        raise Unauthorized("the old password is wrong")
    user.password_hash = hash_password(new_password)
    user.token_version += 1
    user.updated_at = utcnow()
    session.add(user)
    session.flush()
    audit.record(
        session, actor_id=user.id, action="user.password_change", target_type="user",
        target_id=user.id,
    )  # fmt: skip
    return user


def reset_password(session: Session, *, user: User, new_password: str, actor: Principal) -> User:
    """An admin sets a new password for someone who lost theirs; every token the user holds
    stops working at once, and a lockout from failed logins is lifted."""
    if user.is_service:
        raise Conflict("the service account of an API key has no password; rotate the key")
    user.password_hash = hash_password(new_password)
    user.token_version += 1
    user.updated_at = utcnow()
    user.lock_version += 1
    session.add(user)
    session.flush()
    throttle.record_success(session, username=user.username)
    # Who reset whose password, never the password itself.
    audit.record(
        session, actor_id=actor.id, action="user.password_reset", target_type="user",
        target_id=user.id,
    )  # fmt: skip
    return user


def list_grants(session: Session, *, user_id: int) -> Sequence[CategoryGrant]:
    return session.exec(
        select(CategoryGrant)
        .where(CategoryGrant.user_id == user_id)
        .order_by(col(CategoryGrant.id))
    ).all()


def add_grant(
    session: Session, *, user: User, data: GrantCreate, actor: Principal
) -> CategoryGrant:
    """Grant a role on a category and its descendants; one grant per user and category."""
    if session.get(Category, data.category_id) is None:
        raise InvalidInput(f"category {data.category_id} does not exist", loc=["category_id"])
    existing = session.exec(
        select(CategoryGrant).where(
            CategoryGrant.user_id == user.id, CategoryGrant.category_id == data.category_id
        )
    ).first()
    if existing is not None:
        raise Conflict(f"the user already has a grant on category {data.category_id}")
    assert user.id is not None
    grant = CategoryGrant(
        user_id=user.id, category_id=data.category_id, role=data.role, created_by=actor.id
    )
    session.add(grant)
    session.flush()
    audit.record(
        session,
        actor_id=actor.id,
        action="grant.create",
        target_type="user",
        target_id=user.id,
        category_id=data.category_id,
        role=data.role,
    )
    return grant


def remove_grant(session: Session, *, user: User, grant_id: int, actor: Principal) -> None:
    grant = session.get(CategoryGrant, grant_id)
    if grant is None or grant.user_id != user.id:
        raise NotFound(f"grant {grant_id} does not exist")
    session.delete(grant)
    session.flush()
    audit.record(
        session,
        actor_id=actor.id,
        action="grant.delete",
        target_type="user",
        target_id=user.id,
        category_id=grant.category_id,
        role=grant.role,
    )
