"""Request and response shapes of articles, categories and tags.

Public and admin shapes differ on purpose: royalty fields, status, version and staff
identities never appear in a public shape.
"""

from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from app.accounts.schemas import UserRef
from app.articles.blocks import ContentBlock
from app.articles.models import ArticleStatus
from app.articles.seo import SeoPublic
from app.core.text import NFCText, is_valid_slug
from app.core.timestamps import Timestamp
from app.media.schemas import AttachmentPublic, ImagePublic

# Error types of the checks below, so that a client (the desk's forms too) can tell them apart.
NOT_HTTP_URL = "absolute_http_url"
EXPIRY_BEFORE_PUBLISH = "expire_before_publish"


def _absolute_http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PydanticCustomError(NOT_HTTP_URL, "must be an absolute http(s) URL")
    return value


def _valid_slug(value: str) -> str:
    if not is_valid_slug(value):
        raise ValueError("a slug is lowercase ASCII letters, digits and single hyphens")
    return value


Title = Annotated[NFCText, Field(min_length=1, max_length=500)]
Summary = Annotated[NFCText, Field(max_length=2000)]
Slug = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_valid_slug)]
HttpUrl = Annotated[NFCText, Field(max_length=2000), AfterValidator(_absolute_http_url)]
TagName = Annotated[NFCText, Field(min_length=1, max_length=100)]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
IdList = Annotated[list[Id], Field(max_length=100)]
LegacyUrls = Annotated[
    list[Annotated[NFCText, Field(min_length=1, max_length=1000)]],
    Field(max_length=50, description="Addresses on the old portal that should resolve here"),
]


# Royalty figures once were article fields; they are written only through the article's
# royalty now, and an old client sending them gets a 422 that says where they went.
ROYALTY_TOTALS = ("page_count", "photo_count", "royalty_amount")


class _ArticleWriteChecks(BaseModel):
    model_config = ConfigDict(extra="forbid")

    publish_at: Timestamp | None = None
    expire_at: Timestamp | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_royalty_figures(cls, data: object) -> object:
        sent = [f for f in ROYALTY_TOTALS if isinstance(data, dict) and f in data]
        if sent:
            raise ValueError(
                f"{', '.join(sent)} cannot be set on the article: royalty figures are the totals "
                "of its royalty, set with PUT /v1/admin/articles/{id}/royalty"
            )
        return data

    @model_validator(mode="after")
    def _expire_after_publish(self) -> "_ArticleWriteChecks":
        if self.publish_at and self.expire_at and self.expire_at <= self.publish_at:
            raise PydanticCustomError(
                EXPIRY_BEFORE_PUBLISH, "expire_at must be later than publish_at"
            )
        return self


class ArticleCreate(_ArticleWriteChecks):
    """A new article; it starts as a draft."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Đại hội Đảng bộ tỉnh An Giang lần thứ XI, nhiệm kỳ 2025–2030",
                    "category_id": 1,
                    "summary": "Sáng 14/10, Đại hội đại biểu Đảng bộ tỉnh khai mạc trọng thể "
                    "tại Trung tâm Hội nghị tỉnh.",
                    "content_html": "<p>Dự đại hội có 350 đại biểu chính thức, đại diện cho "
                    "hơn 100.000 đảng viên trong toàn Đảng bộ.</p>",
                    "byline": "Thanh Tâm",
                    "article_type": "news",
                    "tags": ["Đại hội Đảng", "An Giang"],
                }
            ]
        }
    )

    title: Title
    category_id: Id
    slug: Slug | None = None
    summary: Summary = ""
    content_html: NFCText = ""
    image_id: Id | None = None
    image_caption: NFCText = ""
    alternate_url: HttpUrl | None = None
    meta_title: Annotated[NFCText, Field(max_length=200)] = ""
    meta_description: Annotated[NFCText, Field(max_length=500)] = ""
    og_image_id: Id | None = None
    canonical_url: HttpUrl | None = None
    noindex: bool = False
    featured: bool = False
    featured_rank: int | None = Field(default=None, ge=0, le=1_000_000)
    featured_until: Timestamp | None = None
    byline: Annotated[NFCText, Field(max_length=300)] = ""
    author_id: Id | None = None
    article_type: NFCText = "news"
    tags: Annotated[list[TagName], Field(max_length=50)] = []
    related_ids: IdList = []
    attachment_ids: IdList = []
    legacy_urls: LegacyUrls = []


class ArticleUpdate(_ArticleWriteChecks):
    """A partial update: only the fields sent change; `null` clears an optional field."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"summary": "Đại hội diễn ra trong 3 ngày, từ 14 đến 16/10.", "featured": True}
            ]
        }
    )

    title: Title | None = None
    category_id: Id | None = None
    slug: Slug | None = None
    summary: Summary | None = None
    content_html: NFCText | None = None
    image_id: Id | None = None
    image_caption: NFCText | None = None
    alternate_url: HttpUrl | None = None
    meta_title: Annotated[NFCText, Field(max_length=200)] | None = None
    meta_description: Annotated[NFCText, Field(max_length=500)] | None = None
    og_image_id: Id | None = None
    canonical_url: HttpUrl | None = None
    noindex: bool | None = None
    featured: bool | None = None
    featured_rank: int | None = Field(default=None, ge=0, le=1_000_000)
    featured_until: Timestamp | None = None
    byline: Annotated[NFCText, Field(max_length=300)] | None = None
    author_id: Id | None = None
    article_type: NFCText | None = None
    tags: Annotated[list[TagName], Field(max_length=50)] | None = None
    related_ids: IdList | None = None
    attachment_ids: IdList | None = None
    legacy_urls: LegacyUrls | None = None


