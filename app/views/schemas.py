"""Response shapes of view counting (documentation of the bytes the routers send)."""

from datetime import date

from pydantic import BaseModel, Field

from app.articles.schemas import ArticleListItem
from app.views.service import Window


class MostReadItem(BaseModel):
    views: int = Field(description="Views in the window (for `all`: the article's view_count)")
    article: ArticleListItem


class MostReadPage(BaseModel):
    window: Window
    from_: date | None = Field(alias="from", description="First day counted (site time zone)")
    to: date = Field(description="Last day counted: today in the site time zone")
    items: list[MostReadItem]


class DayViews(BaseModel):
    date: date
    views: int


class ArticleStats(BaseModel):
    article_id: int
    view_count: int = Field(description="All-time total shown to readers, imported views included")
    imported_views: int = Field(description="Of which loaded by `newsdesk import-views`")
    from_: date = Field(alias="from")
    to: date
    period_views: int
    days: list[DayViews] = Field(description="Every day of the range, zeros included")
