"""Editors publishing, unpublishing and editing the same similar articles at the same moment,
through two real server processes on one database (issue 16).

Every article is filed under one category with the same tags and much the same words, so their
related-article lists point at each other and every publish or withdrawal rewrites the lists
of the others. The answers counted are those of the writes; 409 and 412 (someone else got
there first) are expected, a 5xx never is. Used by tests/workflow/test_concurrent_publishing.py
(a short run) and bench/workflow_stress.py (the full one).
"""

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import Engine

from app.accounts.models import Role
from app.articles.models import ArticleStatus
from app.core.db import open_session
from tests.factories import Factory
from tests.servers import free_port, start_server, stop_server

WORDS = (
    "dân vận khéo xây dựng nông thôn mới an giang kinh tế tập thể hợp tác xã lúa gạo thủy sản "
    "biên giới du lịch châu đốc long xuyên chuyển đổi số cải cách hành chính người dân"
)
_WORDS = WORDS.split()
TAGS = ["Dân vận", "Nông thôn mới", "An Giang"]
DROPPED = 599


@dataclass
class StressResult:
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)  # each 5xx: what was asked, the answer
    seconds: float = 0.0

    @property
    def actions(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words))


def seed(engine: Engine, *, articles: int) -> tuple[list[int], dict[str, str]]:
    """Similar articles (half of them published) and an editor's headers."""
    rng = random.Random(16)
    with open_session(write=True, engine=engine) as session:
        factory = Factory(session)
        editor = factory.user(Role.editor)
        ids = []
        for n in range(articles):
            article = factory.article(
                author=editor,
                status=ArticleStatus.published if n % 2 == 0 else ArticleStatus.draft,
                title=f"An Giang: {_text(rng, 6)} {n}",
                summary=_text(rng, 20),
                content_html=f"<p>{_text(rng, 120)}</p>",
                tags=TAGS,
            )
            assert article.id is not None
            ids.append(article.id)
        session.commit()
        return ids, factory.headers(editor)


def _choose(article: dict[str, object], rng: random.Random) -> str:
    if article["is_live"]:
        if article["has_unpublished_changes"] and rng.random() < 0.4:
            return "publish"
        return "unpublish" if rng.random() < 0.5 else "edit"
    return "publish" if rng.random() < 0.6 else "edit"


def hammer(
    ports: list[int],
    article_ids: list[int],
    headers: dict[str, str],
    *,
    actions: int,
    threads_per_client: int = 3,
) -> StressResult:
    """One client per server, each with a few connections, until `actions` writes are sent."""
    result = StressResult()
    lock = threading.Lock()

    def record(response: httpx.Response | str, what: str, *, write: bool) -> None:
        # A string is a dropped connection, which is how a 500 can end (counted as 599).
        status = response.status_code if isinstance(response, httpx.Response) else DROPPED
        with lock:
            if write:
                result.statuses[status] += 1
            if status >= 500:
                text = response.text if isinstance(response, httpx.Response) else response
                result.failures.append(f"{what} -> {status} {text[:300]}")

    def send(http: httpx.Client, method: str, url: str, **options: Any) -> httpx.Response | str:
        try:
            return http.request(method, url, **options)
        except httpx.TransportError as exc:
            return repr(exc)

    def client(port: int, n: int) -> None:
        rng = random.Random(n)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=60) as http:
            while result.actions < actions:
                url = f"/v1/admin/articles/{rng.choice(article_ids)}"
                got = send(http, "GET", url)
                record(got, f"GET {url}", write=False)
                if not isinstance(got, httpx.Response) or got.status_code != 200:
                    continue
                action = _choose(got.json(), rng)
                if_match = {"If-Match": got.headers["etag"]}
                if action == "edit":
                    body = {"title": f"An Giang: {_text(rng, 6)}", "summary": _text(rng, 20)}
                    answer = send(http, "PATCH", url, json=body, headers=if_match)
                else:
                    answer = send(
                        http, "POST", f"{url}/transitions", json={"action": action},
                        headers=if_match,
                    )  # fmt: skip
                record(answer, f"{action} {url}", write=True)

    workers = [
        threading.Thread(target=client, args=(port, index * 100 + n))
        for index, port in enumerate(ports)
        for n in range(threads_per_client)
    ]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=600)
    result.seconds = time.monotonic() - started
    return result


def run(url: str, engine: Engine, *, articles: int, actions: int) -> StressResult:
    """Seed, start two servers (one also running the background jobs), hammer, stop."""
    ids, headers = seed(engine, articles=articles)
    ports = [free_port(), free_port()]
    # The scheduler's related job refills stale lists while the editors work, as in production.
    jobs = {"NEWSDESK_RUN_JOBS": "true", "NEWSDESK_JOBS_INTERVAL_SECONDS": "0.5"}
    servers = []
    try:
        servers.append(start_server(url, ports[0], env=jobs))
        servers.append(start_server(url, ports[1]))
        return hammer(ports, ids, headers, actions=actions)
    finally:
        for server in servers:
            stop_server(server)
