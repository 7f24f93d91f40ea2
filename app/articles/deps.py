"""Load-or-404 dependencies for articles, categories and tags."""

from typing import Annotated

from fastapi import Depends, Path

from app.accounts.deps import CurrentStaff
from app.accounts.permissions import ensure_can
from app.articles import service, taxonomy
from app.articles.models import Article, Category, Tag
from app.core.db import SessionDep

ArticleId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _article_for_staff(session: SessionDep, staff: CurrentStaff, article_id: ArticleId) -> Article:
    article = service.get_article(session, article_id)
    ensure_can(staff, "view", article)
    return article


def _category(
    session: SessionDep, category_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> Category:
    return taxonomy.get_category(session, category_id)


def _tag(session: SessionDep, tag_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Tag:
    return taxonomy.get_tag(session, tag_id)


ArticleForStaff = Annotated[Article, Depends(_article_for_staff)]
CategoryById = Annotated[Category, Depends(_category)]
TagById = Annotated[Tag, Depends(_tag)]
