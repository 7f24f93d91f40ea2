"""The media migration keeps data written before it consistent."""

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from app.core.db import make_engine
from app.core.migrations import upgrade
from tests.conftest import scratch_database_url

BEFORE_MEDIA = "950cb52749a7"


@pytest.fixture
def scratch_url() -> Iterator[str]:
    yield from scratch_database_url("media_migration")


def test_upgrade_indexes_existing_media_use(scratch_url: str) -> None:
    upgrade(BEFORE_MEDIA, database_url=scratch_url)
    scratch = make_engine(scratch_url)
    t = "2026-01-01 00:00:00+00"
    content = '<p><img src="/media/a.jpg" data-media-id="1"><img data-media-id="2"></p>'
    statements = [
        "INSERT INTO category (name, slug, description, position, created_at, updated_at,"
        " lock_version) VALUES ('Thời sự', 'thoi-su', '', 0, :t, :t, 1)",
        "INSERT INTO media (kind, filename, content_type, byte_size, sha256, storage_key, alt,"
        " caption, created_at) VALUES ('image', 'Ảnh.jpg', 'image/jpeg', 10, 'x', 'k1', '',"
        " 'Đại hội Đảng', :t)",
        "INSERT INTO media (kind, filename, content_type, byte_size, sha256, storage_key, alt,"
        " caption, created_at) VALUES ('document', 'Kế hoạch.pdf', 'application/pdf', 10, 'y',"
        " 'k2', '', '', :t)",
        "INSERT INTO article (title, title_folded, slug, summary, content_html, image_caption,"
        " publish_at, featured, byline, article_type, category_id, page_count, photo_count,"
        " photo_count_manual, royalty_amount, status, version_major, version_minor, view_count,"
        " has_unpublished_changes, created_at, updated_at, lock_version) VALUES ('Tin', 'tin',"
        " 'tin', '', :content, '', :t, false, '', 'news', 1, 0, 0, false, 0, 'published', 1, 0,"
        " 0, false, :t, :t, 1)",
        "INSERT INTO article_attachment (article_id, media_id, position) VALUES (1, 2, 0)",
        "INSERT INTO article_live (article_id, title, slug, summary, content_html, image_caption,"
        " publish_at, featured, byline, article_type, category_id, version, published_at,"
        " updated_at, public_json, announced) VALUES (1, 'Tin', 'tin', '', :content, '', :t,"
        " false, '', 'news', 1, '1.0', :t, :t, '{}', 'live')",
    ]
    try:
        with scratch.begin() as conn:
            for statement in statements:
                conn.execute(text(statement), {"t": t, "content": content})
        upgrade("head", database_url=scratch_url)
        with scratch.connect() as conn:

            def rows(sql: str) -> list[tuple[object, ...]]:
                return [tuple(r) for r in conn.execute(text(sql)).all()]

            assert rows("SELECT article_id, media_id FROM article_live_attachment") == [(1, 2)]
            # Inline: media 1 is an image; media 2 is a document and is not an inline image.
            assert rows("SELECT article_id, media_id FROM article_inline_image") == [(1, 1)]
            assert rows("SELECT article_id, media_id FROM article_live_inline_image") == [(1, 1)]
            assert rows("SELECT search_text FROM media ORDER BY id") == [
                ("anh.jpg  dai hoi dang",), ("ke hoach.pdf  ",),
            ]  # fmt: skip
            assert rows("SELECT public_json FROM article_live") == [(None,)]
            assert rows("SELECT credit, renditions, lock_version FROM media WHERE id = 1") == [
                ("", "[]", 1)
            ]
    finally:
        scratch.dispose()
