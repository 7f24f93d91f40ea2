"""media uploads, renditions, and where articles use media

Revision ID: 0acaae60a159
Revises: 950cb52749a7
Create Date: 2026-11-27 02:51:11.856589+00:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.core.db

revision: str = "0acaae60a159"
down_revision: str | None = "950cb52749a7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MEDIA_ID = re.compile(r"""<img\b[^>]*\bdata-media-id=["']?(\d{1,10})""", re.IGNORECASE)


def upgrade() -> None:
    op.create_table(
        "article_inline_image",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["article.id"], name=op.f("fk_article_inline_image_article_id_article")
        ),
        sa.ForeignKeyConstraint(
            ["media_id"], ["media.id"], name=op.f("fk_article_inline_image_media_id_media")
        ),
        sa.PrimaryKeyConstraint("article_id", "media_id", name=op.f("pk_article_inline_image")),
    )
    with op.batch_alter_table("article_inline_image", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_inline_image_media_id"), ["media_id"], unique=False
        )

    op.create_table(
        "article_live_attachment",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article_live.article_id"],
            name=op.f("fk_article_live_attachment_article_id_article_live"),
        ),
        sa.ForeignKeyConstraint(
            ["media_id"], ["media.id"], name=op.f("fk_article_live_attachment_media_id_media")
        ),
        sa.PrimaryKeyConstraint("article_id", "media_id", name=op.f("pk_article_live_attachment")),
    )
    with op.batch_alter_table("article_live_attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_live_attachment_media_id"), ["media_id"], unique=False
        )

    op.create_table(
        "article_live_inline_image",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article_live.article_id"],
            name=op.f("fk_article_live_inline_image_article_id_article_live"),
        ),
        sa.ForeignKeyConstraint(
            ["media_id"], ["media.id"], name=op.f("fk_article_live_inline_image_media_id_media")
        ),
        sa.PrimaryKeyConstraint(
            "article_id", "media_id", name=op.f("pk_article_live_inline_image")
        ),
    )
    with op.batch_alter_table("article_live_inline_image", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_live_inline_image_media_id"), ["media_id"], unique=False
        )

    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_image_id"), ["image_id"], unique=False)

    with op.batch_alter_table("article_live", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_live_image_id"), ["image_id"], unique=False)

    # Server defaults only fill the rows that exist; the app always sets these columns.
    with op.batch_alter_table("media", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "credit",
                sqlmodel.sql.sqltypes.AutoString(length=300),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(sa.Column("renditions", sa.Text(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("updated_by", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("lock_version", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.alter_column(
            "byte_size", existing_type=sa.INTEGER(), type_=sa.BigInteger(), existing_nullable=False
        )
        batch_op.create_index("ix_media_kind_id", ["kind", "id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_media_updated_by_user"), "user", ["updated_by"], ["id"]
        )
    with op.batch_alter_table("media", schema=None) as batch_op:
        for column in ("credit", "renditions", "search_text", "lock_version"):
            batch_op.alter_column(column, server_default=None)

    _backfill(op.get_bind())
    # The public detail gained media fields: prepared JSON from before is re-rendered on the fly
    # until `newsdesk prepare-public` stores it again.
    op.execute("UPDATE article_live SET public_json = NULL")


def _backfill(bind: sa.engine.Connection) -> None:
    """Existing data: live versions keep the attachments of their working copy, the inline
    image indexes are read from the stored HTML, and media become searchable."""
    from app.core.text import fold

    bind.execute(
        sa.text(
            "INSERT INTO article_live_attachment (article_id, media_id, position) "
            "SELECT a.article_id, a.media_id, a.position FROM article_attachment a "
            "JOIN article_live l ON l.article_id = a.article_id"
        )
    )
    media = {
        row.id: row
        for row in bind.execute(sa.text("SELECT id, kind, filename, alt, caption FROM media"))
    }
    for media_row in media.values():
        bind.execute(
            sa.text("UPDATE media SET search_text = :text WHERE id = :id"),
            {
                "text": fold(" ".join((media_row.filename, media_row.alt, media_row.caption))),
                "id": media_row.id,
            },
        )
    for table, key, link in (
        ("article", "id", "article_inline_image"),
        ("article_live", "article_id", "article_live_inline_image"),
    ):
        rows = bind.execute(
            sa.text(
                f"SELECT {key}, content_html FROM {table} WHERE content_html LIKE '%data-media-id%'"
            )
        )
        for article_id, html in rows.all():
            ids = dict.fromkeys(int(m) for m in _MEDIA_ID.findall(html))
            for media_id in ids:
                if media_id in media and media[media_id].kind == "image":
                    bind.execute(
                        sa.text(f"INSERT INTO {link} (article_id, media_id) VALUES (:a, :m)"),
                        {"a": article_id, "m": media_id},
                    )


def downgrade() -> None:
    with op.batch_alter_table("media", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_media_updated_by_user"), type_="foreignkey")
        batch_op.drop_index("ix_media_kind_id")
        batch_op.alter_column(
            "byte_size", existing_type=sa.BigInteger(), type_=sa.INTEGER(), existing_nullable=False
        )
        batch_op.drop_column("lock_version")
        batch_op.drop_column("updated_by")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("search_text")
        batch_op.drop_column("renditions")
        batch_op.drop_column("credit")

    with op.batch_alter_table("article_live", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_live_image_id"))

    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_image_id"))

    with op.batch_alter_table("article_live_inline_image", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_live_inline_image_media_id"))
    op.drop_table("article_live_inline_image")

    with op.batch_alter_table("article_live_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_live_attachment_media_id"))
    op.drop_table("article_live_attachment")

    with op.batch_alter_table("article_inline_image", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_inline_image_media_id"))
    op.drop_table("article_inline_image")
