"""The desk's media picker: the library (images, newest first, searchable) and uploads, through
the media service's own checks (type from the content, pixel and frame limits, metadata
stripped, renditions). Shown in a dialog of the article form; choosing an image puts it into
the body as a figure or makes it the lead image (app/desk/static/desk.js). The library page
uploads through the same store_upload."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import Response

from app.core.db import SessionDep
from app.core.errors import NewsdeskError, PayloadTooLarge
from app.desk.i18n import _
from app.desk.web import Desk, DeskChangeDep, DeskDep, render
from app.media import service as media_service
from app.media.embed import media_admin
from app.media.models import Media
from app.media.schemas import MediaUploadFields
from app.media.storage import Storage, StorageDep
from app.media.validation import UnsupportedMediaType

router = APIRouter(include_in_schema=False)
PICKER_SIZE = 24


def _picker(
    request: Request,
    session: SessionDep,
    desk: Desk,
    *,
    q: str,
    kind: str = "image",
    message: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    rows, _cursor = media_service.list_media(
        session, kind=kind, content_type=None, q=q or None, cursor=None, limit=PICKER_SIZE
    )
    items = []
    for media in rows:
        shape = media_admin(media)
        smallest = min(shape.renditions, key=lambda r: r.width, default=None)
        thumb = smallest.url if smallest else shape.url if media.kind == "image" else ""
        items.append({"media": shape, "thumb": thumb})
    context = {"items": items, "q": q, "kind": kind, "message": message, "error": error}
    return render(request, "media_picker.html", context, desk=desk, status_code=status_code)


@router.get("/media")
def media_picker(
    request: Request,
    session: SessionDep,
    desk: DeskDep,
    q: Annotated[str, Query(max_length=200)] = "",
    kind: Annotated[Literal["image", "document"], Query()] = "image",
) -> Response:
    """The library for the dialog: images (for the body and the lead image) or documents
    (attachments)."""
    return _picker(request, session, desk, q=q.strip(), kind=kind)


class UploadRefused(Exception):
    """A desk upload that was not stored: the reason in Vietnamese, and the status to answer."""

    def __init__(self, message: str, status_code: int) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code


async def store_upload(request: Request, session: Session, desk: Desk, storage: Storage) -> Media:
    """The file of a desk upload form (multipart: file, alt, caption) stored through the media
    service, as POST /v1/admin/media stores it; raises UploadRefused. Shared by the picker and
    the library page."""
    if desk.principal.strongest_role() is None:  # the API's require_role_somewhere(contributor)
        raise UploadRefused(_("You may not do this."), 403)
    form = await request.form(max_files=1, max_fields=10)
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise UploadRefused(_("Choose a file to upload."), 422)
        fields = MediaUploadFields(
            alt=_text(form.get("alt"))[:500], caption=_text(form.get("caption")), credit=""
        )
        try:
            return await run_in_threadpool(
                media_service.upload_media, session, storage=storage, source=upload.file,
                filename=upload.filename, fields=fields, actor=desk.principal,
            )  # fmt: skip
        except NewsdeskError as refused:
            session.rollback()
            raise UploadRefused(_refusal(refused), refused.status_code) from None
    finally:
        await form.close()


@router.post("/media")
async def upload_image(
    request: Request, session: SessionDep, desk: DeskChangeDep, storage: StorageDep
) -> Response:
    """An upload from the picker (multipart: file, alt, caption): the library again, the new
    image first, or the reason it was refused."""
    try:
        media = await store_upload(request, session, desk, storage)
    except UploadRefused as refused:
        return _picker(request, session, desk, q="", status_code=refused.status_code,
                       error=refused.message)  # fmt: skip
    kind = "document" if media.kind == "document" else "image"
    return _picker(request, session, desk, q="", kind=kind, status_code=201,
                   message=_("Uploaded."))  # fmt: skip


def _text(value: object) -> str:
    return value.strip()[:1000] if isinstance(value, str) else ""


def _refusal(error: NewsdeskError) -> str:
    if isinstance(error, UnsupportedMediaType):
        return _(
            "This kind of file is not accepted (images: JPEG, PNG, WebP, GIF; documents: "
            "PDF, Word, Excel, PowerPoint, OpenDocument)."
        )
    if isinstance(error, PayloadTooLarge):
        return _("The file is too large.")
    return _("The file cannot be used: it is damaged or too large.")
