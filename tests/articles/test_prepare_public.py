"""`newsdesk prepare-public`: fills the prepared JSON that is missing, and with `--all`
re-renders every live version (after an upgrade that changes the public shape), recording
each in the sync change log so mirrors get the new shape too."""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, update
from sqlmodel import col, select

from app.articles.models import ArticleLive
from app.core.db import make_engine, open_session
from app.core.migrations import upgrade
from app.sync.models import SyncChange
from tests.conftest import scratch_database_url
from tests.factories import Factory

NEWSDESK = Path(sys.executable).parent / "newsdesk"


@pytest.fixture
def scratch_url() -> Iterator[str]:
    for url in scratch_database_url("prepare"):
        upgrade("head", database_url=url)
        yield url


def _run(url: str, *arguments: str) -> str:
    done = subprocess.run([NEWSDESK, "prepare-public", *arguments], capture_output=True,
                          text=True, env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
                          check=True)  # fmt: skip
    return done.stdout.strip()


def test_missing_ones_then_all_of_them(scratch_url: str) -> None:
    engine = make_engine(scratch_url)
    try:
        with open_session(write=True, engine=engine) as session:
            factory = Factory(session)
            old, missing = (factory.article(status="published") for _ in range(2))
            session.execute(update(ArticleLive).where(col(ArticleLive.article_id) == old.id)
                            .values(public_json='{"id":1,"title":"cũ"}'))  # fmt: skip
            session.execute(update(ArticleLive).where(col(ArticleLive.article_id) == missing.id)
                            .values(public_json=None))  # fmt: skip
            session.commit()
            old_id, missing_id = old.id, missing.id

        def shapes() -> dict[int, dict[str, object]]:
            with open_session(engine=engine) as session:
                rows = session.exec(select(ArticleLive.article_id, ArticleLive.public_json))
                return {i: orjson.loads(j) for i, j in rows.all() if j is not None}

        def changes() -> int:
            with open_session(engine=engine) as session:
                return session.exec(select(func.count()).select_from(SyncChange)).one()

        assert _run(scratch_url) == "prepared 1 live versions"
        assert "seo" in shapes()[missing_id]
        assert shapes()[old_id] == {"id": 1, "title": "cũ"}  # not missing: left alone
        before = changes()
        assert _run(scratch_url, "--all") == "prepared 2 live versions"
        assert "seo" in shapes()[old_id]
        assert "content_blocks" in shapes()[old_id]
        assert changes() >= before + 2
    finally:
        engine.dispose()
