"""Uploaded files, and where articles use them (docs/media.md)."""

from datetime import datetime

from sqlalchemy import BigInteger, Index, Text
from sqlmodel import CheckConstraint, Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class Media(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("kind IN ('image', 'document')", name="kind"),
        # The library list: newest first, optionally one kind.
        Index("ix_media_kind_id", "kind", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    # The display name as uploaded (sanitized, Vietnamese kept); never used as a path.
    filename: str = Field(max_length=255)
    # Decided from the content, never from the name or the client's header.
    content_type: str = Field(max_length=100)
    byte_size: int = Field(sa_type=BigInteger)
    # Of the stored file (images are re-encoded, so not always the uploaded bytes).
    sha256: str = Field(max_length=64, index=True)
    # Content-addressed: rows with the same sha256 share one stored file.
    storage_key: str = Field(max_length=255)
    width: int | None = None
    height: int | None = None
    alt: str = Field(default="", max_length=500)
    caption: str = Field(default="", sa_type=Text)
    credit: str = Field(default="", max_length=300)
    # JSON list of {key, width, height, content_type, byte_size}, made at upload and never
    # changed: kept on the row so embedding an image in a list costs no extra query.
    renditions: str = Field(default="[]", sa_type=Text)
    # Folded name, alt, caption and credit, for the library search.
    search_text: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_by: int | None = Field(default=None, foreign_key="user.id")
    lock_version: int = 1


class ArticleLiveAttachment(SQLModel, table=True):
    """The attachments of an article's published version, in the editor's order (the working
    copy's are in article_attachment)."""

    __tablename__ = "article_live_attachment"

    article_id: int = Field(foreign_key="article_live.article_id", primary_key=True)
    media_id: int = Field(foreign_key="media.id", primary_key=True, index=True)
    position: int = 0


class ArticleInlineImage(SQLModel, table=True):
    """Media that a working copy's content shows inline (`<img data-media-id>`), kept on every
    save so "which articles use this image" is an indexed lookup, not a scan of all HTML."""

    __tablename__ = "article_inline_image"

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    media_id: int = Field(foreign_key="media.id", primary_key=True, index=True)


class ArticleLiveInlineImage(SQLModel, table=True):
    """Media that a published version's content shows inline."""

    __tablename__ = "article_live_inline_image"

    article_id: int = Field(foreign_key="article_live.article_id", primary_key=True)
    media_id: int = Field(foreign_key="media.id", primary_key=True, index=True)
