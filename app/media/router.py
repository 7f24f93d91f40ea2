"""Media over HTTP: the management API (/v1/admin/media) and the files (/media/…)."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect
from starlette.responses import FileResponse, Response, StreamingResponse

from app.accounts.deps import CurrentStaff, require_role_somewhere
from app.accounts.models import Role
from app.core.db import SessionDep
from app.core.errors import InvalidInput, NewsdeskError, NotFound
from app.core.http import (
    PRIVATE_CACHE_CONTROL,
    IfMatch,
    cached_json,
    require_if_match,
    version_etag,
)
from app.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, next_link
from app.core.text import NFCText
from app.media import service
from app.media.deps import MediaById
from app.media.embed import media_admin
from app.media.models import Media
from app.media.schemas import MediaAdmin, MediaPage, MediaUpdate, MediaUploadFields
from app.media.storage import StorageDep, is_valid_key
from app.media.validation import CONTENT_TYPE_BY_EXT, UnsupportedMediaType

router = APIRouter()
files_router = APIRouter()

ETAG_HEADER = {"ETag": {"description": "Version of the item; send it back in If-Match"}}
IMMUTABLE = "public, max-age=31536000, immutable"
# Shown in the browser; anything else (office files) is offered as a download.
_INLINE_TYPES = ("image/", "application/pdf")

# The upload body is read by the handler after authentication (so strangers cannot make the
# server spool files), hence described here rather than by parameters.
_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "JPEG, PNG, WebP, GIF, PDF, DOCX, XLSX, PPTX, ODT, "
                            "ODS or ODP; the type is read from the content",
                        },
                        "alt": {"type": "string", "maxLength": 500},
                        "caption": {"type": "string", "maxLength": 5000},
                        "credit": {"type": "string", "maxLength": 300},
                    },
                }
            }
        },
    }
}


def _etag(media: Media) -> str:
    assert media.id is not None
    return version_etag("m", media.id, media.lock_version)


def _media_response(request: Request, media: Media, *, status_code: int = 200) -> Response:
    headers = {"Location": f"/v1/admin/media/{media.id}"} if status_code == 201 else None
    return cached_json(
        request,
        media_admin(media),
        etag=_etag(media),
        cache_control=PRIVATE_CACHE_CONTROL,
        headers=headers,
        status_code=status_code,
    )


def _upload_fields(items: list[tuple[str, str | UploadFile]]) -> MediaUploadFields:
    texts = [(name, value) for name, value in items if name != "file"]
    errors = [
        {"loc": ["body", name], "msg": "must be text, not a file", "type": "value_error"}
        for name, value in texts
        if not isinstance(value, str)
    ]
    errors += [
        {"loc": ["body", name], "msg": "given more than once", "type": "value_error"}
        for name in {n for n, _ in texts if [m for m, _ in texts].count(n) > 1}
    ]
    if errors:
        raise RequestValidationError(errors)
    try:
        return MediaUploadFields.model_validate(dict(texts))
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ["body", *e["loc"]]} for e in exc.errors(include_url=False)]
        ) from exc


@router.post(
    "",
    response_model=MediaAdmin,
    status_code=201,
    openapi_extra=_UPLOAD_BODY,
    responses={
        201: {"headers": ETAG_HEADER},
        413: {"description": "The file is over NEWSDESK_MAX_UPLOAD_BYTES"},
        415: {"description": "Not an accepted type (decided from the content)"},
    },
    dependencies=[require_role_somewhere(Role.contributor)],
)
async def upload_media(
    request: Request, session: SessionDep, staff: CurrentStaff, storage: StorageDep
) -> Response:
    """Upload an image or a document (multipart/form-data: `file`, and optional `alt`,
    `caption`, `credit`); images come back with their renditions."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise UnsupportedMediaType("send the file as multipart/form-data")
    try:
        form = await request.form(max_files=1, max_fields=10)
    except ClientDisconnect:
        raise NewsdeskError("the upload was interrupted before the end") from None
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidInput("a file is required", loc=["file"])
        fields = _upload_fields(form.multi_items())
        # Checking and resizing images is CPU work: off the event loop.
        media = await run_in_threadpool(
            service.upload_media,
            session,
            storage=storage,
            source=upload.file,
            filename=upload.filename,
            fields=fields,
            actor=staff,
        )
    finally:
        await form.close()  # the spooled temporary file goes with it
    return _media_response(request, media, status_code=201)


