"""Tables of related articles: the live copy of editor picks and the similarity index."""

from datetime import datetime

from sqlalchemy import Float, Index
from sqlmodel import Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class ArticleLiveRelated(SQLModel, table=True):
    """The editor picks of the published version, in the editor's order (copied from
    article_related when the article is published, like article_live_tag)."""

    __tablename__ = "article_live_related"

    article_id: int = Field(foreign_key="article_live.article_id", primary_key=True)
    related_id: int = Field(foreign_key="article.id", primary_key=True, index=True)
    position: int = 0


class RelatedTerm(SQLModel, table=True):
    """One weighted term of a live version's similarity vector (its strongest terms only,
    L2-normalized): the inverted index candidates are found through."""

    __tablename__ = "related_term"
    __table_args__ = (Index("ix_related_term_article_id", "article_id"),)

    term: str = Field(max_length=100, primary_key=True)
    article_id: int = Field(foreign_key="article_live.article_id", primary_key=True)
    weight: float = Field(sa_type=Float)


class RelatedTermStat(SQLModel, table=True):
    """How many indexed live versions contain a term (document frequency, for the idf)."""

    __tablename__ = "related_term_stat"

    term: str = Field(max_length=100, primary_key=True)
    df: int = 0


class RelatedSuggestion(SQLModel, table=True):
    """One precomputed automatic suggestion: the read is a lookup of these, best first."""

    __tablename__ = "related_suggestion"
    __table_args__ = (Index("ix_related_suggestion_article_id_score", "article_id", "score"),)

    article_id: int = Field(foreign_key="article_live.article_id", primary_key=True)
    related_id: int = Field(foreign_key="article_live.article_id", primary_key=True, index=True)
    score: float = Field(sa_type=Float)


class RelatedStale(SQLModel, table=True):
    """A suggestion list that lost an entry (its article was withdrawn or changed) and is
    refilled by the related job."""

    __tablename__ = "related_stale"

    article_id: int = Field(foreign_key="article_live.article_id", primary_key=True)
    since: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
