"""Two editors saving the same version at the same moment: one wins, the other gets 412.

Runs on committed data in a scratch database, with real separate connections, because the
guard is the database's own locking, which a single shared test transaction would hide.
"""

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from app.accounts.models import Role, User
from app.accounts.permissions import load_principal
from app.articles import service
from app.articles.schemas import ArticleUpdate
from app.core.db import make_engine, open_session
from app.core.errors import PreconditionFailed
from app.core.migrations import upgrade
from app.revisions import service as revisions
from tests.conftest import scratch_database_url
from tests.factories import Factory


@pytest.fixture
def scratch_engine() -> Iterator[Engine]:
    for url in scratch_database_url("concurrency"):
        upgrade("head", database_url=url)
        engine = make_engine(url)
        yield engine
        engine.dispose()


def test_simultaneous_saves_of_one_version_let_exactly_one_win(scratch_engine: Engine) -> None:
    with open_session(write=True, engine=scratch_engine) as session:
        factory = Factory(session)
        editors = [factory.user(Role.editor) for _ in range(2)]
        article = factory.article(title="Bản gốc")
        session.commit()
        article_id, version = article.id, article.lock_version
        editor_ids = [e.id for e in editors]

    start = threading.Barrier(len(editor_ids))
    outcomes: dict[int, str] = {}

    def save(editor_id: int, title: str) -> None:
        start.wait()
        with open_session(write=True, engine=scratch_engine) as session:
            try:
                article = service.get_article(session, article_id)
                editor = load_principal(session, session.get(User, editor_id))
                service.update_article(
                    session,
                    article=article,
                    data=ArticleUpdate(title=title),
                    actor=editor,
                    expected_lock_version=version,
                )
                session.commit()
                outcomes[editor_id] = "saved"
            except PreconditionFailed:
                session.rollback()
                outcomes[editor_id] = "412"

    threads = [threading.Thread(target=save, args=(eid, f"Sửa bởi {eid}")) for eid in editor_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes.values()) == ["412", "saved"]
    winner = next(eid for eid, outcome in outcomes.items() if outcome == "saved")
    with open_session(engine=scratch_engine) as session:
        stored = service.get_article(session, article_id)
        assert stored.title == f"Sửa bởi {winner}"
        assert stored.lock_version == version + 1
        assert stored.version == "0.2"
        # Every saved version is a revision; the refused save left none behind.
        saved = revisions.list_revisions(session, article_id)
        assert [(r.number, r.version, r.action) for r in saved] == [
            (1, "0.1", "create"),
            (2, "0.2", "update"),
        ]
        assert f"Sửa bởi {winner}" in saved[1].snapshot
