"""Two server processes on one PostgreSQL database, editors publishing, unpublishing and
editing similar articles at once: conflicts are 409/412, never a 500 (issue 16).

The full run (over 500 actions) is bench/workflow_stress.py; this is its short form for CI.
On SQLite writers are serialized by the database, so there is nothing to race.
"""

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.articles.live import PUBLISHING_LOCK
from app.articles.models import Article
from app.articles.models import ArticleStatus as S
from app.core.db import make_engine, open_session, utcnow
from app.core.migrations import upgrade
from app.related.jobs import refresh_stale
from tests.conftest import ENGINE_NAME, scratch_database_url
from tests.factories import Factory
from tests.workflow import stress

pytestmark = pytest.mark.skipif(
    ENGINE_NAME != "postgresql", reason="SQLite serializes writers; nothing races"
)


@pytest.fixture
def scratch() -> Iterator[tuple[str, Engine]]:
    for url in scratch_database_url("stress"):
        upgrade("head", database_url=url)
        engine = make_engine(url)
        yield url, engine
        engine.dispose()


def test_concurrent_publish_unpublish_and_edit_never_answer_5xx(
    scratch: tuple[str, Engine],
) -> None:
    url, engine = scratch
    result = stress.run(url, engine, articles=12, actions=150)

    assert result.actions >= 150
    assert result.server_errors == 0, "\n".join(result.failures[:5])
    assert not result.failures, "\n".join(result.failures[:5])
    assert set(result.statuses) <= {200, 409, 412}, result.statuses


def test_what_changes_live_versions_or_related_lists_takes_the_publishing_lock_first(
    scratch: tuple[str, Engine],
) -> None:
    _, engine = scratch
    with open_session(write=True, engine=engine) as session:
        factory = Factory(session)
        ids = [factory.article(status=status).id for status in (S.draft, S.published)]
        session.commit()

    def act(action: str, article_id: int | None) -> Callable[[Session, Factory], object]:
        return lambda session, factory: factory.transition(session.get(Article, article_id), action)

    jobs = {
        "publish": act("publish", ids[0]),
        "unpublish": act("unpublish", ids[1]),
        "trash": act("trash", ids[1]),
        "related job": lambda session, _: refresh_stale(session, now=utcnow()),
    }
    with engine.connect() as holder, holder.begin():
        holder.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PUBLISHING_LOCK})
        for name, job in jobs.items():
            with open_session(write=True, engine=engine) as session:
                session.execute(text("SET LOCAL lock_timeout = '50ms'"))
                with pytest.raises(OperationalError) as waited:
                    job(session, Factory(session))
                assert getattr(waited.value.orig, "sqlstate", None) == "55P03", name
