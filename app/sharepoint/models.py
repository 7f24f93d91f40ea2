"""What the SharePoint importer remembers between runs: which list item became which article,
and which file became which media item, so a second run updates instead of duplicating."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class SharePointItem(SQLModel, table=True):
    """One list item of one source list and the article it became."""

    __tablename__ = "sharepoint_item"
    __table_args__ = (UniqueConstraint("list_key", "item_id"),)

    id: int | None = Field(default=None, primary_key=True)
    # The list's server-relative URL, casefolded ("/sites/tintuc/lists/tintuc"): item ids are
    # unique only within a list.
    list_key: str = Field(max_length=500)
    item_id: int
    # Null once the article is purged in Newsdesk: a later run then leaves the item alone
    # instead of bringing back what an admin deleted.
    article_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("article.id", ondelete="SET NULL"), unique=True, nullable=True
        ),
    )
    # The item's `Modified` as the source gave it: an unchanged item is skipped on a re-run.
    modified: str = Field(max_length=50)
    # The article's lock_version right after the import wrote it: a different value later means
    # someone edited it in Newsdesk, and a re-run does not overwrite their work.
    lock_version: int
    # Source ids of "Tin liên quan", resolved into related picks once every item is in (JSON).
    related_item_ids: str = Field(default="[]", sa_type=Text)
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SharePointFile(SQLModel, table=True):
    """A file of the old site (by its server-relative path, casefolded) and the media item it
    became: each file is downloaded and validated once, however many items or runs use it."""

    __tablename__ = "sharepoint_file"

    path: str = Field(max_length=1000, primary_key=True)
    media_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("media.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
