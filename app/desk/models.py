"""Signed-in desk sessions: a browser's cookie names one row, so signing out, a password
change or deactivation ends it at once, and an idle session expires server-side."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class DeskSession(SQLModel, table=True):
    __tablename__ = "desk_session"

    # SHA-256 of the cookie's random token: a copy of the table signs no one in.
    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    # The user's token_version when signing in: a password change or deactivation bumps it.
    token_version: int
    # The synchronizer token every form and htmx request of this session carries.
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
