"""An integrator's mirror, kept the way docs/sync.md tells clients to, and the source to
compare it with."""

from collections.abc import Callable
from typing import Any

import orjson
from sqlmodel import Session, col, select

from app.articles.live import visible_clause
from app.articles.models import Article, ArticleLive
from app.articles.presenters import with_view_count
from app.core.db import utcnow


class Mirror:
    def __init__(self) -> None:
        self.articles: dict[int, dict[str, Any]] = {}
        self.cursor: str | None = None
        self.pages = 0

    def apply(self, page: dict[str, Any]) -> None:
        for item in page["upserted"]:
            self.articles[item["id"]] = item
        for tombstone in page["deleted"]:
            self.articles.pop(tombstone["id"], None)
        self.cursor = page["next_cursor"]
        self.pages += 1

    def catch_up(self, fetch: Callable[[str | None], dict[str, Any]]) -> None:
        """Call until has_more is false (what a client does on each wake-up)."""
        while True:
            page = fetch(self.cursor)
            self.apply(page)
            if not page["has_more"]:
                return


def live_set(session: Session) -> dict[int, dict[str, Any]]:
    """What the public sees right now, in the shape sync serves."""
    rows = session.exec(
        select(ArticleLive.article_id, ArticleLive.public_json, Article.view_count)
        .join(Article, col(Article.id) == col(ArticleLive.article_id))
        .where(visible_clause(utcnow()))
    ).all()
    return {
        article_id: orjson.loads(with_view_count(public_json or "", views))
        for article_id, public_json, views in rows
    }
