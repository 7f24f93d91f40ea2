"""The media library in the desk (staff, as /v1/admin/media): browse, search, upload, edit an
item's texts, see the articles using it, delete it when none does."""

from dataclasses import dataclass, field
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request
from pydantic import ValidationError
from sqlmodel import Session, col, select
from starlette.responses import Response

from app.accounts.models import User
from app.accounts.permissions import visible_articles_clause
from app.articles.models import Article
from app.core.db import SessionDep, retry_on_conflict
from app.core.errors import Conflict, Forbidden, NewsdeskError
from app.core.pagination import InvalidCursor
from app.core.text import nfc
from app.desk.forms import field_errors
from app.desk.i18n import N_, _, desk_number
from app.desk.media_pages import UploadRefused, store_upload
from app.desk.router import STATUS_LABELS
from app.desk.web import Desk, DeskChangeDep, DeskDep, PostedForm, render, see_other
from app.media import service as media_service
from app.media import usage
from app.media.embed import media_admin
from app.media.models import Media
from app.media.schemas import MediaAdmin, MediaUpdate
from app.media.storage import StorageDep

router = APIRouter(include_in_schema=False)
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
LIBRARY_PER_PAGE = 48


# --- the media library (staff) -----------------------------------------------------------------

KIND_LABELS = {"image": N_("Image"), "document": N_("Document")}
IN_USE = N_("Articles use this file: remove it from them first.")
OTHERS_USING = N_("…and {count} other articles that you may not view.")
NOT_YOURS = N_("Only the person who uploaded this file, or an editor, may change it.")
LIBRARY_DONE = {"deleted": N_("The file is deleted from the library.")}


def _thumbnail(shape: MediaAdmin) -> str:
    smallest = min(shape.renditions, key=lambda r: r.width, default=None)
    return smallest.url if smallest else shape.url


@dataclass
class UploadForm:
    """The library's upload form, as typed (the file itself cannot be shown back)."""

    alt: str = ""
    caption: str = ""
    error: str | None = None


@router.get("/library")
def library(
    request: Request,
    session: SessionDep,
    desk: DeskDep,
    q: Annotated[str, Query(max_length=200)] = "",
    kind: Annotated[str, Query(max_length=20)] = "",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    """Images and documents, newest first; the search is the API's (name, alt text, caption
    and credit, diacritics or not: "dong lua" finds "Đồng lúa")."""
    return _library_page(request, session, desk, q=q, kind=kind, cursor=cursor)


@router.post("/library")
async def upload_to_library(
    request: Request, session: SessionDep, desk: DeskChangeDep, storage: StorageDep
) -> Response:
    """An image or a document uploaded from the library page, through the picker's own
    store_upload (the media service's checks); the new item's page, or the library with the
    reason it was refused and what was typed."""
    try:
        media = await store_upload(request, session, desk, storage)
    except UploadRefused as refused:
        typed = await request.form()  # already read, and kept by Starlette
        upload = UploadForm(alt=_typed(typed.get("alt")), caption=_typed(typed.get("caption")),
                            error=refused.message)  # fmt: skip
        return _library_page(request, session, desk, upload=upload,
                             status_code=refused.status_code)  # fmt: skip
    return see_other(f"/desk/library/{media.id}?uploaded=1")


def _typed(value: object) -> str:
    return value if isinstance(value, str) else ""


def _library_page(
    request: Request,
    session: Session,
    desk: Desk,
    *,
    q: str = "",
    kind: str = "",
    cursor: str | None = None,
    upload: UploadForm | None = None,
    status_code: int = 200,
) -> Response:
    query = nfc(q).strip()  # as the API's NFCText reads q
    errors: list[str] = []
    if kind and kind not in KIND_LABELS:
        errors.append(_("Unknown kind of file."))
    rows: list[Media] = []
    next_cursor = None
    if not errors:
        try:
            found, next_cursor = media_service.list_media(
                session, kind=kind or None, content_type=None, q=query or None, cursor=cursor,
                limit=LIBRARY_PER_PAGE,
            )  # fmt: skip
            rows = list(found)
        except InvalidCursor:
            errors.append(_("This page of the list no longer exists. Start from the first."))
    items = []
    for media in rows:
        shape = media_admin(media)
        items.append({"media": shape, "thumb": _thumbnail(shape)})
    params = {"q": query, "kind": kind if kind in KIND_LABELS else ""}
    next_params = urlencode({k: v for k, v in params.items() if v})
    done = request.query_params.get("done", "")
    context = {
        "items": items,
        "q": query,
        "kind": params["kind"],
        "kind_labels": KIND_LABELS,
        "errors": errors,
        "done": _(LIBRARY_DONE[done]) if done in LIBRARY_DONE else None,
        "next_params": next_params,
        "next_cursor": next_cursor,
        "upload": upload or UploadForm(),
    }
    partial_page = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "library_results.html" if partial_page else "library.html"
    return render(request, template, context, desk=desk,
                  status_code=400 if errors else status_code)  # fmt: skip


@dataclass
class MediaForm:
    alt: str = ""
    caption: str = ""
    credit: str = ""
    lock_version: int = 0
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, media: Media) -> "MediaForm":
        return cls(alt=media.alt, caption=media.caption, credit=media.credit,
                   lock_version=media.lock_version)  # fmt: skip


class _PostedMedia(PostedForm):
    alt: str = ""
    caption: str = ""
    credit: str = ""
    lock_version: str = ""


