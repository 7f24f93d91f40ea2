"""Author profiles in the desk (as /v1/admin/authors: editors and above): the list, a new
profile, editing one (name, address, biography, photo from the library) and deleting it.
The authors service holds the rules; its refusals come back next to the field."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from pydantic import ValidationError
from sqlmodel import Session
from starlette.responses import Response

from app.authors import service as authors
from app.authors.models import Author
from app.authors.schemas import AuthorCreate, AuthorUpdate
from app.core.db import SessionDep, retry_on_conflict
from app.core.errors import Conflict, InvalidInput, NotFound
from app.desk.article_pages import media_thumb
from app.desk.forms import field_errors
from app.desk.i18n import N_, _
from app.desk.web import Desk, DeskChangeDep, DeskDep, PostedForm, render, see_other

router = APIRouter(include_in_schema=False)
AuthorId = Annotated[int, Path(ge=1, le=2**31 - 1)]
DONE = {
    "saved": N_("Saved."),
    "deleted": N_("The profile is deleted; the articles keep their bylines."),
}
STALE = N_("Someone else changed this profile while you were editing: what is saved now is "
           "shown below your text; save again to put yours over it.")  # fmt: skip


class PostedAuthor(PostedForm):
    name: str = ""
    slug: str = ""
    bio: str = ""
    photo_id: str = ""
    lock_version: str = ""


def _editors(desk: Desk) -> Desk:
    """The API's rule (editors and above); anyone else gets the page an unknown address gets."""
    if not desk.manages_authors:
        raise NotFound("no such page")
    return desk


def _editor_page(desk: DeskDep) -> Desk:
    return _editors(desk)


def _editor_change(desk: DeskChangeDep) -> Desk:
    return _editors(desk)


EditorDep = Annotated[Desk, Depends(_editor_page)]
EditorChangeDep = Annotated[Desk, Depends(_editor_change)]


@router.get("/authors")
def author_list(request: Request, session: SessionDep, desk: EditorDep) -> Response:
    done = request.query_params.get("done", "")
    context = {"authors": authors.list_authors(session),
               "done": _(DONE[done]) if done in DONE else None}  # fmt: skip
    return render(request, "authors.html", context, desk=desk)


def _form_page(
    request: Request, session: Session, desk: Desk, author: Author | None, form: PostedAuthor,
    *, errors: dict[str, str] | None = None, message: str | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    context = {
        "author": author, "form": form, "errors": errors or {}, "message": message,
        "photo_thumb": media_thumb(session, form.photo_id),
        "done": _(DONE["saved"]) if request.query_params.get("done") == "saved" else None,
    }  # fmt: skip
    return render(request, "author_form.html", context, desk=desk, status_code=status_code)


def _form_of(author: Author) -> PostedAuthor:
    return PostedAuthor(name=author.name, slug=author.slug, bio=author.bio,
                        photo_id=str(author.photo_id or ""),
                        lock_version=str(author.lock_version))  # fmt: skip


def _values(form: PostedAuthor) -> dict[str, object]:
    return {"name": form.name, "slug": form.slug.strip() or None, "bio": form.bio,
            "photo_id": form.photo_id or None}  # fmt: skip


TAKEN = {
    "name": N_("Another profile has this byline (names match without case or marks)."),
    "slug": N_("Another profile has this address."),
}


def _refusal(error: Conflict | InvalidInput) -> tuple[dict[str, str], str]:
    """The service's refusal next to the field it names."""
    fields = [str(e["loc"][-1]) for e in error.errors or [] if e.get("loc")]
    field = fields[0] if fields else "name"
    if isinstance(error, InvalidInput):
        message = _("Choose an image from the library.")
    else:
        message = _(TAKEN.get(field, TAKEN["name"]))
    return {field: message}, _("Some fields need correcting.")


@router.get("/authors/new")
def new_author(request: Request, session: SessionDep, desk: EditorDep) -> Response:
    return _form_page(request, session, desk, None, PostedAuthor())


@router.post("/authors/new")
def create_author(
    request: Request, session: SessionDep, desk: EditorChangeDep,
    form: Annotated[PostedAuthor, Form()],
) -> Response:  # fmt: skip
    try:
        data = AuthorCreate.model_validate(
            {k: v for k, v in _values(form).items() if v is not None}
        )
    except ValidationError as invalid:
        return _form_page(request, session, desk, None, form, errors=field_errors(invalid),
                          message=_("Some fields need correcting."), status_code=422)  # fmt: skip
    try:
        author = authors.create_author(session, data=data)
    except (Conflict, InvalidInput) as error:
        errors, message = _refusal(error)
        return _form_page(request, session, desk, None, form, errors=errors, message=message,
                          status_code=error.status_code)  # fmt: skip
    return see_other(f"/desk/authors/{author.id}?done=saved")


@router.get("/authors/{author_id}")
def edit_author(
    request: Request, session: SessionDep, desk: EditorDep, author_id: AuthorId
) -> Response:
    author = authors.get_author(session, author_id)
    return _form_page(request, session, desk, author, _form_of(author))


@router.post("/authors/{author_id}")
def update_author(
    request: Request, session: SessionDep, desk: EditorChangeDep, author_id: AuthorId,
    form: Annotated[PostedAuthor, Form()],
) -> Response:  # fmt: skip
    author = authors.get_author(session, author_id)
    if form.lock_version != str(author.lock_version):
        form.lock_version = str(author.lock_version)  # saving again is knowing
        return _form_page(request, session, desk, author, form, message=_(STALE),
                          status_code=412)  # fmt: skip
    values = _values(form)
    values["slug"] = values["slug"] or author.slug
    try:
        data = AuthorUpdate.model_validate(values)
    except ValidationError as invalid:
        return _form_page(request, session, desk, author, form, errors=field_errors(invalid),
                          message=_("Some fields need correcting."), status_code=422)  # fmt: skip
    try:
        retry_on_conflict(session, lambda: authors.update_author(session, author=author, data=data))
    except (Conflict, InvalidInput) as error:
        session.refresh(author)
        errors, message = _refusal(error)
        return _form_page(request, session, desk, author, form, errors=errors, message=message,
                          status_code=error.status_code)  # fmt: skip
    return see_other(f"/desk/authors/{author_id}?done=saved")


@router.post("/authors/{author_id}/delete")
def delete_author(session: SessionDep, desk: EditorChangeDep, author_id: AuthorId) -> Response:
    authors.delete_author(session, author=authors.get_author(session, author_id))
    return see_other("/desk/authors?done=deleted")
