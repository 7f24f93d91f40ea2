"""notifications: the desk's bell and the e-mails it sends

Revision ID: 071c530a4781
Revises: dc4ed7df7af9
Create Date: 2026-12-07 18:30:47.807221+00:00

One row per person told (app/notifications): read in the desk, and its e-mail sent by the
jobs when SMTP is set up (email_state pending → sent, or failed after the last attempt).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.core.db

revision: str = "071c530a4781"
down_revision: str | None = "dc4ed7df7af9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("email_state", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("email_attempts", sa.Integer(), nullable=False),
        sa.Column("email_error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("dedupe_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_notification_article_id_article"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_notification_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
        sa.UniqueConstraint(
            "user_id", "dedupe_key", name=op.f("uq_notification_user_id_dedupe_key")
        ),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notification_email_state"), ["email_state"], unique=False
        )
        batch_op.create_index("ix_notification_user_unread", ["user_id", "read_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_user_unread")
        batch_op.drop_index(batch_op.f("ix_notification_email_state"))
        batch_op.drop_index(batch_op.f("ix_notification_article_id"))

    op.drop_table("notification")
