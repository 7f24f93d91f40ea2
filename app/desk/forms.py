"""The article form: what the browser posts, turned into the admin API's own schemas
(ArticleCreate / ArticleUpdate, so every validation rule is theirs), and their errors turned
into Vietnamese messages next to the fields."""

from dataclasses import asdict, dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from app.articles.models import Article, ArticleTag, Tag
from app.articles.schemas import ArticleCreate, ArticleUpdate
from app.desk.i18n import _

# The fields of the form, in the order the conflict panel lists them.
FIELDS = (
    "title", "slug", "summary", "content_html", "image_id", "image_caption", "category_id",
    "article_type", "byline", "alternate_url", "featured", "tags",
)  # fmt: skip


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
    alternate_url: str = ""
    featured: bool = False
    tags: str = ""  # comma-separated, as typed
    lock_version: int = 0
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def posted(cls, data: Any) -> "ArticleForm":
        """From the submitted form data (a Starlette FormData)."""

        def text(name: str) -> str:
            value = data.get(name)
            return value if isinstance(value, str) else ""

        lock = text("lock_version")
        return cls(
            title=text("title"), slug=text("slug"), summary=text("summary"),
            content_html=text("content_html"), image_id=text("image_id"),
            image_caption=text("image_caption"), category_id=text("category_id"),
            article_type=text("article_type") or "news", byline=text("byline"),
            alternate_url=text("alternate_url"), featured=text("featured") == "on",
            tags=text("tags"), lock_version=int(lock) if lock.isdigit() else 0,
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
            "tags": [t.strip() for t in self.tags.split(",") if t.strip()],
        }

    def shown(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "errors"}


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
        changed["alternate_url"] = None  # cleared on purpose
    return _validated(ArticleUpdate, changed, form)  # type: ignore[return-value]


def _validated(
    schema: type[ArticleCreate] | type[ArticleUpdate], values: dict[str, Any], form: ArticleForm
) -> ArticleCreate | ArticleUpdate | None:
    try:
        return schema.model_validate(values)
    except ValidationError as invalid:
        for error in invalid.errors():
            name = str(error["loc"][0]) if error["loc"] else "form"
            form.errors.setdefault(name, message_for(error))
        return None


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
    if kind.startswith("url") or (kind == "value_error" and "URL" in str(error.get("msg"))):
        return _("Not a web address (https://…).")
    if kind in ("int_parsing", "int_type", "greater_than_equal", "less_than_equal"):
        return _("Choose one from the list.")
    if kind == "string_pattern_mismatch":
        return _("Only lowercase letters without diacritics, digits and hyphens.")
    return _("Not a valid value.")


def changed_fields(mine: ArticleForm, saved: ArticleForm) -> list[str]:
    """Fields where what the user typed differs from what was saved meanwhile."""
    mine_values, saved_values = mine.values(), saved.values()
    return [name for name in FIELDS if mine_values[name] != saved_values[name]]
