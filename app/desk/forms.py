"""The article form: what the browser posts, turned into the admin API's own schemas
(ArticleCreate / ArticleUpdate, so every validation rule is theirs), and their errors turned
into Vietnamese messages next to the fields."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlmodel import Session, col, select

from app.articles.embeds import EMBED_NOT_ALLOWED, PROVIDERS
from app.articles.models import Article, ArticleAttachment, ArticleRelated, ArticleTag, Tag
from app.articles.schemas import (
    EXPIRY_BEFORE_PUBLISH,
    NOT_HTTP_URL,
    ArticleCreate,
    ArticleUpdate,
)
from app.core.config import get_settings
from app.core.timestamps import OUT_OF_RANGE
from app.desk.i18n import _, desk_datetime_input

# The fields of the form, in the order the conflict panel lists them.
FIELDS = (
    "title", "slug", "summary", "content_html", "image_id", "image_caption", "category_id",
    "article_type", "byline", "author_id", "alternate_url", "publish_at", "expire_at",
    "featured", "featured_rank", "featured_until", "tags", "related_ids", "attachment_ids",
    "meta_title", "meta_description", "og_image_id", "canonical_url", "noindex",
)  # fmt: skip
SEO_FIELDS = frozenset({"meta_title", "meta_description", "og_image_id", "canonical_url"})
# Fields given as the site's wall-clock time (datetime-local inputs).
DATETIME_FIELDS = ("publish_at", "expire_at", "featured_until")


@dataclass
class ArticleForm:
    """The form's values as text, as the browser sends and shows them."""

    title: str = ""
    slug: str = ""
    summary: str = ""
    content_html: str = ""
    image_id: str = ""
    image_caption: str = ""
    category_id: str = ""
    article_type: str = "news"
    byline: str = ""
    author_id: str = ""
    alternate_url: str = ""
    publish_at: str = ""  # "2024-03-11T07:00", the site's time
    expire_at: str = ""
    featured: bool = False
    featured_rank: str = ""
    featured_until: str = ""
    tags: str = ""  # comma-separated, as typed
    related_ids: list[str] = field(default_factory=list)
    attachment_ids: list[str] = field(default_factory=list)
    meta_title: str = ""
    meta_description: str = ""
    og_image_id: str = ""
    canonical_url: str = ""
    noindex: bool = False
    lock_version: int = 0
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def posted(cls, data: Any) -> "ArticleForm":
        """From the submitted form data (a Starlette FormData)."""

        def text(name: str) -> str:
            value = data.get(name)
            return value if isinstance(value, str) else ""

        lock = text("lock_version")
        related = data.get("related_ids") or []
        attached = data.get("attachment_ids") or []
        return cls(
            title=text("title"), slug=text("slug"), summary=text("summary"),
            content_html=text("content_html"), image_id=text("image_id"),
            image_caption=text("image_caption"), category_id=text("category_id"),
            article_type=text("article_type") or "news", byline=text("byline"),
            alternate_url=text("alternate_url"), featured=text("featured") == "on",
            tags=text("tags"), lock_version=int(lock) if lock.isdigit() else 0,
            author_id=text("author_id"), publish_at=text("publish_at"),
            expire_at=text("expire_at"), featured_rank=text("featured_rank"),
            featured_until=text("featured_until"),
            related_ids=[r for r in related if isinstance(r, str) and r],
            attachment_ids=[a for a in attached if isinstance(a, str) and a],
            meta_title=text("meta_title"), meta_description=text("meta_description"),
            og_image_id=text("og_image_id"), canonical_url=text("canonical_url"),
            noindex=text("noindex") == "on",
        )  # fmt: skip

    @classmethod
    def of(cls, session: Session, article: Article) -> "ArticleForm":
        return cls(
            title=article.title, slug=article.slug, summary=article.summary,
            content_html=article.content_html, image_id=str(article.image_id or ""),
            image_caption=article.image_caption, category_id=str(article.category_id),
            article_type=article.article_type, byline=article.byline,
            alternate_url=article.alternate_url or "", featured=article.featured,
            tags=", ".join(tag_names(session, article)), lock_version=article.lock_version,
            author_id=str(article.author_id or ""),
            publish_at=desk_datetime_input(article.publish_at),
            expire_at=desk_datetime_input(article.expire_at),
            featured_rank="" if article.featured_rank is None else str(article.featured_rank),
            featured_until=desk_datetime_input(article.featured_until),
            related_ids=[str(i) for i in related_ids(session, article)],
            attachment_ids=[str(i) for i in attachment_ids(session, article)],
            meta_title=article.meta_title, meta_description=article.meta_description,
            og_image_id=str(article.og_image_id or ""),
            canonical_url=article.canonical_url or "", noindex=article.noindex,
        )  # fmt: skip

    def values(self) -> dict[str, Any]:
        """The fields as the API schemas take them."""
        return {
            "title": self.title,
            "slug": self.slug.strip() or None,
            "summary": self.summary,
            "content_html": self.content_html,
            "image_id": self.image_id or None,
            "image_caption": self.image_caption,
            "category_id": self.category_id or None,
            "article_type": self.article_type,
            "byline": self.byline,
            "alternate_url": self.alternate_url.strip() or None,
            "featured": self.featured,
            "featured_rank": self.featured_rank.strip() or None,
            "tags": [t.strip() for t in self.tags.split(",") if t.strip()],
            "author_id": self.author_id or None,
            "related_ids": list(dict.fromkeys(self.related_ids)),
            "attachment_ids": list(dict.fromkeys(self.attachment_ids)),
            "meta_title": self.meta_title,
            "meta_description": self.meta_description,
            "og_image_id": self.og_image_id or None,
            "canonical_url": self.canonical_url.strip() or None,
            "noindex": self.noindex,
            **{name: _site_time(getattr(self, name)) for name in DATETIME_FIELDS},
        }


