"""Uploaded files. The upload pipeline itself (validation, renditions) comes with the media issue;
the table exists now because articles reference images and attachments."""

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import CheckConstraint, Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class Media(SQLModel, table=True):
    __table_args__ = (CheckConstraint("kind IN ('image', 'document')", name="kind"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    byte_size: int
    sha256: str = Field(max_length=64, index=True)
    storage_key: str = Field(max_length=255)
    width: int | None = None
    height: int | None = None
    alt: str = Field(default="", max_length=500)
    caption: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="user.id")
