"""seo and share cards: meta title and description, share image, canonical URL, noindex

On the working copy (article) and the live version (article_live). Existing rows get the
defaults through temporary server defaults, dropped afterwards so the models (which set them
in Python) and the schema agree.

Revision ID: 6f0906f9d8d2
Revises: 4f78b55c6e46
Create Date: 2026-12-08 00:40:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "6f0906f9d8d2"
down_revision: str | None = "4f78b55c6e46"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("article", "article_live")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "meta_title",
                    sqlmodel.sql.sqltypes.AutoString(length=200),
                    nullable=False,
                    server_default="",
                )
            )
            batch_op.add_column(
                sa.Column(
                    "meta_description",
                    sqlmodel.sql.sqltypes.AutoString(length=500),
                    nullable=False,
                    server_default="",
                )
            )
            batch_op.add_column(sa.Column("og_image_id", sa.Integer(), nullable=True))
            batch_op.add_column(
                sa.Column(
                    "canonical_url", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True
                )
            )
            batch_op.add_column(
                sa.Column("noindex", sa.Boolean(), nullable=False, server_default=sa.false())
            )
            batch_op.create_index(
                batch_op.f(f"ix_{table}_og_image_id"), ["og_image_id"], unique=False
            )
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_og_image_id_media"), "media", ["og_image_id"], ["id"]
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in ("meta_title", "meta_description", "noindex"):
                batch_op.alter_column(column, server_default=None)


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_og_image_id_media"), type_="foreignkey"
            )
            batch_op.drop_index(batch_op.f(f"ix_{table}_og_image_id"))
            batch_op.drop_column("noindex")
            batch_op.drop_column("canonical_url")
            batch_op.drop_column("og_image_id")
            batch_op.drop_column("meta_description")
            batch_op.drop_column("meta_title")