PostedMedia = Annotated[_PostedMedia, Form()]


def _articles_using(session: Session, desk: Desk, media: Media) -> dict[str, Any]:
    """The articles that use the item, named only where the caller may view them (as the
    API's refused delete does: others' drafts must not be learnt from a picture); the rest are
    only counted."""
    assert media.id is not None
    live = set(usage.live_articles_using(session, [media.id]))
    using = live | set(usage.working_articles_using(session, [media.id]))
    named = viewable_articles(session, desk, using)
    return {"articles": named, "live": live, "others": _others(len(using - {a.id for a in named}))}


def _others(count: int) -> str:
    return _(OTHERS_USING).format(count=count) if count else ""


def viewable_articles(session: Session, desk: Desk, article_ids: set[int]) -> list[Article]:
    if not article_ids:
        return []
    stmt = select(Article).where(col(Article.id).in_(article_ids))
    visible = visible_articles_clause(desk.principal)
    if visible is not None:
        stmt = stmt.where(visible)
    return list(session.exec(stmt.order_by(col(Article.id).desc())).all())


def _media_page(
    request: Request,
    session: Session,
    desk: Desk,
    media: Media,
    *,
    form: MediaForm | None = None,
    message: str | None = None,
    in_use: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    shape = media_admin(media)
    # The preview: the smallest rendition a column of the page fills, else the original.
    wide_enough = [r for r in sorted(shape.renditions, key=lambda r: r.width) if r.width >= 640]
    uploader = session.get(User, media.created_by) if media.created_by else None
    context = {
        "media": shape,
        "preview": wide_enough[0].url if wide_enough else shape.url,
        "form": form or MediaForm.of(media),
        "uploader": (uploader.display_name or uploader.username) if uploader else "",
        "kilobytes": desk_number(max(1, round(media.byte_size / 1024))),
        "using": _articles_using(session, desk, media),
        "in_use": in_use,
        "message": message,
        "saved": request.query_params.get("saved") == "1",
        "uploaded": request.query_params.get("uploaded") == "1",
        "status_labels": STATUS_LABELS,
    }
    return render(request, "library_item.html", context, desk=desk, status_code=status_code)


@router.get("/library/{media_id}")
def library_item(request: Request, session: SessionDep, desk: DeskDep, media_id: RowId) -> Response:
    return _media_page(request, session, desk, media_service.get_media(session, media_id))


def _media_refusal(error: NewsdeskError) -> str:
    if isinstance(error, Forbidden):
        return _(NOT_YOURS)
    return _("Something went wrong. Try again later.")


@router.post("/library/{media_id}")
def update_library_item(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    media_id: RowId,
    posted: PostedMedia,
) -> Response:
    """Change the alt text, caption and credit; live articles showing the file follow at
    once (the service renders them again)."""
    media = media_service.get_media(session, media_id)
    form = MediaForm(alt=posted.alt, caption=posted.caption, credit=posted.credit,
                     lock_version=media.lock_version)  # fmt: skip
    # The API's If-Match: a page opened before someone else's change does not undo it blindly.
    if posted.lock_version != str(media.lock_version):
        return _media_page(request, session, desk, media, form=form, status_code=412,
                           message=_("Someone else changed this file while you were editing. "
                                     "What you typed is kept: save again to put it over their "
                                     "change."))  # fmt: skip
    try:
        data = MediaUpdate.model_validate(
            {"alt": posted.alt, "caption": posted.caption, "credit": posted.credit}
        )
    except ValidationError as invalid:
        form.errors = field_errors(invalid)
        return _media_page(request, session, desk, media, form=form, status_code=422,
                           message=_("Some fields need correcting."))  # fmt: skip
    try:
        retry_on_conflict(
            session,
            partial(media_service.update_media, session, media=media, data=data,
                    actor=desk.principal),
        )  # fmt: skip
    except NewsdeskError as refused:
        session.refresh(media)
        return _media_page(request, session, desk, media, form=form,
                           status_code=refused.status_code,
                           message=_media_refusal(refused))  # fmt: skip
    return see_other(f"/desk/library/{media_id}?saved=1")


@router.post("/library/{media_id}/delete")
def delete_library_item(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    media_id: RowId,
    lock_version: Annotated[str, Form()] = "",
) -> Response:
    """Delete a file no article uses; otherwise say which ones do (those the user may view)."""
    media = media_service.get_media(session, media_id)
    if lock_version != str(media.lock_version):
        return _media_page(request, session, desk, media, status_code=412,
                           message=_("Someone else changed this file meanwhile: look at it "
                                     "again before deleting it."))  # fmt: skip
    try:
        retry_on_conflict(
            session,
            partial(media_service.delete_media, session, media=media, actor=desk.principal),
        )
    except Conflict as refused:
        named = set(refused.extensions.get("article_ids", []))
        in_use = {
            "articles": viewable_articles(session, desk, named),
            "live": set(refused.extensions.get("live_article_ids", [])),
            "others": _others(refused.extensions.get("other_article_count", 0)),
        }
        return _media_page(request, session, desk, media, status_code=409, in_use=in_use,
                           message=_(IN_USE))  # fmt: skip
    except NewsdeskError as refused:
        return _media_page(request, session, desk, media, status_code=refused.status_code,
                           message=_media_refusal(refused))  # fmt: skip
    return see_other("/desk/library?done=deleted")
