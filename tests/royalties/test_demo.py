"""`seed-demo` loads the example rate tables and a few royalties, once."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import select

from app.articles.models import Article
from app.core.db import make_engine, open_session
from app.core.migrations import upgrade
from app.demo.seed import seed
from app.royalties.models import ArticleRoyalty, RoyaltyLine, RoyaltyRateTable
from tests.conftest import scratch_database_url


@pytest.fixture
def empty_engine() -> Iterator[Engine]:
    for url in scratch_database_url("royalty-demo"):
        upgrade("head", database_url=url)
        engine = make_engine(url)
        yield engine
        engine.dispose()


def test_demo_has_example_rates_and_royalties(empty_engine: Engine, tmp_path: Path) -> None:
    said: list[str] = []
    login = tmp_path / "admin.txt"
    seed(generated=0, if_empty=False, echo=said.append, engine=empty_engine, login_file=login)
    assert any("not the regulation" in line for line in said)
    with open_session(engine=empty_engine) as session:
        tables = session.exec(select(RoyaltyRateTable)).all()
        assert sorted(t.unit_value for t in tables) == [180_000, 234_000]
        assert all("không phải quy định" in t.note for t in tables)
        royalties = session.exec(select(ArticleRoyalty)).all()
        assert royalties
        for royalty in royalties:
            article = session.get(Article, royalty.article_id)
            assert article is not None
            assert article.first_published_at is not None
            lines = session.exec(
                select(RoyaltyLine).where(RoyaltyLine.article_id == royalty.article_id)
            ).all()
            assert article.royalty_amount == sum(line.amount for line in lines) > 0
            assert royalty.unit_value == 234_000  # demo items are recent

    seed(generated=0, if_empty=False, echo=said.append, engine=empty_engine, login_file=login)
    with open_session(engine=empty_engine) as session:
        assert session.exec(select(func.count()).select_from(RoyaltyRateTable)).one() == 2
        assert session.exec(select(func.count()).select_from(ArticleRoyalty)).one() == len(
            royalties
        )