# Fields that may be sent as null to clear them; the rest must carry a value if present.
NULLABLE_UPDATE_FIELDS = frozenset(
    {"image_id", "alternate_url", "featured_rank", "featured_until", "author_id",
     "publish_at", "expire_at", "og_image_id", "canonical_url"}
)  # fmt: skip


class CategoryRef(BaseModel):
    id: int
    name: str
    slug: str


class TagRef(BaseModel):
    id: int
    name: str
    slug: str


_ROYALTY_ONLY = "Royalty total; null unless you may read the article's royalty (its editors)"


class ArticleAdmin(BaseModel):
    """The full management view of an article."""

    id: int
    title: str
    slug: str
    summary: str
    content_html: str
    image_id: int | None
    image: ImagePublic | None
    image_caption: str
    alternate_url: str | None
    meta_title: str
    meta_description: str
    og_image_id: int | None
    canonical_url: str | None
    noindex: bool
    publish_at: datetime | None
    expire_at: datetime | None
    featured: bool
    featured_rank: int | None
    featured_until: datetime | None
    byline: str
    author_id: int | None
    author: UserRef | None
    article_type: str
    category_id: int
    category: CategoryRef
    tags: list[TagRef]
    related_ids: list[int]
    attachment_ids: list[int]
    legacy_urls: list[str]
    page_count: int | None = Field(description=_ROYALTY_ONLY)
    photo_count: int | None = Field(description=_ROYALTY_ONLY)
    royalty_amount: int | None = Field(description=_ROYALTY_ONLY)
    status: ArticleStatus
    is_live: bool = Field(description="Whether the public sees a version of it right now")
    live_version: str | None = Field(description="Version the public sees (if published)")
    has_unpublished_changes: bool = Field(
        description="The working copy differs from the live version"
    )
    review_step: str | None = Field(description="Role that must approve next, while in review")
    version: str
    view_count: int
    created_at: datetime
    created_by: int | None
    updated_at: datetime
    updated_by: int | None


class ArticleListItem(BaseModel):
    """An article in a public list: everything a teaser needs, no body."""

    # Every field is always sent (also those with defaults): all `required` in the contract.
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    id: int
    title: str
    slug: str
    summary: str
    image: ImagePublic | None
    image_caption: str
    alternate_url: str | None
    published_at: datetime
    featured: bool
    byline: str
    article_type: str
    category: CategoryRef
    tags: list[TagRef]
    view_count: int
    updated_at: datetime


class ArticleListEntry(BaseModel):
    """An item of the public list: the list-item fields unless `fields=` picks some, plus
    `content_html` when asked for and a highlighted `snippet` when searching."""

    id: int
    title: str | None = None
    slug: str | None = None
    summary: str | None = None
    image: ImagePublic | None = None
    image_caption: str | None = None
    alternate_url: str | None = None
    published_at: datetime | None = None
    featured: bool | None = None
    byline: str | None = None
    article_type: str | None = None
    category: CategoryRef | None = None
    tags: list[TagRef] | None = None
    view_count: int | None = None
    updated_at: datetime | None = None
    content_html: str | None = None
    snippet: str | None = None


class PublicArticlePage(BaseModel):
    items: list[ArticleListEntry]
    next_cursor: str | None
    page: int | None = None
    per_page: int | None = None
    total: int | None = None


class ArticlePublic(ArticleListItem):
    """A live article as the public reads it."""

    content_html: str
    attachments: list[AttachmentPublic] = Field(
        default=[], description="Documents attached to the article, in the editor's order"
    )
    inline_images: list[ImagePublic] = Field(
        default=[],
        description="The images the content shows (`<img data-media-id>`), each once, in "
        "order of appearance, with renditions for `srcset`",
    )
    seo: SeoPublic | None = Field(
        default=None,
        description="What search engines and share cards read, each empty field given its "
        'default (docs/api.md, "SEO and share cards")',
    )
    content_blocks: list[ContentBlock] = Field(
        default=[],
        description="`content_html` as typed blocks (paragraph, heading, quote, list, image, "
        "table, divider, html), in order, for apps that render natively; written back as HTML "
        "they give the same tree as `content_html`",
    )


class ArticlePreview(ArticlePublic):
    """A working copy in public shape; it may not have a publication time yet."""

    published_at: datetime | None  # type: ignore[assignment]


class ArticleHistoryEntry(BaseModel):
    id: int
    action: str
    from_status: str | None
    to_status: str
    version: str
    actor_id: int | None
    actor: str = Field(description='Username, or "system" for automatic transitions')
    at: datetime
    comment: str
    changed_fields: list[str]


class CategoryCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "Kinh tế – Xã hội", "parent_id": None}]},
    )

    name: Annotated[NFCText, Field(min_length=1, max_length=200)]
    slug: Slug | None = None
    description: Annotated[NFCText, Field(max_length=5000)] = ""
    parent_id: Id | None = None
    position: int = Field(default=0, ge=0, le=1_000_000)


class CategoryUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[NFCText, Field(min_length=1, max_length=200)] | None = None
    slug: Slug | None = None
    description: Annotated[NFCText, Field(max_length=5000)] | None = None
    parent_id: Id | None = None
    position: int | None = Field(default=None, ge=0, le=1_000_000)


class CategoryAdmin(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    slug: str
    description: str
    parent_id: int | None
    position: int
    created_at: datetime
    updated_at: datetime


class TagCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: TagName


class TagAdmin(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    slug: str
    created_at: datetime
