"""The outbox of article change events, written in the same transaction as the change.

Later consumers (the sync feed, webhook delivery) read it; nothing here delivers anything.
"""

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class OutboxEvent(SQLModel, table=True):
    __tablename__ = "outbox_event"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=50)  # article.published, article.updated, …
    article_id: int = Field(index=True)  # no foreign key: events outlive purged articles
    payload: str = Field(default="{}", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
