"""Staff notifications: in the desk (the bell) and, when SMTP is set up, by e-mail. A row is
written in the transaction of what it tells (a transition, a go-live), so it exists exactly
when that happened; its e-mail is sent afterwards by the jobs (an outbox)."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class Notification(SQLModel, table=True):
    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_user_unread", "user_id", "read_at"),
        # One warning per user per event (an expiry warned about once, whatever the ticks).
        UniqueConstraint("user_id", "dedupe_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    )
    article_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("article.id", ondelete="SET NULL"), nullable=True, index=True
        ),
    )
    kind: str = Field(max_length=30)  # submitted, approved, rejected, published, live, expiring
    subject: str = Field(max_length=300)
    body: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # none (no e-mail: SMTP off or no address), pending, sent, failed (after the last attempt)
    email_state: str = Field(default="none", max_length=10, index=True)
    email_attempts: int = 0
    email_error: str = Field(default="", max_length=500)
    dedupe_key: str | None = Field(default=None, max_length=200)
