"""The schema is made only by migrations: models and migrations agree, and they run both ways."""

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from app.articles.models import TITLE_TRIGRAM_INDEX
from app.core.db import make_engine
from app.core.migrations import compared_by_autogenerate, downgrade, upgrade
from app.models import metadata
from tests.conftest import scratch_database_url


@pytest.fixture
def scratch_url() -> Iterator[str]:
    yield from scratch_database_url("migrations")


def _diff(engine: Engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "include_name": compared_by_autogenerate,
            },
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
        indexes = {i["name"] for i in inspect(scratch).get_indexes("article")}
        # The staff title search's trigram index exists on PostgreSQL only (hand-made there).
        expected = scratch.dialect.name == "postgresql"
        assert (TITLE_TRIGRAM_INDEX in indexes) == expected

        downgrade("base", database_url=scratch_url)
        scratch.dispose()
        assert set(inspect(scratch).get_table_names()) <= {"alembic_version"}

        upgrade("head", database_url=scratch_url)
        scratch.dispose()
        assert _diff(scratch) == []
    finally:
        scratch.dispose()


def test_upgrade_gives_already_published_articles_a_live_version(scratch_url: str) -> None:
    """Data written before live versions existed stays public after the upgrade."""
    upgrade("92f549aaf0be", database_url=scratch_url)  # accounts, before the workflow
    scratch = make_engine(scratch_url)
    stamp = "2026-01-01 00:00:00+00"
    try:
        with scratch.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO category (name, slug, description, position, created_at,"
                    " updated_at, lock_version) VALUES ('Thời sự', 'thoi-su', '', 0, :t, :t, 1)"
                ),
                {"t": stamp},
            )
            for slug, status in (("da-dang", "published"), ("ban-nhap", "draft")):
                conn.execute(
                    text(
                        "INSERT INTO article (title, title_folded, slug, summary, content_html,"
                        " image_caption, publish_at, featured, byline, article_type, category_id,"
                        " page_count, photo_count, photo_count_manual, royalty_amount, status,"
                        " version_major, version_minor, view_count, created_at, updated_at,"
                        " lock_version) VALUES (:slug, :slug, :slug, '', '', '', :t, false,"
                        " 'Trung  Hiếu', 'news', 1, 0, 0, false, 0, :status, 1, 0, 0, :t, :t, 1)"
                    ),
                    {"slug": slug, "status": status, "t": stamp},
                )
            conn.execute(
                text(
                    "INSERT INTO tag (name, key, slug, created_at)"
                    " VALUES ('Đà Nẵng', 'đà nẵng', 'da-nang', :t)"
                ),
                {"t": stamp},
            )
        upgrade("head", database_url=scratch_url)
        with scratch.connect() as conn:
            rows = conn.execute(
                text("SELECT slug, version, announced, byline_folded FROM article_live")
            ).all()
            tags = conn.execute(text("SELECT folded FROM tag")).all()
        # Folded names (tag search, the author filter) are backfilled.
        assert [tuple(r) for r in rows] == [("da-dang", "1.0", "live", "trung hieu")]
        assert [tuple(r) for r in tags] == [("da nang",)]
    finally:
        scratch.dispose()
