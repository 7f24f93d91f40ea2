"""Immutable revisions: a full snapshot of the article after every write."""

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class ArticleRevision(SQLModel, table=True):
    __tablename__ = "article_revision"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    number: int  # 1, 2, 3… per article
    version: str = Field(max_length=20)  # SharePoint-style "major.minor" after this write
    action: str = Field(max_length=30)  # create, update, submit, publish, restore, go_live…
    snapshot: str = Field(sa_type=Text)  # JSON of every field, tags and links included
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="user.id")
