"""staff list sort indexes: the desk's list sorted by last change or by title

Revision ID: 887a0a517ebb
Revises: 071c530a4781
Create Date: 2026-12-07 18:38:04.273962+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "887a0a517ebb"
down_revision: str | None = "071c530a4781"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index("ix_article_title_folded_id", ["title_folded", "id"], unique=False)
        batch_op.create_index("ix_article_updated_at_id", ["updated_at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index("ix_article_updated_at_id")
        batch_op.drop_index("ix_article_title_folded_id")
