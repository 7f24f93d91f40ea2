"""Quality of related articles: precision@5 of same-topic suggestions on a labelled corpus.

    .venv/bin/python bench/related_eval.py [--per-topic 50] [--strip-share 0.5]

Without --strip-share it runs both scenarios of issue 7, each in a fresh process and a scratch
SQLite database: every article typed with diacritics, then half of them typed without.
Articles go through the app's real code path: created with the articles service, published
with the workflow (which indexes them and updates other lists as it happens in production),
then read with `GET /v1/articles/{id}/related?limit=5` through the ASGI app. Precision is
measured twice: on the lists as incremental publishing left them, and after
`newsdesk related-rebuild` (exact document frequencies).

precision@5 of an article = same-topic items among its first 5 suggestions / 5 (a missing
suggestion counts as a miss); the figure is the mean over all articles.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _scenario(per_topic: int, strip_share: float) -> dict[str, object]:
    scratch = tempfile.mkdtemp(prefix="related-eval-")
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/eval.db"
    os.environ["NEWSDESK_RUN_JOBS"] = "false"
    os.environ.setdefault("NEWSDESK_SECRET_KEY", "related-eval-" + "x" * 32)
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

    from fastapi.testclient import TestClient
    from related_corpus import generate

    from app.accounts.models import Role
    from app.accounts.permissions import load_principal
    from app.accounts.service import create_user
    from app.articles import service as articles
    from app.articles import taxonomy
    from app.articles.schemas import ArticleCreate, CategoryCreate
    from app.core.db import open_session
    from app.core.migrations import upgrade
    from app.main import app
    from app.related import bulk
    from app.workflow import service as workflow

    upgrade("head")
    items = generate(per_topic=per_topic, strip_share=strip_share)
    with open_session(write=True) as session:
        admin = create_user(session, username="eval", password="eval password 123", role=Role.admin)
        categories = {}
        for section in dict.fromkeys(i.section for i in items):
            category = taxonomy.create_category(session, data=CategoryCreate(name=section))
            categories[section] = category.id
        session.commit()
        admin_id = admin.id

    topic_of: dict[int, str] = {}
    stripped_ids: set[int] = set()
    started = time.perf_counter()
    publish_seconds = 0.0
    for start in range(0, len(items), 100):
        with open_session(write=True) as session:
            actor = load_principal(session, session.get(type(admin), admin_id))
            for item in items[start : start + 100]:
                article = articles.create_article(
                    session,
                    data=ArticleCreate(
                        title=item.title,
                        summary=item.summary,
                        content_html=item.content_html,
                        category_id=categories[item.section],
                        tags=item.tags,
                    ),
                    actor=actor,
                )
                t0 = time.perf_counter()
                workflow.apply_transition(
                    session,
                    article=article,
                    action="publish",
                    actor=actor,
                    expected_lock_version=article.lock_version,
                    publish_at=item.publish_at,
                )
                publish_seconds += time.perf_counter() - t0
                assert article.id is not None
                topic_of[article.id] = item.topic
                if item.stripped:
                    stripped_ids.add(article.id)
            session.commit()
    load_seconds = time.perf_counter() - started

    def measure(client: TestClient) -> dict[str, float]:
        totals = {"all": [0, 0], "typed": [0, 0], "stripped": [0, 0]}
        read_ms = []
        for article_id, topic in topic_of.items():
            t0 = time.perf_counter()
            response = client.get(f"/v1/articles/{article_id}/related", params={"limit": 5})
            read_ms.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.text
            suggested = response.json()["items"]
            assert all(s["reason"] == "similar" and s["id"] != article_id for s in suggested)
            hits = sum(topic_of.get(s["id"]) == topic for s in suggested)
            group = "stripped" if article_id in stripped_ids else "typed"
            for key in ("all", group):
                totals[key][0] += hits
                totals[key][1] += 5
        read_ms.sort()
        result = {k: round(h / n, 4) for k, (h, n) in totals.items() if n}
        result["read_p50_ms"] = round(read_ms[len(read_ms) // 2], 2)
        result["read_p99_ms"] = round(read_ms[int(len(read_ms) * 0.99)], 2)
        return result

    with TestClient(app) as client:
        incremental = measure(client)
        t0 = time.perf_counter()
        bulk.rebuild()
        rebuild_seconds = time.perf_counter() - t0
        rebuilt = measure(client)
    return {
        "articles": len(items),
        "topics": len({i.topic for i in items}),
        "strip_share": strip_share,
        "stripped_articles": len(stripped_ids),
        "load_seconds": round(load_seconds, 1),
        "publish_ms_mean": round(publish_seconds / len(items) * 1000, 1),
        "rebuild_seconds": round(rebuild_seconds, 1),
        "precision_at_5_incremental": incremental,
        "precision_at_5_rebuilt": rebuilt,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-topic", type=int, default=50)
    parser.add_argument("--strip-share", type=float, default=None)
    args = parser.parse_args()
    if args.strip_share is not None:
        print(json.dumps(_scenario(args.per_topic, args.strip_share), ensure_ascii=False))
        return
    targets = {0.0: 0.9, 0.5: 0.85}
    failed = False
    for share, target in targets.items():
        out = subprocess.run(
            [sys.executable, __file__, "--per-topic", str(args.per_topic),
             "--strip-share", str(share)],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        result = json.loads(out.strip().splitlines()[-1])
        print(json.dumps(result, ensure_ascii=False, indent=2))
        for kind in ("incremental", "rebuilt"):
            p = result[f"precision_at_5_{kind}"]["all"]
            verdict = "ok" if p >= target else "BELOW TARGET"
            failed |= p < target
            print(
                f"strip_share={share}: precision@5 ({kind}) = {p:.3f} (target {target}) {verdict}"
            )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
