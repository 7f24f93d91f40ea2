"""No change is skipped while writers commit concurrently: writer threads (own sessions,
committed data, a scratch database) publish, edit, unpublish, trash and purge while a reader
syncs from scratch; after the writers stop the reader catches up from its cursor alone, and
its mirror must equal the live set.

Each writer sleeps a little between making its change and committing, which is exactly the
window in which an insert-ordered cursor skips: another writer's later number commits first
and the reader moves past the earlier one before it becomes visible.
"""

import random
import threading
import time
import traceback
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.accounts.models import Role, User
from app.accounts.permissions import load_principal
from app.articles import service
from app.articles.models import ArticleStatus, Category
from app.articles.schemas import ArticleUpdate
from app.core.db import make_engine, open_session
from app.core.migrations import upgrade
from app.sync import service as sync_service
from app.workflow import service as workflow
from tests.conftest import scratch_database_url
from tests.factories import Factory
from tests.sync.mirror import Mirror, live_set

WRITERS = 4
OPS_PER_WRITER = 30
ARTICLES_PER_WRITER = 6


@pytest.fixture
def scratch_engine() -> Iterator[Engine]:
    for url in scratch_database_url("sync"):
        upgrade("head", database_url=url)
        engine = make_engine(url)
        yield engine
        engine.dispose()


def _read(engine: Engine, cursor: str | None) -> dict[str, Any]:
    with open_session(engine=engine) as session:
        page = sync_service.read_page(session, cursor=cursor, limit=7)
        body: dict[str, Any] = orjson.loads(sync_service.page_json(page))
        session.rollback()
        return body


def _write(
    engine: Engine, ids: tuple[int, int, int], owned: list[int], seed: int, errors: list[str]
) -> None:
    admin_id, author_id, category_id = ids
    rng = random.Random(seed)
    for _ in range(OPS_PER_WRITER):
        # Idle moments between transactions, as real editors have: SQLite's busy wait is not
        # fair, and writers that never let go could starve one past its timeout.
        time.sleep(rng.uniform(0, 0.02))
        with open_session(write=True, engine=engine) as session:
            try:
                admin = load_principal(session, session.get(User, admin_id))
                factory = Factory(session)
                factory._admin = admin
                article_id = rng.choice(owned)
                article = service.get_article(session, article_id)
                match ArticleStatus(article.status):
                    case ArticleStatus.published if rng.random() < 0.5:
                        service.update_article(
                            session, article=article, actor=admin,
                            data=ArticleUpdate(title=f"Sửa {rng.random()}"),
                            expected_lock_version=article.lock_version,
                        )  # fmt: skip
                        factory.transition(article, "publish")
                    case ArticleStatus.published:
                        factory.transition(article, rng.choice(["unpublish", "trash"]))
                    case ArticleStatus.unpublished:
                        factory.transition(article, "publish")
                    case ArticleStatus.trashed:
                        workflow.purge_article(
                            session, article=article, actor=admin,
                            expected_lock_version=article.lock_version,
                        )  # fmt: skip
                        owned.remove(article_id)
                        factory._default_category = session.get(Category, category_id)
                        fresh = factory.article(
                            status=ArticleStatus.published, author=session.get(User, author_id)
                        )
                        assert fresh.id is not None
                        owned.append(fresh.id)
                time.sleep(rng.uniform(0, 0.02))  # the window between change and commit
                session.commit()
            except Exception as exc:  # report in the main thread, do not hang the test
                session.rollback()
                errors.append(traceback.format_exc())
                del exc
                return


def test_a_reader_syncing_during_concurrent_writes_misses_nothing(
    scratch_engine: Engine,
) -> None:
    with open_session(write=True, engine=scratch_engine) as session:
        factory = Factory(session)
        admin = factory.user(Role.admin)
        author = factory.user()
        owned = [
            [
                factory.article(status="published", author=author).id
                for _ in range(ARTICLES_PER_WRITER)
            ]
            for _ in range(WRITERS)
        ]
        session.commit()
        assert admin.id is not None
        assert author.id is not None
        ids = (admin.id, author.id, factory.default_category().id)

    errors: list[str] = []
    writers = [
        threading.Thread(target=_write, args=(scratch_engine, ids, mine, n, errors))
        for n, mine in enumerate(owned)  # type: ignore[arg-type]
    ]
    mirror = Mirror()
    for thread in writers:
        thread.start()
    reads_during_writes = 0
    while any(thread.is_alive() for thread in writers):
        mirror.apply(_read(scratch_engine, mirror.cursor))
        reads_during_writes += 1
        time.sleep(0.002)
    for thread in writers:
        thread.join(timeout=60)
    assert errors == [], "\n".join(errors)
    assert reads_during_writes > 10

    mirror.catch_up(lambda cursor: _read(scratch_engine, cursor))
    with Session(scratch_engine) as session:
        source = live_set(session)
    assert len(source) >= WRITERS
    assert set(mirror.articles) == set(source)
    assert mirror.articles == source
