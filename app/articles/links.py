"""Reading an article's ordered link tables (related picks, attachments, legacy addresses)."""

from typing import Any

from sqlmodel import Session, col, select

from app.articles.models import ArticleAttachment, ArticleLegacyUrl, ArticleRelated

# link table → (the column it points with, the column that orders it)
LINKS: dict[str, tuple[Any, Any]] = {
    "related_ids": (ArticleRelated.related_id, ArticleRelated.position),
    "attachment_ids": (ArticleAttachment.media_id, ArticleAttachment.position),
    "legacy_urls": (ArticleLegacyUrl.path, ArticleLegacyUrl.path),
}


def ordered_links(session: Session, name: str, article_ids: list[int]) -> dict[int, list[Any]]:
    """For each article, what the named link table holds for it, in its order (one query)."""
    target, order = LINKS[name]
    owner = col(target.class_.article_id)
    found: dict[int, list[Any]] = {}
    if not article_ids:
        return found
    for article_id, value in session.exec(
        select(owner, target).where(owner.in_(article_ids)).order_by(owner, col(order))
    ):
        found.setdefault(article_id, []).append(value)
    return found
