"""search index

Revision ID: cf11b2b65b3d
Revises: 0f00f9fc613b
Create Date: 2026-11-27 01:00:35.846582+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "cf11b2b65b3d"
down_revision: str | None = "0f00f9fc613b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE article_search ("
            " article_id INTEGER PRIMARY KEY REFERENCES article_live (article_id),"
            " document tsvector NOT NULL,"
            " exact_document tsvector NOT NULL)"
        )
        op.execute("CREATE INDEX ix_article_search_document ON article_search USING gin (document)")
        op.execute(
            "CREATE INDEX ix_article_search_exact_document ON article_search"
            " USING gin (exact_document)"
        )
    else:
        # Columns hold text folded in Python (đ → d); the tokenizer must not fold it again.
        op.execute(
            "CREATE VIRTUAL TABLE article_search USING fts5("
            "title, body, title_exact, body_exact, tokenize = 'unicode61 remove_diacritics 0')"
        )
    _index_existing_live_versions(bind)


def _index_existing_live_versions(bind: sa.engine.Connection) -> None:
    # The index as this revision defined it (rowid / article_id = article id), written here
    # rather than through app.search, which has moved on since.
    import nh3

    from app.core.text import fold, nfc

    rows = bind.execute(
        sa.text("SELECT article_id, title, summary, content_html FROM article_live")
    ).all()
    values = []
    for article_id, title, summary, content_html in rows:
        body = f"{summary}\n{nh3.clean(content_html.replace('<', ' <'), tags=set())}"
        values.append(
            {
                "id": article_id,
                "title": fold(title),
                "body": fold(body),
                "title_exact": nfc(title).casefold(),
                "body_exact": nfc(body).casefold(),
            }
        )
    if not values:
        return
    if bind.dialect.name == "postgresql":
        bind.execute(
            sa.text(
                "INSERT INTO article_search (article_id, document, exact_document) VALUES (:id,"
                " setweight(to_tsvector('simple', :title), 'A')"
                " || setweight(to_tsvector('simple', :body), 'B'),"
                " setweight(to_tsvector('simple', :title_exact), 'A')"
                " || setweight(to_tsvector('simple', :body_exact), 'B'))"
            ),
            values,
        )
    else:
        bind.execute(
            sa.text(
                "INSERT INTO article_search (rowid, title, body, title_exact, body_exact)"
                " VALUES (:id, :title, :body, :title_exact, :body_exact)"
            ),
            values,
        )


def downgrade() -> None:
    op.execute("DROP TABLE article_search")