def _site_time(value: str) -> str | None:
    """A datetime-local value as an ISO time with the site's offset (the schemas want an
    aware time); a value that is no time is passed on as is, for the schema to refuse."""
    value = value.strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(get_settings().timezone))
    return moment.isoformat()


def related_ids(session: Session, article: Article) -> list[int]:
    return list(
        session.exec(
            select(ArticleRelated.related_id)
            .where(ArticleRelated.article_id == article.id)
            .order_by(col(ArticleRelated.position))
        ).all()
    )


def attachment_ids(session: Session, article: Article) -> list[int]:
    return list(
        session.exec(
            select(ArticleAttachment.media_id)
            .where(ArticleAttachment.article_id == article.id)
            .order_by(col(ArticleAttachment.position))
        ).all()
    )


def tag_names(session: Session, article: Article) -> list[str]:
    return list(
        session.exec(
            select(Tag.name)
            .join(ArticleTag, col(ArticleTag.tag_id) == Tag.id)
            .where(ArticleTag.article_id == article.id)
            .order_by(col(ArticleTag.position))
        ).all()
    )


def to_create(form: ArticleForm) -> ArticleCreate | None:
    values = form.values()
    if values["slug"] is None:
        del values["slug"]  # made from the title
    return _validated(ArticleCreate, values, form)  # type: ignore[return-value]


def to_update(form: ArticleForm, current: ArticleForm) -> ArticleUpdate | None:
    """Only what the user changed: a field left as it was is not sent, so a save never
    rewrites what it did not touch."""
    before = current.values()
    changed = {k: v for k, v in form.values().items() if v != before[k]}
    if "slug" in changed and changed["slug"] is None:
        del changed["slug"]  # an emptied slug keeps the current one
    if "alternate_url" in changed and changed["alternate_url"] is None:
        changed["alternate_url"] = None  # cleared on purpose (as canonical_url, og_image_id)
    if "author_id" in changed and changed["author_id"] is None:
        del changed["author_id"]  # not on the form (only who may assign authors sees it)
    return _validated(ArticleUpdate, changed, form)  # type: ignore[return-value]


def _validated(
    schema: type[ArticleCreate] | type[ArticleUpdate], values: dict[str, Any], form: ArticleForm
) -> ArticleCreate | ArticleUpdate | None:
    try:
        return schema.model_validate(values)
    except ValidationError as invalid:
        for name, message in field_errors(invalid).items():
            form.errors.setdefault(name, message)
        return None


def field_errors(invalid: ValidationError) -> dict[str, str]:
    """A schema's refusals in Vietnamese, by field (the first one of each; "form" for a rule
    about several fields)."""
    errors: dict[str, str] = {}
    for error in invalid.errors():
        name = str(error["loc"][0]) if error["loc"] else "form"
        errors.setdefault(name, message_for(error))
    return errors


def message_for(error: Any) -> str:
    """A pydantic error in Vietnamese (by its type, the stable part of it)."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("Required.")
    if kind in ("string_too_short", "too_short"):
        return _("Required.") if context.get("min_length") == 1 else _("Too short.")
    if kind in ("string_too_long", "too_long"):
        return _("Too long: at most {limit} characters.").format(
            limit=context.get("max_length", "?")
        )
    if kind.startswith("url") or kind == NOT_HTTP_URL:
        return _("Not a web address (https://…).")
    if kind.startswith(("datetime", "timezone")) or kind == OUT_OF_RANGE:
        return _("Not a date and time.")
    if kind == EXPIRY_BEFORE_PUBLISH:
        return _("The expiry must come after the publish date.")
    if kind == EMBED_NOT_ALLOWED:
        names = ", ".join(
            PROVIDERS[n].label for n in get_settings().embed_providers if n in PROVIDERS
        )
        return _("Only videos and maps from {providers} can be embedded.").format(providers=names)
    field = str(error["loc"][0]) if error.get("loc") else ""
    if field == "featured_rank" and kind in (
        "int_parsing",
        "greater_than_equal",
        "less_than_equal",
    ):
        return _("A whole number from 0.")
    if kind in ("int_parsing", "int_type", "greater_than_equal", "less_than_equal"):
        return _("Choose one from the list.")
    if kind == "string_pattern_mismatch":
        return _("Only lowercase letters without diacritics, digits and hyphens.")
    return _("Not a valid value.")


def changed_fields(mine: ArticleForm, saved: ArticleForm) -> list[str]:
    """Fields where what the user typed differs from what was saved meanwhile."""
    mine_values, saved_values = mine.values(), saved.values()
    return [name for name in FIELDS if mine_values[name] != saved_values[name]]
