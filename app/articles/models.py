"""Tables of the news item and what it is filed under."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Index, Text, text
from sqlmodel import CheckConstraint, Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class ArticleStatus(StrEnum):
    draft = "draft"
    in_review = "in_review"
    rejected = "rejected"
    scheduled = "scheduled"
    published = "published"
    expired = "expired"
    unpublished = "unpublished"
    trashed = "trashed"


_STATUS_SQL_LIST = ", ".join(f"'{s.value}'" for s in ArticleStatus)


class Category(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    slug: str = Field(max_length=200, unique=True)
    description: str = Field(default="", sa_type=Text)
    parent_id: int | None = Field(default=None, foreign_key="category.id", index=True)
    position: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    lock_version: int = 1


class Tag(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    # NFC + casefold of the name: "Nông thôn mới" and "nông thôn mới" are one tag, while
    # "bàn" and "bán" stay two (their slugs then differ by a numbered suffix).
    key: str = Field(max_length=100, unique=True)
    # The name folded (app.core.text.fold_name): what tag search matches, so "dan" finds "dân".
    folded: str = Field(default="", max_length=100)
    slug: str = Field(max_length=120, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# PostgreSQL only, made by its migration (GIN over pg_trgm's operators has no portable
# declaration): the staff title search's index there. Schema comparison leaves it out.
TITLE_TRIGRAM_INDEX = "ix_article_title_folded_trgm"


class Article(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUS_SQL_LIST})", name="status"),
        CheckConstraint("page_count >= 0", name="page_count_non_negative"),
        CheckConstraint("photo_count >= 0", name="photo_count_non_negative"),
        CheckConstraint("royalty_amount >= 0", name="royalty_amount_non_negative"),
        # The public list: live items newest first, keyset-paginated on (publish_at, id).
        Index("ix_article_status_publish_at_id", "status", "publish_at", "id"),
        Index("ix_article_category_id_publish_at", "category_id", "publish_at"),
        # The staff list by category (and status), newest first: its ids come from this
        # index alone, without reading the rows (app/articles/service.list_admin_articles).
        Index("ix_article_category_id_status_id", "category_id", "status", "id"),
        # Most-read of all time and the list's most_viewed sort (app/views).
        Index("ix_article_view_count_id", "view_count", "id"),
        # The staff lists sorted by last change and by title (the desk's sortable columns).
        Index("ix_article_updated_at_id", "updated_at", "id"),
        Index("ix_article_title_folded_id", "title_folded", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=500)
    # Folded title (no diacritics, đ → d, casefolded) for staff title search.
    title_folded: str = Field(default="", max_length=500)
    slug: str = Field(max_length=200, unique=True)
    summary: str = Field(default="", sa_type=Text)
    content_html: str = Field(default="", sa_type=Text)
    image_id: int | None = Field(default=None, foreign_key="media.id", index=True)
    image_caption: str = Field(default="", sa_type=Text)
    alternate_url: str | None = Field(default=None, max_length=2000)
    # Search engines and share cards (docs/api.md, "SEO"): empty means the default, made from
    # the title, the summary and the lead image when the public shape is prepared.
    meta_title: str = Field(default="", max_length=200)
    meta_description: str = Field(default="", max_length=500)
    og_image_id: int | None = Field(default=None, foreign_key="media.id", index=True)
    canonical_url: str | None = Field(default=None, max_length=2000)
    noindex: bool = False
    publish_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    expire_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # When the article first went live (the publish_at of its first publication; it follows
    # the schedule until that instant has passed). Royalties are computed on it (§11).
    first_published_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    featured: bool = False
    featured_rank: int | None = None
    featured_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    byline: str = Field(default="", max_length=300)
    author_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    article_type: str = Field(default="news", max_length=50)
    category_id: int = Field(foreign_key="category.id")
    page_count: int = 0
    photo_count: int = 0
    # False while photo_count follows the images in the content; an explicit value pins it.
    photo_count_manual: bool = False
    royalty_amount: int = Field(default=0, sa_type=BigInteger)
    status: str = Field(default=ArticleStatus.draft.value, max_length=20)
    version_major: int = 0
    version_minor: int = 1
    # Workflow state of the working copy (the live version is in article_live).
    has_unpublished_changes: bool = False
    review_step: int | None = None  # index into the review chain while in_review
    view_count: int = Field(
        default=0, sa_type=BigInteger, sa_column_kwargs={"server_default": text("0")}
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by: int | None = Field(default=None, foreign_key="user.id")
    # Optimistic concurrency: every write bumps it, and the ETag is derived from it.
    lock_version: int = 1

    @property
    def version(self) -> str:
        return f"{self.version_major}.{self.version_minor}"


class ArticleTag(SQLModel, table=True):
    __tablename__ = "article_tag"

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, index=True)
    position: int = 0


class ArticleRelated(SQLModel, table=True):
    """Editor-picked related items, in the editor's order."""

    __tablename__ = "article_related"

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    related_id: int = Field(foreign_key="article.id", primary_key=True, index=True)
    position: int = 0


