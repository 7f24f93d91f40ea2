"""Staff accounts, category grants, API keys, login throttling and the audit trail."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import CheckConstraint, Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class Role(StrEnum):
    """Staff roles, weakest first (SPEC §5)."""

    contributor = "contributor"
    editor = "editor"
    chief_editor = "chief_editor"
    admin = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {role: rank for rank, role in enumerate(Role)}
_ROLE_SQL_LIST = ", ".join(f"'{r.value}'" for r in Role)


class User(SQLModel, table=True):
    __table_args__ = (CheckConstraint(f"role IN ({_ROLE_SQL_LIST})", name="role"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=150, unique=True)
    display_name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320)
    password_hash: str = Field(max_length=255)
    # Site-wide role; None means the user can act only where a category grant lets them.
    role: str | None = Field(default=None, max_length=20)
    is_active: bool = True
    # Service accounts stand behind API keys that carry a staff role; they cannot log in.
    is_service: bool = False
    # Bumped on password change or deactivation; tokens carrying an older value are refused.
    token_version: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    lock_version: int = 1


class CategoryGrant(SQLModel, table=True):
    """A role on one category and everything below it ("editor of Xây dựng Đảng")."""

    __tablename__ = "category_grant"
    __table_args__ = (
        UniqueConstraint("user_id", "category_id"),
        CheckConstraint("role IN ('contributor', 'editor', 'chief_editor')", name="role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    category_id: int = Field(foreign_key="category.id", index=True)
    role: str = Field(max_length=20)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="user.id")


class ApiKey(SQLModel, table=True):
    """A machine credential. Only a hash of the secret is stored; the secret is shown once."""

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    # The first characters of the secret, so people can tell their keys apart.
    prefix: str = Field(max_length=16)
    secret_hash: str = Field(max_length=64, unique=True)
    # Comma-separated machine scopes: "sync", "preview".
    scopes: str = Field(default="", max_length=200)
    # A key with a staff role acts through its own service account (user_id).
    role: str | None = Field(default=None, max_length=20)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginThrottle(SQLModel, table=True):
    """Failed-login state per username and per client address, shared by every process."""

    __tablename__ = "login_throttle"

    key: str = Field(max_length=300, primary_key=True)
    failures: int = 0
    first_failure_at: datetime = Field(sa_type=UTCDateTime)
    last_failure_at: datetime = Field(sa_type=UTCDateTime)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AuditEvent(SQLModel, table=True):
    """Who changed which account, grant or key, when, and how."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    action: str = Field(max_length=50)
    target_type: str = Field(max_length=30)
    target_id: int | None = None
    details: str = Field(default="{}", sa_type=Text)
