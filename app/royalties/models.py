"""Tables of royalties (nhuận bút): rate tables, and each article's lines and adjustments.

Coefficients are stored as integers in thousandths ("milli") and shares in hundredths of a
percent ("basis points"), so every amount is computed in integer arithmetic (docs/royalties.md).
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Text, UniqueConstraint
from sqlmodel import CheckConstraint, Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class RoyaltyStatus(StrEnum):
    draft = "draft"
    approved = "approved"


class RoyaltyRateTable(SQLModel, table=True):
    """One version of the rates, in force from `effective_from` until the next version."""

    __tablename__ = "royalty_rate_table"
    __table_args__ = (CheckConstraint("unit_value > 0", name="unit_value_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    effective_from: date = Field(unique=True)
    # VND per 1.000 of coefficient (commonly 10% of the statutory base salary).
    unit_value: int = Field(sa_type=BigInteger)
    note: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by: int | None = Field(default=None, foreign_key="user.id")
    lock_version: int = 1


class RoyaltyRate(SQLModel, table=True):
    """The coefficients of one article type and grade in one rate table."""

    __tablename__ = "royalty_rate"
    __table_args__ = (
        UniqueConstraint("table_id", "article_type", "grade"),
        CheckConstraint("page_coefficient_milli >= 0", name="page_coefficient_non_negative"),
        CheckConstraint("photo_coefficient_milli >= 0", name="photo_coefficient_non_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="royalty_rate_table.id", index=True)
    position: int = 0
    article_type: str = Field(max_length=50)
    grade: str = Field(max_length=20)
    page_coefficient_milli: int
    photo_coefficient_milli: int
    # Caps per contribution; None means no cap.
    max_page_units: int | None = None
    max_photos: int | None = None
    max_coefficient_milli: int | None = None


class ArticleRoyalty(SQLModel, table=True):
    """The royalty of one article: its status and the basis its suggestions were computed on."""

    __tablename__ = "article_royalty"
    __table_args__ = (CheckConstraint("status IN ('draft', 'approved')", name="status"),)

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    status: str = Field(default=RoyaltyStatus.draft.value, max_length=20)
    # What the suggestions were computed with (frozen on approval).
    article_type: str = Field(max_length=50)
    basis_date: date
    basis_published: bool = False  # False: not yet published, the basis is the day of computing
    rate_table_id: int | None = Field(default=None, foreign_key="royalty_rate_table.id")
    unit_value: int | None = Field(default=None, sa_type=BigInteger)
    approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    approved_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by: int | None = Field(default=None, foreign_key="user.id")
    lock_version: int = 1


class RoyaltyLine(SQLModel, table=True):
    """One payee's part in one contribution (the text, a photo set, a translation…)."""

    __tablename__ = "royalty_line"
    __table_args__ = (
        CheckConstraint("share_bp > 0 AND share_bp <= 10000", name="share_bp_range"),
        CheckConstraint("page_units >= 0", name="page_units_non_negative"),
        CheckConstraint("photos >= 0", name="photos_non_negative"),
        CheckConstraint("amount >= 0", name="amount_non_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article_royalty.article_id", index=True)
    position: int = 0
    payee_user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    # The payee's name as printed on the report (a user's display name when the line was saved).
    payee_name: str = Field(max_length=200)
    role: str = Field(max_length=50)
    contribution: str = Field(max_length=50)
    grade: str = Field(max_length=20)
    page_units: int = 0
    photos: int = 0
    share_bp: int  # hundredths of a percent: 10000 = 100%
    # The contribution's coefficient after caps (thousandths); None when no rate applies.
    coefficient_milli: int | None = None
    suggested_amount: int | None = Field(default=None, sa_type=BigInteger)
    override_amount: int | None = Field(default=None, sa_type=BigInteger)
    override_reason: str = Field(default="", sa_type=Text)
    amount: int = Field(default=0, sa_type=BigInteger)  # the override, else the suggestion


class RoyaltyAdjustment(SQLModel, table=True):
    """A signed correction to an approved royalty; also recorded in the audit trail."""

    __tablename__ = "royalty_adjustment"
    __table_args__ = (CheckConstraint("amount <> 0", name="amount_non_zero"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article_royalty.article_id", index=True)
    payee_user_id: int | None = Field(default=None, foreign_key="user.id")
    payee_name: str = Field(max_length=200)
    amount: int = Field(sa_type=BigInteger)
    reason: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="user.id")
