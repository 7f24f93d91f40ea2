"""folded tag names and live bylines (tag search and the author filter fold like search)

Revision ID: 5f1d6c0a9e27
Revises: 3c9e1f7a2b64
Create Date: 2026-12-07 02:00:00.000000+00:00

`tags?q=dan` finds "dân" and `author=trung hieu` finds "Trung Hiếu": both compare the folded
form (app.core.text.fold_name), which SQL cannot compute (đ → d, marks dropped), so it is
stored next to the name and written with it. Existing rows are backfilled here.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "5f1d6c0a9e27"
down_revision: str | None = "3c9e1f7a2b64"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _add_text_column("tag", "folded", 100)
    _add_text_column("article_live", "byline_folded", 300)
    with op.batch_alter_table("article_live", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_live_byline_folded"), ["byline_folded"], unique=False
        )
    _backfill()
    # The default only filled the existing rows; the application writes the value.
    with op.batch_alter_table("tag", schema=None) as batch_op:
        batch_op.alter_column("folded", server_default=None)
    with op.batch_alter_table("article_live", schema=None) as batch_op:
        batch_op.alter_column("byline_folded", server_default=None)


def _add_text_column(table: str, name: str, length: int) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        column_type = sqlmodel.sql.sqltypes.AutoString(length=length)
        batch_op.add_column(sa.Column(name, column_type, nullable=False, server_default=""))


def _backfill() -> None:
    from app.core.text import fold_name

    bind = op.get_bind()
    tags = bind.execute(sa.text("SELECT id, name FROM tag")).all()
    if tags:
        bind.execute(
            sa.text("UPDATE tag SET folded = :folded WHERE id = :id"),
            [{"id": tag_id, "folded": fold_name(name)} for tag_id, name in tags],
        )
    bylines = bind.execute(
        sa.text("SELECT article_id, byline FROM article_live WHERE byline <> ''")
    ).all()
    if bylines:
        bind.execute(
            sa.text("UPDATE article_live SET byline_folded = :folded WHERE article_id = :id"),
            [{"id": article_id, "folded": fold_name(byline)} for article_id, byline in bylines],
        )


def downgrade() -> None:
    with op.batch_alter_table("article_live", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_live_byline_folded"))
        batch_op.drop_column("byline_folded")
    with op.batch_alter_table("tag", schema=None) as batch_op:
        batch_op.drop_column("folded")
