"""desk sessions: the editorial desk's signed-in browsers


Revision ID: dc4ed7df7af9
Revises: 48c7f83192a6
Create Date: 2026-12-07 18:04:39.912959+00:00

One row per signed-in browser (app/desk/models.py): the cookie holds a random token, the row
its hash, the user's token_version and the CSRF token; idle rows expire (docs/desk.md).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.core.db

revision: str = "dc4ed7df7af9"
down_revision: str | None = "48c7f83192a6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "desk_session",
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_version", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_desk_session_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_desk_session")),
    )
    with op.batch_alter_table("desk_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_desk_session_last_seen_at"), ["last_seen_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_desk_session_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("desk_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_session_user_id"))
        batch_op.drop_index(batch_op.f("ix_desk_session_last_seen_at"))

    op.drop_table("desk_session")
