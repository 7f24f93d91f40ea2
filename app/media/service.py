"""The rules of media items: upload (validate, clean, store), list, describe, delete."""

import hashlib
import io
from collections.abc import Sequence
from typing import Any, BinaryIO

import orjson
from sqlmodel import Session, col, select

from app.accounts import audit
from app.accounts.models import Role
from app.accounts.permissions import Principal, visible_articles_clause
from app.articles.models import Article, ArticleLive
from app.articles.presenters import prepare_public_json
from app.core.config import get_settings
from app.core.db import utcnow
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound, PayloadTooLarge
from app.core.pagination import decode_id_cursor, encode_cursor
from app.core.text import fold
from app.media import usage
from app.media.images import process_image
from app.media.models import Media
from app.media.schemas import MediaUpdate, MediaUploadFields
from app.media.storage import Storage, original_key, rendition_key
from app.media.validation import (
    TYPES_BY_CONTENT_TYPE,
    FileType,
    InvalidFile,
    UnsupportedMediaType,
    clean_filename,
    detect_type,
)

_HASH_CHUNK = 1024 * 1024
_REPREPARE_BATCH = 500


def get_media(session: Session, media_id: int) -> Media:
    media = session.get(Media, media_id)
    if media is None:
        raise NotFound(f"media {media_id} does not exist")
    return media


def list_media(
    session: Session,
    *,
    kind: str | None,
    content_type: str | None,
    q: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[Sequence[Media], str | None]:
    """The library, newest first: optionally one kind or content type, and a search of the
    name, alt text, caption and credit (diacritics-insensitive)."""
    stmt = select(Media)
    if kind is not None:
        stmt = stmt.where(Media.kind == kind)
    if content_type is not None:
        stmt = stmt.where(Media.content_type == content_type)
    if q and fold(q).strip():
        stmt = stmt.where(col(Media.search_text).contains(fold(q).strip(), autoescape=True))
    last_id = decode_id_cursor(cursor)
    if last_id is not None:
        stmt = stmt.where(col(Media.id) < last_id)
    rows = session.exec(stmt.order_by(col(Media.id).desc()).limit(limit + 1)).all()
    next_cursor = encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], next_cursor


def _search_text(media: Media) -> str:
    return fold(" ".join((media.filename, media.alt, media.caption, media.credit)))


def _file_size(source: BinaryIO) -> int:
    source.seek(0, io.SEEK_END)
    size = source.tell()
    source.seek(0)
    return size


def _sha256(source: BinaryIO) -> str:
    digest = hashlib.sha256()
    source.seek(0)
    while chunk := source.read(_HASH_CHUNK):
        digest.update(chunk)
    source.seek(0)
    return digest.hexdigest()


def upload_media(
    session: Session,
    *,
    storage: Storage,
    source: BinaryIO,
    filename: str | None,
    fields: MediaUploadFields,
    actor: Principal,
) -> Media:
    """Check an uploaded file by its content, store it (images cleaned, with renditions) and
    record it. Identical content is stored once, however often it is uploaded."""
    settings = get_settings()
    size = _file_size(source)
    if size > settings.max_upload_bytes:
        raise PayloadTooLarge(f"files are limited to {settings.max_upload_bytes} bytes")
    if size == 0:
        raise InvalidFile("the file is empty")
    file_type = detect_type(source)
    if file_type.name not in settings.media_allowed_types:
        raise UnsupportedMediaType(f"{file_type.label} is not among the accepted types here")
    display_name = clean_filename(filename, file_type)
    media = Media(
        kind=file_type.kind,
        filename=display_name,
        content_type=file_type.content_type,
        byte_size=size,
        sha256="",
        storage_key="",
        alt=fields.alt,
        caption=fields.caption,
        credit=fields.credit,
        created_at=utcnow(),
        created_by=actor.id,
    )
    # Everything is checked and encoded before the first byte is stored, so a refused or
    # damaged upload writes nothing; the storage's own writes are atomic.
    if file_type.is_image:
        _store_image(storage, media, source, file_type)
    else:
        media.sha256 = _sha256(source)
        media.storage_key = original_key(media.sha256, file_type.ext)
        storage.put(media.storage_key, source)
    media.search_text = _search_text(media)
    session.add(media)
    session.flush()
    return media


