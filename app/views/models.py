"""Tables of view counting: who was already counted in which window, and daily totals."""

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from app.core.db import UTCDateTime, utcnow


def _article_fk(primary_key: bool) -> Column[int]:
    # Cascade: a purged article takes its counting rows with it.
    return Column(
        Integer,
        ForeignKey("article.id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
    )


class ViewSeen(SQLModel, table=True):
    """A visitor already counted for an article in one dedupe window.

    The primary key is the dedupe: a beacon inserts its row with ON CONFLICT DO NOTHING and
    counts only if the row was new, so two processes can never both count the same view.
    The window number leads the key, so pruning old windows is a range delete.
    """

    __tablename__ = "view_seen"

    # Unix time // window length: fixed windows, the same in every process.
    window_no: int = Field(sa_type=BigInteger, primary_key=True)
    article_id: int = Field(sa_column=_article_fk(primary_key=True))
    # Keyed BLAKE2b of the visitor id, or of client address + user agent (never stored raw).
    visitor: str = Field(max_length=32, primary_key=True)


class ViewDaily(SQLModel, table=True):
    """Views of an article on one calendar day of the site time zone."""

    __tablename__ = "view_daily"
    __table_args__ = (
        # Most-read over a window: a range of days, read from the index alone.
        Index("ix_view_daily_day_article_id_views", "day", "article_id", "views"),
    )

    article_id: int = Field(sa_column=_article_fk(primary_key=True))
    day: date = Field(primary_key=True)
    views: int = Field(default=0, sa_type=BigInteger)


class ViewImport(SQLModel, table=True):
    """Historical views loaded by `newsdesk import-views` (e.g. the SharePoint totals), kept so
    that loading a file again replaces its counts instead of adding them twice."""

    __tablename__ = "view_import"

    article_id: int = Field(sa_column=_article_fk(primary_key=True))
    views: int = Field(sa_type=BigInteger)
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
