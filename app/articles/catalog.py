"""The public category tree and tag list, with counts of visible articles."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.articles.live import visible_clause
from app.articles.models import ArticleLive, ArticleLiveTag, Category, Tag
from app.articles.taxonomy import folded_words_start_with
from app.core.errors import NotFound


def _visible_counts(session: Session, now: datetime) -> dict[int, int]:
    rows = session.exec(
        select(ArticleLive.category_id, func.count())
        .where(visible_clause(now))
        .group_by(col(ArticleLive.category_id))
    ).all()
    return dict(rows)


def category_tree(session: Session, *, now: datetime) -> list[dict[str, Any]]:
    """Every category as nested nodes; `article_count` counts visible articles filed under the
    category or any category below it."""
    categories = session.exec(
        select(Category).order_by(col(Category.position), col(Category.name), col(Category.id))
    ).all()
    own = _visible_counts(session, now)
    children: dict[int | None, list[Category]] = {}
    known = {c.id for c in categories}
    for category in categories:
        parent = category.parent_id if category.parent_id in known else None
        children.setdefault(parent, []).append(category)

    def node(category: Category) -> dict[str, Any]:
        assert category.id is not None
        kids = [node(child) for child in children.get(category.id, [])]
        return {
            "id": category.id,
            "name": category.name,
            "slug": category.slug,
            "description": category.description,
            "parent_id": category.parent_id,
            "article_count": own.get(category.id, 0) + sum(k["article_count"] for k in kids),
            "children": kids,
        }

    return [node(root) for root in children.get(None, [])]


def find_node(nodes: Sequence[dict[str, Any]], slug: str) -> dict[str, Any]:
    """The node with this slug anywhere in the tree."""
    stack = list(nodes)
    while stack:
        current = stack.pop()
        if current["slug"] == slug:
            return current
        stack.extend(current["children"])
    raise NotFound(f"no category {slug!r}")


def tags_in_use(
    session: Session, *, now: datetime, limit: int, q: str | None
) -> list[dict[str, object]]:
    """Tags of visible articles with their counts, most used first."""
    count = func.count().label("article_count")
    stmt = (
        select(Tag.id, Tag.name, Tag.slug, count)
        .join(ArticleLiveTag, col(ArticleLiveTag.tag_id) == col(Tag.id))
        .join(ArticleLive, col(ArticleLive.article_id) == col(ArticleLiveTag.article_id))
        .where(visible_clause(now))
        .group_by(col(Tag.id), col(Tag.name), col(Tag.slug))
        .order_by(count.desc(), col(Tag.name))
        .limit(limit)
    )
    if q:
        stmt = stmt.where(folded_words_start_with(q))
    return [
        {"id": tag_id, "name": name, "slug": slug, "article_count": n}
        for tag_id, name, slug, n in session.exec(stmt).all()
    ]
