"""sharepoint import: which list item became which article, which file which media item

Revision ID: 48c7f83192a6
Revises: 5f1d6c0a9e27
Create Date: 2026-12-07 07:00:00.000000+00:00

`newsdesk import-sharepoint` is idempotent and resumable through these two maps: an item
already imported with the same `Modified` is skipped, a file already downloaded is reused.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.core.db

revision: str = "48c7f83192a6"
down_revision: str | None = "5f1d6c0a9e27"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sharepoint_file",
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_sharepoint_file_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("path", name=op.f("pk_sharepoint_file")),
    )
    with op.batch_alter_table("sharepoint_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sharepoint_file_media_id"), ["media_id"], unique=False)

    op.create_table(
        "sharepoint_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_key", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("modified", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("related_item_ids", sa.Text(), nullable=False),
        sa.Column("imported_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_sharepoint_item_article_id_article"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharepoint_item")),
        sa.UniqueConstraint("article_id", name=op.f("uq_sharepoint_item_article_id")),
        sa.UniqueConstraint(
            "list_key", "item_id", name=op.f("uq_sharepoint_item_list_key_item_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("sharepoint_item")
    with op.batch_alter_table("sharepoint_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharepoint_file_media_id"))

    op.drop_table("sharepoint_file")
