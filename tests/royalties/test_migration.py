"""The royalties migration dates the first publication of articles that existed before it."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.core.db import UTCDateTime, make_engine
from app.core.migrations import upgrade
from tests.conftest import scratch_database_url

LIVE_AT = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
UNPUBLISHED_AT = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)
TRASHED_AT = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
HISTORY_AT = datetime(2026, 5, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def scratch_url() -> Iterator[str]:
    yield from scratch_database_url("royalty-migration")


def test_first_published_at_is_backfilled_from_the_best_evidence(scratch_url: str) -> None:
    upgrade("92f549aaf0be", database_url=scratch_url)  # before live versions existed
    engine = make_engine(scratch_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO category (name, slug, description, position, created_at,"
                    " updated_at, lock_version) VALUES ('Thời sự', 'thoi-su', '', 0, :t, :t, 1)"
                ),
                {"t": LIVE_AT},
            )
            for slug, status, publish_at in (
                ("dang-song", "published", LIVE_AT),
                ("da-go", "unpublished", UNPUBLISHED_AT),
                ("thung-rac", "trashed", TRASHED_AT),
                ("nhap", "draft", LIVE_AT),
            ):
                conn.execute(
                    sa.text(
                        "INSERT INTO article (title, title_folded, slug, summary, content_html,"
                        " image_caption, publish_at, featured, byline, article_type, category_id,"
                        " page_count, photo_count, photo_count_manual, royalty_amount, status,"
                        " version_major, version_minor, view_count, created_at, updated_at,"
                        " lock_version) VALUES (:slug, :slug, :slug, '', '', '', :p, false, '',"
                        " 'news', 1, 0, 0, false, 0, :status, 1, 0, 0, :p, :p, 1)"
                    ),
                    {"slug": slug, "status": status, "p": publish_at},
                )
            # The trashed one was published once: its history says when.
            conn.execute(
                sa.text(
                    "INSERT INTO article_history (article_id, action, from_status, to_status,"
                    " version, at, comment, changed_fields) SELECT id, 'publish', 'draft',"
                    " 'published', '1.0', :at, '', '' FROM article WHERE slug = 'thung-rac'"
                ),
                {"at": HISTORY_AT},
            )
        upgrade("head", database_url=scratch_url)
        query = sa.select(
            sa.column("slug"), sa.column("first_published_at", UTCDateTime())
        ).select_from(sa.table("article"))
        with engine.connect() as conn:
            found = dict(conn.execute(query).all())
        assert found == {
            "dang-song": LIVE_AT,  # its live version's publish_at
            "da-go": UNPUBLISHED_AT,  # has been public: its own publish_at
            "thung-rac": HISTORY_AT,  # only the history knows
            "nhap": None,  # never published
        }
    finally:
        engine.dispose()
