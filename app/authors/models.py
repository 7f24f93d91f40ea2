"""Author profiles: the people behind the bylines (issue 20)."""

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class Author(SQLModel, table=True):
    """A public profile. Its articles are the live ones whose byline folds to its name
    (`fold_name`: "Trung Hiếu", "TRUNG HIẾU" and "trung  hiếu" are one byline), so byline-only
    writers (collaborators, other papers) have profiles as staff do; `user_id` links a staff
    account's profile to the account."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    # One profile per byline: the folded name is what bylines are matched on.
    name_folded: str = Field(max_length=300, unique=True)
    slug: str = Field(max_length=200, unique=True)
    bio: str = Field(default="", sa_type=Text)
    photo_id: int | None = Field(default=None, foreign_key="media.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    lock_version: int = 1
