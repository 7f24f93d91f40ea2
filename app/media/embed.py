"""Media in the shapes articles embed: the lead image, inline images and attachments, each
loaded in one query for a whole batch."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlmodel import Session, col, select

from app.articles.blocks import content_blocks
from app.articles.models import ArticleAttachment
from app.core.config import get_settings
from app.media.inline import public_html
from app.media.models import ArticleLiveAttachment, Media
from app.media.schemas import (
    AttachmentPublic,
    ImagePublic,
    MediaAdmin,
    RenditionAdmin,
    RenditionPublic,
)
from app.media.usage import inline_media_ids


def media_url(key: str) -> str:
    return get_settings().media_url.rstrip("/") + "/" + key


def rendition_rows(media: Media) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = orjson.loads(media.renditions or "[]")
    return rows


def renditions_admin(media: Media) -> list[RenditionAdmin]:
    return [
        RenditionAdmin(
            url=media_url(r["key"]),
            width=r["width"],
            height=r["height"],
            content_type=r["content_type"],
            byte_size=r["byte_size"],
        )
        for r in rendition_rows(media)
    ]


def srcset(media: Media) -> dict[str, str]:
    """Per content type, `url 320w, url 640w, …`, the original last among its own type."""
    candidates: dict[str, list[tuple[int, str]]] = {}
    for r in rendition_rows(media):
        candidates.setdefault(r["content_type"], []).append((r["width"], media_url(r["key"])))
    if media.kind == "image" and media.width:
        candidates.setdefault(media.content_type, []).append(
            (media.width, media_url(media.storage_key))
        )
    return {
        content_type: ", ".join(f"{url} {width}w" for width, url in sorted(items))
        for content_type, items in candidates.items()
    }


def image_public(media: Media) -> ImagePublic:
    assert media.id is not None
    return ImagePublic(
        id=media.id,
        url=media_url(media.storage_key),
        content_type=media.content_type,
        width=media.width,
        height=media.height,
        alt=media.alt,
        caption=media.caption,
        credit=media.credit,
        renditions=[
            RenditionPublic(
                url=media_url(r["key"]),
                width=r["width"],
                height=r["height"],
                content_type=r["content_type"],
            )
            for r in rendition_rows(media)
        ],
        srcset=srcset(media),
    )


def attachment_public(media: Media) -> AttachmentPublic:
    assert media.id is not None
    return AttachmentPublic(
        id=media.id,
        url=media_url(media.storage_key),
        filename=media.filename,
        content_type=media.content_type,
        byte_size=media.byte_size,
        caption=media.caption,
    )


def images_by_id(session: Session, ids: Iterable[int]) -> dict[int, ImagePublic]:
    """The public shape of each image named, in one query."""
    wanted = set(ids)
    if not wanted:
        return {}
    found = session.exec(select(Media).where(col(Media.id).in_(wanted), Media.kind == "image"))
    return {m.id: image_public(m) for m in found if m.id is not None}


@dataclass
class DetailMedia:
    """What the public detail of one article adds: its attachments and inline images."""

    attachments: list[AttachmentPublic] = field(default_factory=list)
    inline_images: list[ImagePublic] = field(default_factory=list)

    def public_content(self, content_html: str) -> str:
        """The body with its inline images completed for clients (app/media/inline.py)."""
        return public_html(content_html, {i.id: i for i in self.inline_images})

    def as_fields(self, content_html: str) -> dict[str, object]:
        """The detail's media fields, and its public body as HTML and as blocks."""
        public = self.public_content(content_html)
        return {
            "attachments": self.attachments,
            "inline_images": self.inline_images,
            "content_html": public,
            "content_blocks": content_blocks(public, {i.id: i for i in self.inline_images}),
        }


def detail_media(
    session: Session, contents: dict[int, str], *, live: bool
) -> dict[int, DetailMedia]:
    """For each article id → content_html, the media its public detail expands: attachments
    of the live version (or of the working copy for previews) and the inline images."""
    result = {article_id: DetailMedia() for article_id in contents}
    if not contents:
        return result
    link: type[ArticleLiveAttachment] | type[ArticleAttachment] = (
        ArticleLiveAttachment if live else ArticleAttachment
    )
    attached = session.exec(
        select(link.article_id, Media)
        .join(Media, col(Media.id) == col(link.media_id))
        .where(col(link.article_id).in_(list(contents)))
        .order_by(col(link.article_id), col(link.position))
    ).all()
    for article_id, media in attached:
        result[article_id].attachments.append(attachment_public(media))
    inline = {article_id: inline_media_ids(html) for article_id, html in contents.items()}
    images = images_by_id(session, (i for ids in inline.values() for i in ids))
    for article_id, ids in inline.items():
        result[article_id].inline_images = [images[i] for i in ids if i in images]
    return result


def media_admin(media: Media) -> MediaAdmin:
    """The management shape of one item."""
    assert media.id is not None
    return MediaAdmin(
        id=media.id,
        kind=media.kind,
        filename=media.filename,
        url=media_url(media.storage_key),
        content_type=media.content_type,
        byte_size=media.byte_size,
        sha256=media.sha256,
        width=media.width,
        height=media.height,
        alt=media.alt,
        caption=media.caption,
        credit=media.credit,
        renditions=renditions_admin(media),
        srcset=srcset(media),
        created_at=media.created_at,
        created_by=media.created_by,
        updated_at=media.updated_at,
        updated_by=media.updated_by,
    )
