"""A client that synced, went away while 1,000 changes happened (edits, unpublishes,
republishes, trashes, purges, new articles), then catches up: its mirror is exactly the live
set."""

import random
from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from app.articles import service
from app.articles.models import Article, ArticleStatus
from app.articles.schemas import ArticleUpdate
from app.workflow import service as workflow
from tests.factories import Factory
from tests.sync.mirror import Mirror, live_set


def test_a_client_away_for_1000_changes_catches_up_to_the_live_set(
    factory: Factory, db: Session, fetch: Callable[..., dict[str, Any]]
) -> None:
    rng = random.Random(8)
    admin = factory.admin_principal()
    author = factory.user()  # one author: a user each would spend the time hashing passwords
    articles: list[Article] = [
        factory.article(status="published", author=author) for _ in range(40)
    ]
    mirror = Mirror()
    mirror.catch_up(fetch)
    assert len(mirror.articles) == 40

    done: dict[str, int] = {}

    def by_status(*statuses: ArticleStatus) -> list[Article]:
        return [a for a in articles if a.status in {s.value for s in statuses}]

    while sum(done.values()) < 1000:
        live = by_status(ArticleStatus.published)
        options = {
            "edit": live,
            "unpublish": live,
            "republish": by_status(ArticleStatus.unpublished),
            "trash": live + by_status(ArticleStatus.unpublished),
            "purge": by_status(ArticleStatus.trashed),
            "create": [None],  # type: ignore[list-item]
        }
        kind = rng.choice([k for k, pool in options.items() if pool])
        article = rng.choice(options[kind])
        match kind:
            case "edit":
                service.update_article(
                    db, article=article, data=ArticleUpdate(title=f"Sửa {rng.random()}"),
                    actor=admin, expected_lock_version=article.lock_version,
                )  # fmt: skip
                factory.transition(article, "publish")
            case "unpublish":
                factory.transition(article, "unpublish")
            case "republish":
                factory.transition(article, "publish")
            case "trash":
                factory.transition(article, "trash")
            case "purge":
                workflow.purge_article(
                    db, article=article, actor=admin, expected_lock_version=article.lock_version
                )
                articles.remove(article)
            case "create":
                articles.append(factory.article(status="published", author=author))
        done[kind] = done.get(kind, 0) + 1

    assert min(done["unpublish"], done["purge"], done["edit"]) > 50, done
    mirror.catch_up(lambda cursor: fetch(cursor, limit=100))
    source = live_set(db)
    assert set(mirror.articles) == set(source)
    assert mirror.articles == source
    assert mirror.pages > 2  # it really paged through the backlog