@router.get("", response_model=MediaPage)
def list_media(
    request: Request,
    session: SessionDep,
    _: CurrentStaff,
    kind: Literal["image", "document"] | None = None,
    content_type: Annotated[NFCText | None, Query(max_length=100)] = None,
    q: Annotated[
        NFCText | None,
        Query(max_length=200, description="Search in name, alt text, caption and credit"),
    ] = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Response:
    """The media library, newest first."""
    rows, next_cursor = service.list_media(
        session, kind=kind, content_type=content_type, q=q, cursor=cursor, limit=limit
    )
    page = MediaPage(items=[media_admin(m) for m in rows], next_cursor=next_cursor)
    return cached_json(
        request,
        page,
        cache_control=PRIVATE_CACHE_CONTROL,
        headers=next_link(request, next_cursor),
    )


@router.get("/{media_id}", response_model=MediaAdmin, responses={200: {"headers": ETAG_HEADER}})
def get_media(request: Request, media: MediaById) -> Response:
    """One item, with the ETag to send back when changing it."""
    return _media_response(request, media)


@router.patch("/{media_id}", response_model=MediaAdmin, responses={200: {"headers": ETAG_HEADER}})
def update_media(
    request: Request,
    if_match: IfMatch,
    session: SessionDep,
    staff: CurrentStaff,
    media: MediaById,
    data: MediaUpdate,
) -> Response:
    """Change the name, alt text, caption or credit (If-Match required); published articles
    showing the item follow at once."""
    require_if_match(if_match, _etag(media))
    return _media_response(
        request, service.update_media(session, media=media, data=data, actor=staff)
    )


@router.delete(
    "/{media_id}",
    status_code=204,
    responses={
        409: {
            "description": "Articles use it; `article_ids` names those you may view, "
            "`other_article_count` counts the rest"
        }
    },
)
def delete_media(
    request: Request, if_match: IfMatch, session: SessionDep, staff: CurrentStaff, media: MediaById
) -> Response:
    """Delete an item that no article uses (If-Match required)."""
    require_if_match(if_match, _etag(media))
    service.delete_media(session, media=media, actor=staff)
    return Response(status_code=204)


@files_router.api_route("/{key:path}", methods=["GET", "HEAD"], include_in_schema=False)
def serve_file(request: Request, key: str, storage: StorageDep) -> Response:
    """A stored file. Its key names its content, so it is cached for a year as immutable;
    range requests are answered (large attachments, resumable downloads)."""
    content_type = CONTENT_TYPE_BY_EXT.get(key.rsplit(".", 1)[-1])
    if not is_valid_key(key) or content_type is None:
        raise NotFound("no such file")
    etag = '"' + key.rsplit("/", 1)[-1].split(".")[0] + '"'
    headers = {
        "Cache-Control": IMMUTABLE,
        "ETag": etag,
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": "inline" if content_type.startswith(_INLINE_TYPES) else "attachment",
    }
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    path = storage.local_path(key)
    if path is not None:
        return FileResponse(path, media_type=content_type, headers=headers)
    try:
        stream = storage.open(key)
    except FileNotFoundError:
        raise NotFound("no such file") from None
    return StreamingResponse(
        iter(lambda: stream.read(64 * 1024), b""),
        media_type=content_type,
        headers=headers,
        background=BackgroundTask(stream.close),
    )
