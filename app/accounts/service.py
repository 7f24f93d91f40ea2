"""Staff accounts: creation and authentication."""

from sqlmodel import Session, select

from app.accounts.models import Role, User
from app.core.errors import Conflict
from app.core.security import hash_password, verify_password
from app.core.text import nfc


def get_user_by_username(session: Session, *, username: str) -> User | None:
    if "\x00" in username:  # PostgreSQL cannot even compare it; no username contains it
        return None
    return session.exec(select(User).where(User.username == nfc(username).strip())).first()


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role,
    display_name: str | None = None,
    email: str | None = None,
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
        role=role.value,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, *, username: str, password: str) -> User | None:
    """The active user with these credentials, or None; as slow for unknown names as for known."""
    user = get_user_by_username(session, username=username)
    valid = verify_password(password, user.password_hash if user else None)
    if user is None or not valid or not user.is_active:
        return None
    return user
