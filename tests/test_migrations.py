"""The schema is made only by migrations: models and migrations agree, and they run both ways."""

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from app.core.db import make_engine
from app.core.migrations import downgrade, upgrade
from app.models import metadata
from tests.conftest import scratch_database_url


@pytest.fixture
def scratch_url() -> Iterator[str]:
    yield from scratch_database_url("migrations")


def _diff(engine: Engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, metadata)


def test_models_and_migrations_agree(engine: Engine) -> None:
    assert _diff(engine) == []


def test_upgrade_downgrade_upgrade(scratch_url: str) -> None:
    scratch = make_engine(scratch_url)
    try:
        upgrade("head", database_url=scratch_url)
        tables = set(inspect(scratch).get_table_names())
        assert {"article", "category", "tag", "user", "media", "alembic_version"} <= tables

        downgrade("base", database_url=scratch_url)
        scratch.dispose()
        assert set(inspect(scratch).get_table_names()) <= {"alembic_version"}

        upgrade("head", database_url=scratch_url)
        scratch.dispose()
        assert _diff(scratch) == []
    finally:
        scratch.dispose()
