"""Staff accounts."""

from datetime import datetime
from enum import StrEnum

from sqlmodel import CheckConstraint, Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class Role(StrEnum):
    """Site-wide staff roles, weakest first (SPEC §5)."""

    contributor = "contributor"
    editor = "editor"
    chief_editor = "chief_editor"
    admin = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)


class User(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("role IN ('contributor', 'editor', 'chief_editor', 'admin')", name="role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=150, unique=True)
    display_name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=20)
    is_active: bool = True
    # Bumped on password change or deactivation; tokens carrying an older value are refused.
    token_version: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