class ArticleAttachment(SQLModel, table=True):
    __tablename__ = "article_attachment"

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    media_id: int = Field(foreign_key="media.id", primary_key=True, index=True)
    position: int = 0


class ArticleSlugRedirect(SQLModel, table=True):
    """A slug the article used to have; public reads by it redirect to the current one."""

    __tablename__ = "article_slug_redirect"

    slug: str = Field(max_length=200, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ArticleHistory(SQLModel, table=True):
    """Who did what to an article and when; the workflow issue adds transitions to it."""

    __tablename__ = "article_history"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    action: str = Field(max_length=30)
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    version: str = Field(max_length=20)
    # None for automatic transitions (the scheduler): shown as actor "system".
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    comment: str = Field(default="", sa_type=Text)
    changed_fields: str = Field(default="", sa_type=Text)


# The working copy's fields a published version copies as they are (app/articles/live.py).
LIVE_COPIED_FIELDS = (
    "title", "slug", "summary", "content_html", "image_id", "image_caption", "alternate_url",
    "meta_title", "meta_description", "og_image_id", "canonical_url", "noindex",
    "publish_at", "expire_at", "featured", "featured_rank", "featured_until", "byline",
    "article_type", "category_id",
)  # fmt: skip


class ArticleLive(SQLModel, table=True):
    """The published version of an article: what every public surface reads.

    Written only when an article is published (a copy of its working copy at that moment) and
    removed when it is unpublished, trashed or purged. Whether it is visible right now is decided
    at read time from `publish_at`/`expire_at`, so no schedule depends on a job having run.
    """

    __tablename__ = "article_live"
    __table_args__ = (
        Index("ix_article_live_publish_at_article_id", "publish_at", "article_id"),
        Index("ix_article_live_category_id_publish_at", "category_id", "publish_at"),
        Index("ix_article_live_announced", "announced"),
        # Caches must not outlive the next expiry: "the next expire_at after now" is asked often.
        Index("ix_article_live_expire_at", "expire_at"),
    )

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    title: str = Field(max_length=500)
    slug: str = Field(max_length=200, unique=True)
    summary: str = Field(default="", sa_type=Text)
    content_html: str = Field(default="", sa_type=Text)
    image_id: int | None = Field(default=None, foreign_key="media.id", index=True)
    image_caption: str = Field(default="", sa_type=Text)
    alternate_url: str | None = Field(default=None, max_length=2000)
    meta_title: str = Field(default="", max_length=200)
    meta_description: str = Field(default="", max_length=500)
    og_image_id: int | None = Field(default=None, foreign_key="media.id", index=True)
    canonical_url: str | None = Field(default=None, max_length=2000)
    noindex: bool = False
    publish_at: datetime = Field(sa_type=UTCDateTime)
    expire_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    featured: bool = False
    featured_rank: int | None = None
    featured_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    byline: str = Field(default="", max_length=300)
    # The byline folded (app.core.text.fold_name): the public list's `author` filter matches it.
    byline_folded: str = Field(default="", max_length=300, index=True)
    article_type: str = Field(default="news", max_length=50)
    category_id: int = Field(foreign_key="category.id")
    version: str = Field(max_length=20)
    published_at: datetime = Field(sa_type=UTCDateTime)  # when this version was published
    updated_at: datetime = Field(sa_type=UTCDateTime)
    # The public detail JSON of this version, prepared when it is published (and re-rendered when
    # a category or tag it embeds changes), without `view_count`, which is added when served.
    public_json: str | None = Field(default=None, sa_type=Text)
    # The same for the list-item shape (no body), prepared alongside it.
    list_json: str | None = Field(default=None, sa_type=Text)
    # This version's place in search results, newest first: its id in the search index, derived
    # from publish_at and the article id (app.search.service.search_key). Set by the index.
    search_key: int | None = Field(default=None, sa_type=BigInteger, unique=True)
    # Which instants the scheduler has announced (events, status): "pending" until publish_at,
    # "live" after it, "expired" after expire_at. Visibility never depends on it.
    announced: str = Field(default="pending", max_length=10)


class ArticleLiveTag(SQLModel, table=True):
    """The tags of the published version, in the editor's order."""

    __tablename__ = "article_live_tag"

    article_id: int = Field(foreign_key="article_live.article_id", primary_key=True)
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, index=True)
    position: int = 0


class ArticleLegacyUrl(SQLModel, table=True):
    """An address the article had on the old portal (e.g. SharePoint `Pages/…aspx?ItemID=`),
    stored normalized so `GET /v1/resolve?path=` finds it however it is spelled."""

    __tablename__ = "article_legacy_url"

    path: str = Field(max_length=1000, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
