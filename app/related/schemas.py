"""Request and response shapes of related articles."""

from pydantic import BaseModel, Field

from app.articles.models import ArticleStatus
from app.articles.schemas import ArticleListItem, IdList


class RelatedPicksUpdate(BaseModel):
    """The editor picks of the working copy, in order (they go live with the next publish)."""

    related_ids: IdList


class RelatedPickRef(BaseModel):
    id: int
    title: str | None = Field(
        description="The working title; for an article you may not view, its live title "
        "(null when it is not live)"
    )
    status: ArticleStatus | None = Field(description="Null for an article you may not view")
    is_live: bool


class RelatedPicksAdmin(BaseModel):
    article_id: int
    related_ids: list[int] = Field(description="Picks of the working copy, in order")
    live_related_ids: list[int] = Field(
        description="Picks of the published version, in order (what the public sees)"
    )
    items: list[RelatedPickRef] = Field(description="The working copy's picks, in order")


class RelatedItem(ArticleListItem):
    """An article in the list shape, with why it is related."""

    reason: str = Field(description="`picked` by an editor or `similar` by content")
    score: float | None = Field(default=None, description="Similarity, for `similar` items")


class RelatedPage(BaseModel):
    items: list[RelatedItem]
