"""author profiles: the people behind the bylines, with their public pages

Revision ID: ebbb4bf210c8
Revises: 6f0906f9d8d2
Create Date: 2026-12-08 00:50:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.core.db

revision: str = "ebbb4bf210c8"
down_revision: str | None = "6f0906f9d8d2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "author",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("name_folded", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("bio", sa.Text(), nullable=False),
        sa.Column("photo_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["photo_id"], ["media.id"], name=op.f("fk_author_photo_id_media")),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_author_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_author")),
        sa.UniqueConstraint("name_folded", name=op.f("uq_author_name_folded")),
        sa.UniqueConstraint("slug", name=op.f("uq_author_slug")),
        sa.UniqueConstraint("user_id", name=op.f("uq_author_user_id")),
    )
    with op.batch_alter_table("author", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_author_photo_id"), ["photo_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("author", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_author_photo_id"))
    op.drop_table("author")
