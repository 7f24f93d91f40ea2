"""Load-or-404 dependencies of royalties."""

from typing import Annotated

from fastapi import Depends, Path

from app.accounts.deps import CurrentStaff
from app.accounts.permissions import ensure_can
from app.articles import service as articles
from app.articles.deps import ArticleId
from app.articles.models import Article
from app.core.db import SessionDep
from app.royalties import rates
from app.royalties.models import RoyaltyRateTable


def _article_for_royalty(
    session: SessionDep, staff: CurrentStaff, article_id: ArticleId
) -> Article:
    """404 for an article the caller may not see, 403 unless they are an editor of it."""
    article = articles.get_article(session, article_id)
    ensure_can(staff, "manage_royalty", article)
    return article


def _rate_table(
    session: SessionDep, table_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> RoyaltyRateTable:
    return rates.get_table(session, table_id)


ArticleForRoyalty = Annotated[Article, Depends(_article_for_royalty)]
RateTableById = Annotated[RoyaltyRateTable, Depends(_rate_table)]
