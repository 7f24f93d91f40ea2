"""webhook deliveries: index on created_at (pruning the log by age)

Revision ID: 3c9e1f7a2b64
Revises: 7b2474822fb7
Create Date: 2026-11-27 14:50:00.000000+00:00

Finished deliveries older than NEWSDESK_WEBHOOK_DELIVERY_RETENTION_DAYS are deleted by a
periodic job (app.webhooks.jobs); the index keeps that delete from reading the whole log.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3c9e1f7a2b64"
down_revision: str | None = "7b2474822fb7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_webhook_delivery_created_at"), ["created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_delivery_created_at"))
