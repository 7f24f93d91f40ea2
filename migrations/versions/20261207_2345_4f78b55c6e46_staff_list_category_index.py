"""staff list indexes: the desk's list filtered by category, and its title search on PostgreSQL

The title search is a substring match (`title_folded LIKE '%…%'`). On PostgreSQL a trigram
index (pg_trgm, a trusted extension shipped with PostgreSQL) answers it for rare words too; on
SQLite the search scans the narrow (title_folded, id) index instead (app/articles/service.py).

Revision ID: 4f78b55c6e46
Revises: 887a0a517ebb
Create Date: 2026-12-07 23:45:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

# The name app/articles/models.TITLE_TRIGRAM_INDEX (a migration does not import the models).
TITLE_TRIGRAM_INDEX = "ix_article_title_folded_trgm"

revision: str = "4f78b55c6e46"
down_revision: str | None = "887a0a517ebb"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(
            "ix_article_category_id_status_id", ["category_id", "status", "id"], unique=False
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            f"CREATE INDEX {TITLE_TRIGRAM_INDEX} ON article USING gin (title_folded gin_trgm_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # The extension stays: other objects of the database may use it.
        op.execute(f"DROP INDEX {TITLE_TRIGRAM_INDEX}")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index("ix_article_category_id_status_id")