def _store_image(storage: Storage, media: Media, source: BinaryIO, file_type: FileType) -> None:
    settings = get_settings()
    processed = process_image(
        source,
        file_type,
        max_pixels=settings.media_max_image_pixels,
        max_frames=settings.media_max_frames,
        widths=settings.media_rendition_widths,
    )
    original = processed.original
    media.sha256 = hashlib.sha256(original.data).hexdigest()
    media.storage_key = original_key(media.sha256, file_type.ext)
    media.byte_size = len(original.data)
    media.width, media.height = original.width, original.height
    renditions: list[dict[str, Any]] = []
    for rendition in processed.renditions:
        key = rendition_key(media.sha256, rendition.width, rendition.file_type.ext)
        storage.put(key, io.BytesIO(rendition.data))
        renditions.append(
            {
                "key": key,
                "width": rendition.width,
                "height": rendition.height,
                "content_type": rendition.file_type.content_type,
                "byte_size": len(rendition.data),
            }
        )
    # The original last: once its key exists, everything it lists exists too.
    storage.put(media.storage_key, io.BytesIO(original.data))
    media.renditions = orjson.dumps(renditions).decode()


def _ensure_may_change(actor: Principal, media: Media) -> None:
    """The uploader may change or delete their own item; editors (anywhere) any item."""
    strongest = actor.strongest_role()
    if media.created_by == actor.id or (strongest and strongest.rank >= Role.editor.rank):
        return
    raise Forbidden("only the uploader or an editor may change this media item")


def _viewable(session: Session, actor: Principal, article_ids: set[int]) -> set[int]:
    visible = visible_articles_clause(actor)
    if visible is None:
        return article_ids
    stmt = select(Article.id).where(col(Article.id).in_(article_ids), visible)
    return {i for i in session.exec(stmt).all() if i is not None}


def update_media(session: Session, *, media: Media, data: MediaUpdate, actor: Principal) -> Media:
    """Change the display name or the descriptive texts; live articles that show the item get
    their prepared public form rendered again."""
    _ensure_may_change(actor, media)
    changes = data.model_dump(exclude_unset=True)
    for field, value in changes.items():
        if value is None:
            raise InvalidInput(f"{field} cannot be null", loc=[field])
    if "filename" in changes:
        file_type = TYPES_BY_CONTENT_TYPE.get(media.content_type)
        if file_type is None:
            raise InvalidInput("this item's type no longer allows renaming", loc=["filename"])
        changes["filename"] = clean_filename(changes["filename"], file_type)
    changed = {f for f, v in changes.items() if getattr(media, f) != v}
    if not changed:
        return media
    for field in changed:
        setattr(media, field, changes[field])
    media.search_text = _search_text(media)
    media.lock_version += 1
    media.updated_at = utcnow()
    media.updated_by = actor.id
    session.add(media)
    session.flush()
    assert media.id is not None
    _reprepare_live(session, usage.live_articles_using(session, [media.id]))
    return media


def _reprepare_live(session: Session, article_ids: list[int]) -> None:
    """Re-render the prepared public JSON of live versions that embed a changed item."""
    for start in range(0, len(article_ids), _REPREPARE_BATCH):
        batch = article_ids[start : start + _REPREPARE_BATCH]
        rows = session.exec(select(ArticleLive).where(col(ArticleLive.article_id).in_(batch)))
        prepare_public_json(session, rows.all())


def delete_media(session: Session, *, media: Media, actor: Principal) -> None:
    """Delete an item no article uses (409 naming the articles otherwise). The stored files
    are removed later by the sweep (docs/media.md), as other items may share them."""
    _ensure_may_change(actor, media)
    assert media.id is not None
    live = usage.live_articles_using(session, [media.id])
    working = usage.working_articles_using(session, [media.id])
    if live or working:
        where = "published articles" if live else "articles"
        users = set(live) | set(working)
        # Name only what the actor may view: an item is shared by every desk, and the ids of
        # others' drafts must not be learnt by trying to delete a picture (docs/security.md).
        shown = _viewable(session, actor, users)
        raise Conflict(
            f"{where} use this media item; remove it from them first",
            extensions={
                "article_ids": sorted(shown),
                "live_article_ids": sorted(shown.intersection(live)),
                "other_article_count": len(users - shown),
            },
        )
    audit.record(
        session,
        actor_id=actor.id,
        action="media.delete",
        target_type="media",
        target_id=media.id,
        filename=media.filename,
        sha256=media.sha256,
    )
    session.delete(media)
    session.flush()
