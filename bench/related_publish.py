"""What related indexing costs a publish on a big database (docs/related.md, "Cost").

    DATABASE_URL=sqlite:///bench/.data/bench-100k.db .venv/bin/python bench/related_publish.py
    DATABASE_URL=postgresql://... .venv/bin/python bench/related_publish.py --count 10

Creates `--count` articles with generated demo text (the seed-demo generator, past the seeded
range), publishes each through the real workflow, then re-publishes it after an edit (the old
version leaves the index, the new one enters), timing the whole transition and the related
part of it (`index_version`, `unindex_version`). Everything runs in transactions that are
rolled back, so the database is left as it was. Run it on a database whose related index is
built (`newsdesk related-rebuild`), or the candidate aggregate has nothing to scan. Prints
one JSON object: per-step times in ms (median and max).
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("NEWSDESK_RUN_JOBS", "false")
    sys.path[:0] = [str(ROOT)]

    from sqlmodel import func, select

    from app.accounts.models import Role, User
    from app.accounts.permissions import load_principal
    from app.articles import service as articles
    from app.articles.models import Article, ArticleLive, Category
    from app.articles.schemas import ArticleCreate, ArticleUpdate
    from app.core.db import open_session
    from app.demo.content import generate_article
    from app.related import index
    from app.related.models import RelatedTerm
    from app.workflow import service as workflow

    timings: dict[str, list[float]] = {}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*a: Any, **k: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return function(*a, **k)
            finally:
                timings.setdefault(name, []).append((time.perf_counter() - t0) * 1000)

        return wrapper

    # app.articles.live calls these through the module, so wrapping them here times them there.
    index.index_version = timed("related index_version", index.index_version)  # type: ignore[method-assign]
    index.unindex_version = timed("related unindex_version", index.unindex_version)  # type: ignore[method-assign]
    index._scored_candidates = timed("  candidate aggregate", index._scored_candidates)  # type: ignore[method-assign]

    now = datetime.now(UTC)
    with open_session() as session:
        live = session.exec(select(func.count()).select_from(ArticleLive)).one()
        indexed = session.exec(select(func.count(func.distinct(RelatedTerm.article_id)))).one()
        last_id = session.exec(select(func.max(Article.id))).one() or 0
        admin = session.exec(select(User).where(User.role == Role.admin)).first()
        categories = {c.slug: c.id for c in session.exec(select(Category)).all()}
    if admin is None:
        print("no admin user in this database (seed it with seed-demo)", file=sys.stderr)
        return 1
    for i in range(args.count):
        data = generate_article(last_id + 1000 + i, now=now)
        with open_session(write=True) as session:
            actor = load_principal(session, session.get(User, admin.id))
            category_id = categories.get(str(data["category_key"]), min(categories.values()))
            article = articles.create_article(
                session,
                data=ArticleCreate(
                    title=str(data["title"]),
                    summary=str(data["summary"]),
                    content_html=str(data["content_html"]),
                    category_id=category_id,
                    tags=list(data["tags"])[:5],  # type: ignore[call-overload]
                ),
                actor=actor,
            )
            for step in ("publish", "re-publish after an edit"):
                if step != "publish":
                    article = articles.update_article(
                        session,
                        article=article,
                        data=ArticleUpdate(title=str(data["title"]) + " (cập nhật)"),
                        actor=actor,
                        expected_lock_version=article.lock_version,
                    )
                t0 = time.perf_counter()
                workflow.apply_transition(
                    session,
                    article=article,
                    action="publish",
                    actor=actor,
                    expected_lock_version=article.lock_version,
                )
                timings.setdefault(f"whole transition: {step}", []).append(
                    (time.perf_counter() - t0) * 1000
                )
            session.rollback()
    result = {
        "live_versions": live,
        "indexed_versions": indexed,
        "articles_published": args.count,
        "ms": {
            name: {"median": round(statistics.median(v), 1), "max": round(max(v), 1), "n": len(v)}
            for name, v in timings.items()
        },
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
