"""search: a title-only vector on PostgreSQL

Revision ID: 7b2474822fb7
Revises: 808a72b437b7
Create Date: 2026-11-27 13:00:00.000000+00:00

The first rank tier of a search ("every word in the title") walks the index newest first and
tests each row. Tested against the whole document, every row's vector is fetched from TOAST and
decompressed, though only its title lexemes (weight A) can match; a page of a common query
tested a few hundred of them (docs/performance.md, session 5). The title's lexemes, positions
kept, as a column of their own are small enough to stay in the row. It is generated from the
document, so the write path is unchanged and the two can never disagree. SQLite's FTS5 table
already has a title column.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7b2474822fb7"
down_revision: str | None = "808a72b437b7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE article_search ADD COLUMN title_document tsvector"
            " GENERATED ALWAYS AS (ts_filter(document, '{a}')) STORED"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE article_search DROP COLUMN title_document")
