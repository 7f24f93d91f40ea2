"""The change log integrators sync from: one entry per change to what the public sees.

`seq` is handed out by `sync_clock` inside the writing transaction, under the clock row's
lock, so entries become visible in `seq` order (docs/sync.md explains why that matters).
"""

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Column
from sqlmodel import Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class SyncChange(SQLModel, table=True):
    __tablename__ = "sync_change"

    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    article_id: int = Field(index=True)  # no foreign key: tombstones outlive purged articles
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class SyncClock(SQLModel, table=True):
    """A single row: the last `seq` handed out, and the last one pruned by retention."""

    __tablename__ = "sync_clock"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, primary_key=True)
    value: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    pruned_through: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
