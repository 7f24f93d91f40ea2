"""Two editors saving the same royalty version at the same moment: one wins, the other gets
412, on real separate connections (the guard is the article row lock)."""

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from app.accounts.models import Role, User
from app.accounts.permissions import load_principal
from app.articles import service as articles
from app.articles.models import ArticleStatus
from app.core.db import make_engine, open_session
from app.core.errors import PreconditionFailed
from app.core.migrations import upgrade
from app.royalties import hooks, service
from app.royalties.schemas import RateTableIn, RoyaltyPut
from tests.conftest import scratch_database_url
from tests.factories import Factory
from tests.royalties.conftest import BEFORE_CHANGE, rate_table_body, writer


@pytest.fixture
def scratch_engine() -> Iterator[Engine]:
    for url in scratch_database_url("royalty-concurrency"):
        upgrade("head", database_url=url)
        engine = make_engine(url)
        yield engine
        engine.dispose()


@pytest.mark.parametrize("expected_version", [0, 1])
def test_simultaneous_saves_let_exactly_one_win(
    scratch_engine: Engine, expected_version: int
) -> None:
    with open_session(write=True, engine=scratch_engine) as session:
        factory = Factory(session)
        editors = [factory.user(Role.editor) for _ in range(2)]
        hooks.create_rate_table(
            session,
            data=RateTableIn.model_validate(rate_table_body("Bảng", "2026-01-01", 180_000)),
            actor=factory.admin_principal(),
        )
        article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
        if expected_version:  # the race is on an existing royalty, not the first save
            service.replace_lines(
                session, article=article, data=RoyaltyPut(lines=[writer("Ban đầu")]),
                actor=factory.admin_principal(), expected_lock_version=0,
            )  # fmt: skip
        session.commit()
        article_id = article.id
        editor_ids = [e.id for e in editors]

    start = threading.Barrier(len(editor_ids))
    outcomes: dict[int, str] = {}

    def save(editor_id: int) -> None:
        start.wait()
        with open_session(write=True, engine=scratch_engine) as session:
            try:
                service.replace_lines(
                    session,
                    article=articles.get_article(session, article_id),
                    data=RoyaltyPut(lines=[writer(f"Người lưu {editor_id}")]),
                    actor=load_principal(session, session.get(User, editor_id)),
                    expected_lock_version=expected_version,
                )
                session.commit()
                outcomes[editor_id] = "saved"
            except PreconditionFailed:
                session.rollback()
                outcomes[editor_id] = "412"

    threads = [threading.Thread(target=save, args=(eid,)) for eid in editor_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes.values()) == ["412", "saved"]
    winner = next(eid for eid, outcome in outcomes.items() if outcome == "saved")
    with open_session(engine=scratch_engine) as session:
        royalty = service.get_royalty(session, article_id)
        assert royalty is not None
        assert royalty.lock_version == expected_version + 1
        lines = service.lines_of(session, [article_id])[article_id]
        assert [line.payee_name for line in lines] == [f"Người lưu {winner}"]
