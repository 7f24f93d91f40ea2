"""`make run` depends on seed-demo: it must load a browsable newsroom into an empty database."""

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import select

from app.accounts.models import User
from app.articles.models import Article, ArticleLive, ArticleTag
from app.core.db import make_engine, open_session
from app.core.migrations import upgrade
from app.core.text import nfc
from app.demo.content import DEMO_ARTICLES, DEMO_CATEGORIES
from app.demo.seed import ADMIN_LOGIN_FILE, _generated_batches, _Plan, seed
from app.revisions.models import ArticleRevision
from tests.conftest import scratch_database_url


@pytest.fixture
def empty_engine() -> Iterator[Engine]:
    for url in scratch_database_url("seed"):
        upgrade("head", database_url=url)
        engine = make_engine(url)
        yield engine
        engine.dispose()


def test_seed_loads_demo_and_generated_articles_once(empty_engine: Engine, tmp_path: Path) -> None:
    said: list[str] = []
    login_file = tmp_path / "admin.txt"
    seed(generated=250, if_empty=True, echo=said.append, engine=empty_engine, login_file=login_file)
    assert login_file.read_text().startswith("admin / ")
    assert any("admin" in line for line in said)

    with open_session(engine=empty_engine) as session:
        count = session.exec(select(func.count()).select_from(Article)).one()
        assert count == len(DEMO_ARTICLES) + 250
        statuses = set(session.exec(select(Article.status)).all())
        assert {"published", "draft", "in_review", "trashed"} <= statuses
        assert session.exec(select(func.count()).select_from(ArticleTag)).one() > 0
        assert session.exec(select(User).where(User.username == "admin")).one().role == "admin"
        titles = session.exec(select(Article.title)).all()
        assert all(title == nfc(title) for title in titles)
        # Every seeded article has its first revision; published ones have a live version.
        revised = session.exec(select(func.count()).select_from(ArticleRevision)).one()
        assert revised == count
        published = session.exec(
            select(func.count()).select_from(Article).where(Article.status == "published")
        ).one()
        live = session.exec(select(func.count()).select_from(ArticleLive)).one()
        assert published <= live < count

    # A second `make run` finds content and loads nothing more.
    seed(generated=0, if_empty=True, echo=said.append, engine=empty_engine, login_file=login_file)
    with open_session(engine=empty_engine) as session:
        assert session.exec(select(func.count()).select_from(Article)).one() == count


def test_demo_content_is_publicly_browsable(client: TestClient, db, tmp_path: Path) -> None:
    seed(
        generated=0,
        if_empty=False,
        echo=lambda _: None,
        engine=db.get_bind(),
        login_file=tmp_path / "admin.txt",
    )
    items = client.get("/v1/articles", params={"limit": 100}).json()["items"]
    live_demo = [a for a in DEMO_ARTICLES if a.status == "published" and a.days_ago > 0]
    assert len(items) == len(live_demo)
    assert any("Đảng" in item["title"] for item in items)


def test_worker_processes_generate_the_batches_generated_in_process() -> None:
    plan = _Plan(start_id=41, now=datetime(2026, 5, 1, 8, 30, tzinfo=UTC),
                 category_ids={c.key: n for n, c in enumerate(DEMO_CATEGORIES, 1)},
                 author_ids=[2, 3])  # fmt: skip
    here = list(_generated_batches(plan, 25, workers=0, batch_size=4))
    assert [len(b.rows) for b in here] == [4, 4, 4, 4, 4, 4, 1]
    assert [r["id"] for b in here for r in b.rows] == list(range(41, 66))
    # More batches than the workers keep in flight: order and contents survive the window.
    assert list(_generated_batches(plan, 25, workers=2, batch_size=4)) == here


def test_seed_demo_writes_the_admin_login_where_it_is_told(
    empty_engine: Engine, tmp_path: Path
) -> None:
    # A benchmark's scratch database must not replace the login `make run` showed the developer.
    login_file = tmp_path / "bench" / "admin.txt"
    before = ADMIN_LOGIN_FILE.read_bytes() if ADMIN_LOGIN_FILE.exists() else None
    env = {
        **os.environ,
        "DATABASE_URL": empty_engine.url.render_as_string(hide_password=False),
        "NEWSDESK_RUN_JOBS": "false",
    }
    command = [sys.executable, "-m", "app.cli", "seed-demo", "--admin-login-file", str(login_file)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert login_file.read_text().startswith("admin / ")
    assert str(login_file) in done.stdout
    assert (ADMIN_LOGIN_FILE.read_bytes() if ADMIN_LOGIN_FILE.exists() else None) == before
