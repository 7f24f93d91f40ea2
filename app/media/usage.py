"""Where articles use media: the lead image (`image_id`), attachments, and images shown inline
in the content (`<img data-media-id="…">`). The article services call these on save, publish
and withdraw; the media service asks them before a delete and after a caption change."""

import re
from collections.abc import Iterable
from html.parser import HTMLParser

from sqlalchemy import CompoundSelect, delete, union
from sqlmodel import Session, col, select

from app.articles.models import Article, ArticleAttachment, ArticleLive
from app.core.errors import InvalidInput
from app.media.models import (
    ArticleInlineImage,
    ArticleLiveAttachment,
    ArticleLiveInlineImage,
    Media,
)


class _ImageTags(HTMLParser):
    """Each `<img>` in a document: its data-media-id (or None) and its src."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[tuple[int | None, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "img":
            return
        values = dict(attrs)
        raw_id = (values.get("data-media-id") or "").strip()
        media_id = int(raw_id) if raw_id.isascii() and raw_id.isdigit() else None
        if media_id is not None and not 1 <= media_id < 2**31:
            media_id = None
        self.images.append((media_id, (values.get("src") or "").strip()))

    handle_startendtag = handle_starttag


# Every <img> start tag begins "<img" in some case (the parser takes a tag name from an ASCII
# letter on and lowercases it): text without one has no images, and is not parsed (most
# articles; parsing one costs ~100 µs, a tenth of seeding a generated article).
_MAYBE_IMAGE = re.compile("<img", re.IGNORECASE)


def image_tags(html: str) -> list[tuple[int | None, str]]:
    if not _MAYBE_IMAGE.search(html):
        return []
    parser = _ImageTags()
    parser.feed(html)
    parser.close()
    return parser.images


def inline_media_ids(html: str) -> list[int]:
    """The media ids shown inline, each once, in order of first appearance."""
    return list(dict.fromkeys(media_id for media_id, _ in image_tags(html) if media_id))


def distinct_image_count(html: str, image_id: int | None) -> int:
    """The default photo_count: distinct images used, the lead image included. An image is
    known by its media id, or by its src when it is not one of ours; repeats count once."""
    seen: set[int | str] = {image_id} if image_id is not None else set()
    for media_id, src in image_tags(html):
        if media_id is not None:
            seen.add(media_id)
        elif src:
            seen.add(src)
    return len(seen)


def check_inline_images(session: Session, html: str) -> None:
    """Every `data-media-id` in the content must name an uploaded image (422 otherwise)."""
    ids = inline_media_ids(html)
    if not ids:
        return
    images = set(
        session.exec(select(Media.id).where(col(Media.id).in_(ids), Media.kind == "image")).all()
    )
    unknown = [i for i in ids if i not in images]
    if unknown:
        raise InvalidInput(
            f"content_html shows media that are not uploaded images: {unknown}",
            loc=["content_html"],
        )


def record_inline_images(session: Session, *, article_id: int, html: str) -> None:
    """Keep the working copy's inline-image index in step with its content."""
    session.execute(
        delete(ArticleInlineImage).where(col(ArticleInlineImage.article_id) == article_id)
    )
    for media_id in inline_media_ids(html):
        session.add(ArticleInlineImage(article_id=article_id, media_id=media_id))
    session.flush()


def publish_links(session: Session, *, article_id: int) -> None:
    """Copy the working copy's attachments and inline images to its (new) live version."""
    withdraw_links(session, article_id=article_id)
    attachments = session.exec(
        select(ArticleAttachment.media_id, ArticleAttachment.position).where(
            ArticleAttachment.article_id == article_id
        )
    ).all()
    for media_id, position in attachments:
        session.add(
            ArticleLiveAttachment(article_id=article_id, media_id=media_id, position=position)
        )
    inline = session.exec(
        select(ArticleInlineImage.media_id).where(ArticleInlineImage.article_id == article_id)
    ).all()
    for media_id in inline:
        session.add(ArticleLiveInlineImage(article_id=article_id, media_id=media_id))
    session.flush()


def withdraw_links(session: Session, *, article_id: int) -> None:
    """Drop the live version's media links (before the live row itself goes)."""
    for link in (ArticleLiveAttachment, ArticleLiveInlineImage):
        session.execute(delete(link).where(col(link.article_id) == article_id))


def forget_article(session: Session, *, article_id: int) -> None:
    """Drop the working copy's inline-image index (purge)."""
    session.execute(
        delete(ArticleInlineImage).where(col(ArticleInlineImage.article_id) == article_id)
    )


def live_articles_using(session: Session, media_ids: Iterable[int]) -> list[int]:
    """Articles whose published version shows or attaches any of these media."""
    ids = list(media_ids)
    query = union(
        select(ArticleLive.article_id).where(col(ArticleLive.image_id).in_(ids)),
        select(ArticleLiveAttachment.article_id).where(
            col(ArticleLiveAttachment.media_id).in_(ids)
        ),
        select(ArticleLiveInlineImage.article_id).where(
            col(ArticleLiveInlineImage.media_id).in_(ids)
        ),
    )
    return sorted(session.execute(query).scalars().all())


def working_articles_using(session: Session, media_ids: Iterable[int]) -> list[int]:
    """Articles whose working copy (any status, trash included) shows or attaches these."""
    ids = list(media_ids)
    query: CompoundSelect[tuple[int]] = union(
        select(col(Article.id)).where(col(Article.image_id).in_(ids)),
        select(ArticleAttachment.article_id).where(col(ArticleAttachment.media_id).in_(ids)),
        select(ArticleInlineImage.article_id).where(col(ArticleInlineImage.media_id).in_(ids)),
    )
    return sorted(session.execute(query).scalars().all())
