"""Revisions and history: every write to an article leaves an immutable full snapshot and a
history line (who, when, from, to, comment, version)."""

import difflib
import re
from collections.abc import Sequence
from typing import Any

import nh3
import orjson
from sqlalchemy import func
from sqlmodel import Session, col, select

from app.articles.links import LINKS, ordered_links
from app.articles.models import (
    Article,
    ArticleHistory,
    ArticleTag,
    Tag,
)
from app.articles.schemas import ROYALTY_TOTALS, ArticleUpdate
from app.core.errors import NotFound
from app.revisions.models import ArticleRevision

# The fields a revision captures; everything an editor can change, plus workflow state.
SNAPSHOT_FIELDS = (
    "title", "slug", "summary", "content_html", "image_id", "image_caption", "alternate_url",
    "meta_title", "meta_description", "og_image_id", "canonical_url", "noindex",
    "publish_at", "expire_at", "featured", "featured_rank", "featured_until", "byline",
    "author_id", "article_type", "category_id", "page_count", "photo_count",
    "photo_count_manual", "royalty_amount", "status", "version",
)  # fmt: skip
# Shown only to those who may read the article's royalty; never restored: the royalty's
# lines set them (docs/royalties.md).
ROYALTY_FIELDS = (*ROYALTY_TOTALS, "photo_count_manual")
# What a restore brings back: content and metadata, never workflow state.
_NOT_RESTORED = ("status", "version", "slug", *ROYALTY_FIELDS)
RESTORABLE_FIELDS = (
    *(f for f in SNAPSHOT_FIELDS if f not in _NOT_RESTORED),
    "tags",
    "related_ids",
    "attachment_ids",
    "legacy_urls",
)


def snapshot_dict(
    fields: dict[str, Any],
    *,
    tags: list[str],
    related_ids: list[int],
    attachment_ids: list[int],
    legacy_urls: list[str] | None = None,
) -> dict[str, Any]:
    """A snapshot from the article's values (`version` included), JSON-ready."""
    data = {field: _plain(fields[field]) for field in SNAPSHOT_FIELDS}
    data.update(
        tags=tags,
        related_ids=related_ids,
        attachment_ids=attachment_ids,
        legacy_urls=legacy_urls or [],
    )
    return data


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def snapshot(session: Session, article: Article) -> dict[str, Any]:
    """Every field of the article, with its tags and ordered links."""
    assert article.id is not None
    links = {name: ordered_links(session, name, [article.id]).get(article.id, []) for name in LINKS}
    return snapshot_dict(
        {field: getattr(article, field) for field in SNAPSHOT_FIELDS},
        tags=list(
            session.exec(
                select(Tag.name)
                .join(ArticleTag, col(ArticleTag.tag_id) == col(Tag.id))
                .where(ArticleTag.article_id == article.id)
                .order_by(col(ArticleTag.position))
            ).all()
        ),
        **links,
    )


def record(
    session: Session,
    article: Article,
    *,
    action: str,
    actor_id: int | None,
    from_status: str | None,
    changed: Sequence[str] = (),
    comment: str = "",
) -> ArticleRevision:
    """Write the history line and the immutable revision of a change (same transaction)."""
    assert article.id is not None
    session.flush()
    session.add(
        ArticleHistory(
            article_id=article.id,
            action=action,
            from_status=from_status,
            to_status=article.status,
            version=article.version,
            actor_id=actor_id,
            comment=comment,
            changed_fields=",".join(sorted(changed)),
        )
    )
    last = session.exec(
        select(func.max(ArticleRevision.number)).where(ArticleRevision.article_id == article.id)
    ).one()
    revision = ArticleRevision(
        article_id=article.id,
        number=(last or 0) + 1,
        version=article.version,
        action=action,
        snapshot=orjson.dumps(snapshot(session, article)).decode(),
        created_by=actor_id,
    )
    session.add(revision)
    session.flush()
    return revision


def history_of(session: Session, article_id: int) -> Sequence[ArticleHistory]:
    return session.exec(
        select(ArticleHistory)
        .where(ArticleHistory.article_id == article_id)
        .order_by(col(ArticleHistory.id))
    ).all()


def list_revisions(session: Session, article_id: int) -> Sequence[ArticleRevision]:
    return session.exec(
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article_id)
        .order_by(col(ArticleRevision.number))
    ).all()


def get_revision(session: Session, *, article_id: int, number: int) -> ArticleRevision:
    revision = session.exec(
        select(ArticleRevision).where(
            ArticleRevision.article_id == article_id, ArticleRevision.number == number
        )
    ).first()
    if revision is None:
        raise NotFound(f"article {article_id} has no revision {number}")
    return revision


# Fields added after revisions were first stored: an older snapshot had their defaults.
_LATER_FIELDS = {
    "meta_title": "", "meta_description": "", "og_image_id": None, "canonical_url": None,
    "noindex": False,
}  # fmt: skip


def snapshot_of(revision: ArticleRevision, *, royalty: bool = True) -> dict[str, Any]:
    """The stored snapshot; without `royalty`, less the royalty figures."""
    data: dict[str, Any] = _LATER_FIELDS | orjson.loads(revision.snapshot)
    if not royalty:
        for field in ROYALTY_FIELDS:
            data.pop(field, None)
    return data


_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(p|h[1-6]|li|blockquote|figcaption|tr|div|pre)>")


def html_to_lines(html: str) -> list[str]:
    """Readable text of article HTML, one line per block, for diffs."""
    text = nh3.clean(_BLOCK_END.sub("\n", html), tags=set())
    return [line.strip() for line in text.splitlines() if line.strip()]


def diff(older: ArticleRevision, newer: ArticleRevision, *, royalty: bool) -> list[dict[str, Any]]:
    """Field-by-field differences; content_html also as a unified text diff; royalty figures
    only with `royalty`."""
    before, after = snapshot_of(older, royalty=royalty), snapshot_of(newer, royalty=royalty)
    changes: list[dict[str, Any]] = []
    for field in (*SNAPSHOT_FIELDS, "tags", "related_ids", "attachment_ids", "legacy_urls"):
        if before.get(field) == after.get(field):
            continue
        change: dict[str, Any] = {
            "field": field,
            "from_value": before.get(field),
            "to_value": after.get(field),
        }
        if field == "content_html":
            change["text_diff"] = "\n".join(
                difflib.unified_diff(
                    html_to_lines(before.get(field) or ""),
                    html_to_lines(after.get(field) or ""),
                    fromfile=f"revision {older.number}",
                    tofile=f"revision {newer.number}",
                    lineterm="",
                )
            )
        changes.append(change)
    return changes


def restore_data(revision: ArticleRevision) -> ArticleUpdate:
    """The update that brings a revision's content back (workflow state is left alone)."""
    data = snapshot_of(revision)
    fields = {f: data[f] for f in RESTORABLE_FIELDS if f in data}
    return ArticleUpdate.model_validate(fields)
