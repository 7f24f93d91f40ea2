"""sync: change log and its clock

Revision ID: 5c7e2b9d41a3
Revises: c1c98403f511
Create Date: 2026-11-27 04:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db

revision: str = "5c7e2b9d41a3"
down_revision: str | None = "c1c98403f511"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_change",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_change")),
    )
    op.create_index(op.f("ix_sync_change_article_id"), "sync_change", ["article_id"])
    op.create_index(op.f("ix_sync_change_changed_at"), "sync_change", ["changed_at"])
    op.create_table(
        "sync_clock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("pruned_through", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_sync_clock_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_clock")),
    )
    # The log starts empty: articles already live reach integrators by the initial listing.
    op.execute("INSERT INTO sync_clock (id, value, pruned_through) VALUES (1, 0, 0)")


def downgrade() -> None:
    op.drop_table("sync_clock")
    op.drop_index(op.f("ix_sync_change_changed_at"), table_name="sync_change")
    op.drop_index(op.f("ix_sync_change_article_id"), table_name="sync_change")
    op.drop_table("sync_change")
