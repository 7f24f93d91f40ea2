"""search recency keys and prepared list items

Revision ID: 04db07430648
Revises: 0acaae60a159
Create Date: 2026-11-27 03:06:14.273910+00:00

Search results are ranked in tiers and, within a tier, newest first; so that the index itself
can hand out matches newest first (and stop after a page), each live version gets a search key
ordered like publish_at: floor(epoch seconds) * 2^31 + article id. On SQLite it becomes the
FTS5 rowid; on PostgreSQL a b-tree indexed column of the search table. `list_json` (the prepared
list item) is filled by `newsdesk prepare-public` or the next publish; until then lists render
on the fly.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "04db07430648"
down_revision: str | None = "0acaae60a159"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Same formula as app.search.service.search_key (kept literal: migrations must not change when
# the app does).
_KEY_SQLITE = "CAST(strftime('%s', publish_at) AS INTEGER) * 2147483648 + article_id"
_KEY_POSTGRES = "floor(extract(epoch FROM publish_at))::bigint * 2147483648 + article_id"


def upgrade() -> None:
    with op.batch_alter_table("article_live", schema=None) as batch_op:
        batch_op.add_column(sa.Column("list_json", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("search_key", sa.BigInteger(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_article_live_search_key"), ["search_key"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"UPDATE article_live SET search_key = {_KEY_POSTGRES}")
        op.execute("ALTER TABLE article_search ADD COLUMN search_key bigint")
        op.execute(
            "UPDATE article_search s SET search_key = l.search_key"
            " FROM article_live l WHERE l.article_id = s.article_id"
        )
        op.execute("ALTER TABLE article_search ALTER COLUMN search_key SET NOT NULL")
        op.execute(
            "CREATE UNIQUE INDEX ix_article_search_search_key ON article_search (search_key)"
        )
    else:
        op.execute(f"UPDATE article_live SET search_key = {_KEY_SQLITE}")
        # Index rows were keyed by article id until now.
        op.execute(
            "UPDATE article_search SET rowid = (SELECT search_key FROM article_live"
            " WHERE article_live.article_id = article_search.rowid)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_article_search_search_key")
        op.execute("ALTER TABLE article_search DROP COLUMN search_key")
    else:
        op.execute(
            "UPDATE article_search SET rowid = (SELECT article_id FROM article_live"
            " WHERE article_live.search_key = article_search.rowid)"
        )
    with op.batch_alter_table("article_live", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_article_live_search_key"), type_="unique")
        batch_op.drop_column("search_key")
        batch_op.drop_column("list_json")
