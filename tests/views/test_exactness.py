"""N accepted distinct views raise the counts by exactly N: with concurrent transactions, and
with two server processes restarted gracefully mid-run.

These run on committed data in a scratch database, because the guarantees are the database's
own (the dedupe key, atomic `+ 1` updates), which one shared test transaction would hide.
"""

import random
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import Engine, func
from sqlmodel import col, select

from app.articles.models import Article, ArticleStatus
from app.core.db import make_engine, open_session, utcnow
from app.core.migrations import upgrade
from app.views import service
from app.views.buffer import ViewBuffer, write_views
from app.views.models import ViewDaily
from tests.conftest import scratch_database_url
from tests.factories import Factory
from tests.servers import free_port, start_server, stop_server

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"  # noqa: E501


@pytest.fixture
def scratch() -> Iterator[tuple[str, Engine]]:
    for url in scratch_database_url("views"):
        upgrade("head", database_url=url)
        engine = make_engine(url)
        yield url, engine
        engine.dispose()


def _live_articles(engine: Engine, count: int) -> list[int]:
    with open_session(write=True, engine=engine) as session:
        factory = Factory(session)
        ids = [factory.article(status=ArticleStatus.published).id for _ in range(count)]
        session.commit()
    assert all(ids)
    return [i for i in ids if i is not None]


def _totals(engine: Engine, ids: list[int]) -> tuple[int, int]:
    with open_session(engine=engine) as session:
        counts = session.exec(
            select(func.sum(Article.view_count)).where(col(Article.id).in_(ids))
        ).one()
        buckets = session.exec(
            select(func.sum(ViewDaily.views)).where(col(ViewDaily.article_id).in_(ids))
        ).one()
    return int(counts or 0), int(buckets or 0)


def test_concurrent_transactions_count_each_distinct_view_exactly_once(
    scratch: tuple[str, Engine],
) -> None:
    _, engine = scratch
    ids = _live_articles(engine, 3)
    # 3 articles x 30 visitors, each view sent 4 times, shuffled over 12 threads.
    views = [(a, f"visitor-{v}") for a in ids for v in range(30)] * 4
    random.Random(6).shuffle(views)
    now = utcnow()
    counted: list[bool] = []
    lock = threading.Lock()

    def send(batch: list[tuple[int, str]]) -> None:
        for article_id, visitor in batch:
            with open_session(write=True, engine=engine) as session:
                did = service.record_view(session, article_id=article_id, visitor=visitor, now=now)
                session.commit()
            with lock:
                counted.append(did)

    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(send, [views[n::12] for n in range(12)]))

    assert len(counted) == len(views)
    assert sum(counted) == 90
    assert _totals(engine, ids) == (90, 90)


def test_processes_flushing_overlapping_buffers_at_once_count_each_view_once(
    scratch: tuple[str, Engine],
) -> None:
    _, engine = scratch
    ids = _live_articles(engine, 3)
    now = utcnow()
    window, day = service.window_of(now), service.site_day(now)
    # Four "processes", each having seen an overlapping share of 3 x 40 distinct views, flush
    # in rounds at the same moment (on PostgreSQL: row locks in contention, no deadlock).
    views = [(a, f"visitor-{v}") for a in ids for v in range(40)]
    rng = random.Random(8)
    buffers = [ViewBuffer() for _ in range(4)]
    for article_id, visitor in views:
        for target in rng.sample(buffers, 2):
            target.add(window_no=window, article_id=article_id, visitor=visitor, day=day)
    counted: list[int] = []
    start = threading.Barrier(len(buffers))

    def flush_in_halves(target: ViewBuffer) -> None:
        pending = sorted(target.take().items())
        for half in (pending[::2], pending[1::2]):
            start.wait()
            with open_session(write=True, engine=engine) as session:
                counted.append(write_views(session, dict(half)))
                session.commit()

    with ThreadPoolExecutor(max_workers=len(buffers)) as pool:
        list(pool.map(flush_in_halves, buffers))

    assert sum(counted) == 120
    assert _totals(engine, ids) == (120, 120)


def _start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    # The production path: beacons buffered in each process, flushed every half second.
    env = {"NEWSDESK_VIEWS_RATE_LIMIT": "1000000/minute", "NEWSDESK_VIEWS_FLUSH_SECONDS": "0.5"}
    return start_server(url, port, workers=2, env=env)


def test_two_worker_processes_restarted_mid_run_lose_and_double_nothing(
    scratch: tuple[str, Engine],
) -> None:
    url, engine = scratch
    ids = _live_articles(engine, 4)
    port = free_port()
    # 4 articles x 50 visitors, each view sent 3 times: 600 beacons, 200 distinct views.
    beacons = [(a, f"visitor-{v}") for a in ids for v in range(50)] * 3
    random.Random(7).shuffle(beacons)
    accepted: list[tuple[int, str]] = []
    lock = threading.Lock()
    sent_half = threading.Event()

    def send(batch: list[tuple[int, str]]) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            for article_id, visitor in batch:
                while True:  # a beacon refused while the server restarts is sent again
                    try:
                        response = http.post(
                            f"/v1/articles/{article_id}/views",
                            json={"visitor_id": visitor},
                            headers={"User-Agent": BROWSER},
                        )
                        break
                    except httpx.TransportError:
                        time.sleep(0.05)
                assert response.status_code == 202, response.text
                with lock:
                    accepted.append((article_id, visitor))
                    if len(accepted) >= len(beacons) // 2:
                        sent_half.set()

    server = _start_server(url, port)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            running = [pool.submit(send, beacons[n::8]) for n in range(8)]
            assert sent_half.wait(timeout=120)
            stop_server(server)  # mid-run, with beacons in flight
            server = _start_server(url, port)
            for future in running:
                future.result(timeout=300)
    finally:
        if server.poll() is None:
            stop_server(server)

    assert len(accepted) == len(beacons)
    assert _totals(engine, ids) == (200, 200)
