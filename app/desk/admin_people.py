"""The desk's admin pages for people: staff users (profile, site role, active flag, password,
category grants) and API keys. Admins only, by the admin API's own rule (a site-wide admin
role); anyone else gets the 404 page of an unknown address, so these pages do not even show
that they exist. Every change goes through the accounts services the admin API calls
(app/accounts/admin_router.py), validated by the same schemas."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from pydantic import BaseModel, Field, ValidationError
from sqlmodel import Session
from starlette.responses import Response

from app.accounts import api_keys, service
from app.accounts.models import Role, User
from app.accounts.schemas import (
    ApiKeyCreate,
    ApiKeyPublic,
    GrantCreate,
    PasswordReset,
    UserCreate,
    UserUpdate,
)
from app.articles.taxonomy import list_categories
from app.core.config import get_settings
from app.core.db import SessionDep, retry_on_conflict, utcnow
from app.core.errors import Conflict, InvalidInput, NewsdeskError, NotFound
from app.desk.forms import message_for
from app.desk.i18n import N_, _
from app.desk.router import category_options
from app.desk.web import Desk, DeskChangeDep, DeskDep, PostedForm, render, see_other


def _admins_only(desk: DeskDep) -> Desk:
    """The admin API's rule (require_site_role(Role.admin)), answered as an unknown page."""
    role = desk.principal.site_role
    if role is None or role.rank < Role.admin.rank:
        raise NotFound("no such page")
    return desk


# A router-wide dependency runs before the handler's own, so a non-admin's forced POST gets
# the 404 before (and whatever) the CSRF check says.
router = APIRouter(include_in_schema=False, dependencies=[Depends(_admins_only)])
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
PAGE_SIZE = 100

ROLE_LABELS = {
    Role.contributor.value: N_("Contributor"),
    Role.editor.value: N_("Editor"),
    Role.chief_editor.value: N_("Chief editor"),
    Role.admin.value: N_("Administrator"),
}
# Category grants stop below admin (GrantCreate's GrantRole): admin is site-wide.
GRANT_ROLES = (Role.contributor.value, Role.editor.value, Role.chief_editor.value)
SCOPE_LABELS = {
    "sync": N_("Sync: reads the change feed of live articles"),
    "preview": N_("Preview: reads drafts as the site would show them"),
}
# What a page says after a change went through (the ?done= of its redirect).
DONE = {
    "created": N_("User created."),
    "saved": N_("Saved."),
    "password": N_(
        "The new password is set and the user's sessions have ended. Tell it to them in person."
    ),
    "deactivated": N_("Account deactivated: the user's sessions have ended."),
    "activated": N_("Account reactivated."),
    "granted": N_("Role granted."),
    "withdrawn": N_("Role withdrawn."),
    "revoked": N_("Key revoked: the next request made with it is refused."),
}
# ApiKeyCreate's own rules (a model validator) in the admin's words, by the English text of
# its ValueError; a rule not listed here still shows, as a generic refusal.
KEY_RULES = {
    "at least one scope or a role": N_("Give the key a scope or a role (or both)."),
    "category_ids limit a role": N_("Categories limit a role: choose a role too."),
    "admin is site-wide": N_(
        "An administrator key is site-wide: it cannot be limited to categories."
    ),
}


class _PostedUser(PostedForm):
    username: str = ""
    display_name: str = ""
    email: str = ""
    role: str = ""
    password: str = ""
    lock_version: str = ""


class _PostedPassword(PostedForm):
    new_password: str = ""
    lock_version: str = ""


class _PostedLock(PostedForm):
    lock_version: str = ""


class _PostedGrant(PostedForm):
    category_id: str = ""
    role: str = ""


class _PostedKey(PostedForm):
    name: str = ""
    scopes: list[str] = Field(default_factory=list)
    role: str = ""
    category_ids: list[str] = Field(default_factory=list)
    expires_at: str = ""


@dataclass
class UserForm:
    """A user's fields as the form shows them. Never the password: what was typed in a
    password field is not sent back into a page."""

    username: str = ""
    display_name: str = ""
    email: str = ""
    role: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, user: User) -> "UserForm":
        return cls(user.username, user.display_name, user.email or "", user.role or "")

    def values(self) -> dict[str, Any]:
        """As UserCreate/UserUpdate take them: an empty field is "none"."""
        return {
            "display_name": self.display_name.strip(),
            "email": self.email.strip() or None,
            "role": self.role or None,
        }


@dataclass
class GrantForm:
    category_id: str = ""
    role: str = ""
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class KeyForm:
    name: str = ""
    scopes: list[str] = field(default_factory=list)
    role: str = ""
    category_ids: list[str] = field(default_factory=list)
    expires_at: str = ""  # a datetime-local value, in the site's time zone
    errors: dict[str, str] = field(default_factory=dict)


def _field_message(error: Any) -> str:
    """A schema's refusal of one field, in Vietnamese (forms.message_for, made precise for
    the fields of people and keys)."""
    kind = error.get("type", "")
    name = str(error["loc"][0]) if error.get("loc") else ""
    context = error.get("ctx") or {}
    if kind in ("enum", "literal_error", "list_type"):
        return _("Choose one from the list.")
    if name == "email" and kind == "value_error":
        return _("Not a valid e-mail address.")
    if name == "username" and kind == "string_pattern_mismatch":
        return _("Letters, digits and . _ @ + - only, without spaces.")
    if kind == "string_too_short" and context.get("min_length", 1) > 1:
        if error.get("input") == "":
            return _("Required.")
        return _("At least {limit} characters.").format(limit=context["min_length"])
    return message_for(error)


Schema = TypeVar("Schema", bound=BaseModel)


def _validated(
    schema: type[Schema], values: dict[str, Any], errors: dict[str, str]
) -> Schema | None:
    """The schema's model, or None with its refusals added to `errors` by field ("form" for
    a rule about several fields)."""
    try:
        return schema.model_validate(values)
    except ValidationError as invalid:
        for error in invalid.errors():
            name = str(error["loc"][0]) if error["loc"] else "form"
            if name == "form":
                rule = next((m for k, m in KEY_RULES.items() if k in error.get("msg", "")), None)
                errors.setdefault(name, _(rule) if rule else _("Not a valid value."))
            else:
                errors.setdefault(name, _field_message(error))
        return None


def _refused_fields(error: NewsdeskError) -> list[str]:
    """The fields a service named in an InvalidInput (its loc, after "body")."""
    if not isinstance(error, InvalidInput) or not error.errors:
        return []
    named = ([str(p) for p in item.get("loc", []) if p != "body"] for item in error.errors)
    return [loc[0] for loc in named if loc]


def _lock_matches(posted: str, user: User) -> bool:
    """The version the form was opened on is still the user's (the API's If-Match)."""
    return posted.isdigit() and int(posted) == user.lock_version


def _done_message(request: Request) -> str | None:
    done = DONE.get(request.query_params.get("done", ""))
    return _(done) if done else None


# --- users ---------------------------------------------------------------------------------


def _users_page(
    request: Request,
    session: Session,
    desk: Desk,
    *,
    form: UserForm,
    after: int | None = None,
    status_code: int = 200,
) -> Response:
    rows = service.list_users(session, after_id=after, limit=PAGE_SIZE + 1)
    next_url = (
        f"/desk/admin/users?after={rows[PAGE_SIZE - 1].id}" if len(rows) > PAGE_SIZE else None
    )
    context = {
        "users": rows[:PAGE_SIZE],
        "next_url": next_url,
        "form": form,
        "role_labels": ROLE_LABELS,
        "notice": _done_message(request),
    }
    return render(request, "admin_users.html", context, desk=desk, status_code=status_code)


@router.get("/admin/users")
def user_list(
    request: Request,
    session: SessionDep,
    desk: DeskDep,
    after: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    return _users_page(request, session, desk, form=UserForm(), after=after)


@router.post("/admin/users")
def create_user(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    posted: Annotated[_PostedUser, Form()],
) -> Response:
    form = UserForm(posted.username, posted.display_name, posted.email, posted.role)
    values = form.values() | {"username": form.username.strip(), "password": posted.password}
    values["display_name"] = values["display_name"] or None  # the username then
    data = _validated(UserCreate, values, form.errors)
    if data is None:
        return _users_page(request, session, desk, form=form, status_code=422)
    try:
        # A username taken by a concurrent request is then answered like any taken one.
        user = retry_on_conflict(
            session, partial(service.create_user_from, session, data=data, actor=desk.principal)
        )
    except Conflict:
        form.errors["username"] = _("This username is taken.")
        return _users_page(request, session, desk, form=form, status_code=409)
    return see_other(f"/desk/admin/users/{user.id}?done=created")


def _user_page(
    request: Request,
    session: Session,
    desk: Desk,
    user: User,
    *,
    profile: UserForm | None = None,
    grant: GrantForm | None = None,
    password_error: str | None = None,
    message: str | None = None,
    status_code: int = 200,
) -> Response:
    assert user.id is not None
    categories = list(list_categories(session))
    context = {
        "user": user,
        "profile": profile or UserForm.of(user),
        "grant": grant or GrantForm(),
        "password_error": password_error,
        "grants": service.list_grants(session, user_id=user.id),
        "categories": category_options(categories),
        "category_names": {c.id: c.name for c in categories},
        "role_labels": ROLE_LABELS,
        "grant_roles": GRANT_ROLES,
        "message": message,
        "notice": None if message else _done_message(request),
    }
    return render(request, "admin_user.html", context, desk=desk, status_code=status_code)


def _stale(request: Request, session: Session, desk: Desk, user: User, **forms: Any) -> Response:
    """Someone changed the user since the page was opened: nothing is written. What was
    typed stays and the forms now carry the current version, so saving again is knowing."""
    return _user_page(request, session, desk, user, status_code=412, **forms,
                      message=_("Someone else changed this user while you were editing. "
                                "Check the page, then save again."))  # fmt: skip


def _last_admin() -> str:
    return _("This is the last active administrator: make someone else an administrator first.")


@router.get("/admin/users/{user_id}")
def user_page(request: Request, session: SessionDep, desk: DeskDep, user_id: Id) -> Response:
    return _user_page(request, session, desk, service.get_user(session, user_id))


@router.post("/admin/users/{user_id}")
def save_user(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    user_id: Id,
    posted: Annotated[_PostedUser, Form()],
) -> Response:
    """Display name, e-mail and site role; only what was changed is sent, as a PATCH."""
    user = service.get_user(session, user_id)
    form = UserForm(user.username, posted.display_name, posted.email, posted.role)
    if not _lock_matches(posted.lock_version, user):
        return _stale(request, session, desk, user, profile=form)
    saved = UserForm.of(user).values()
    changed = {k: v for k, v in form.values().items() if v != saved[k]}
    data = _validated(UserUpdate, changed, form.errors)
    if data is None:
        return _user_page(request, session, desk, user, profile=form, status_code=422,
                          message=_("Some fields need correcting."))  # fmt: skip
    if changed:
        try:
            service.update_user(session, user=user, data=data, actor=desk.principal)
        except Conflict:
            return _user_page(request, session, desk, user, profile=form, status_code=409,
                              message=_last_admin())  # fmt: skip
    return see_other(f"/desk/admin/users/{user_id}?done=saved")


@router.post("/admin/users/{user_id}/deactivate")
def deactivate_user(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    user_id: Id,
    posted: Annotated[_PostedLock, Form()],
) -> Response:
    """Never a deletion: their articles and history keep pointing to them."""
    user = service.get_user(session, user_id)
    if not _lock_matches(posted.lock_version, user):
        return _stale(request, session, desk, user)
    try:
        service.deactivate_user(session, user=user, actor=desk.principal)
    except Conflict:
        return _user_page(request, session, desk, user, status_code=409, message=_last_admin())
    return see_other(f"/desk/admin/users/{user_id}?done=deactivated")


@router.post("/admin/users/{user_id}/activate")
def activate_user(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    user_id: Id,
    posted: Annotated[_PostedLock, Form()],
) -> Response:
    user = service.get_user(session, user_id)
    if not _lock_matches(posted.lock_version, user):
        return _stale(request, session, desk, user)
    service.update_user(session, user=user, data=UserUpdate(is_active=True), actor=desk.principal)
    return see_other(f"/desk/admin/users/{user_id}?done=activated")


@router.post("/admin/users/{user_id}/password")
def reset_password(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    user_id: Id,
    posted: Annotated[_PostedPassword, Form()],
) -> Response:
    """A new password for someone who lost theirs; the services end their sessions."""
    user = service.get_user(session, user_id)
    if not _lock_matches(posted.lock_version, user):
        return _stale(request, session, desk, user)
    errors: dict[str, str] = {}
    data = _validated(PasswordReset, {"new_password": posted.new_password}, errors)
    if data is None:
        refusal = errors.get("new_password", _("Not a valid value."))
        return _user_page(request, session, desk, user, status_code=422, password_error=refusal)
    try:
        service.reset_password(
            session, user=user, new_password=data.new_password, actor=desk.principal
        )
    except Conflict:  # the service account of an API key
        refusal = _("This account belongs to an API key and has no password: revoke the key "
                    "and create another.")  # fmt: skip
        return _user_page(request, session, desk, user, status_code=409, password_error=refusal)
    return see_other(f"/desk/admin/users/{user_id}?done=password")


@router.post("/admin/users/{user_id}/grants")
def add_grant(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    user_id: Id,
    posted: Annotated[_PostedGrant, Form()],
) -> Response:
    user = service.get_user(session, user_id)
    form = GrantForm(posted.category_id, posted.role)
    values = {"category_id": form.category_id or None, "role": form.role or None}
    data = _validated(GrantCreate, values, form.errors)
    if data is None:
        return _user_page(request, session, desk, user, grant=form, status_code=422)
    try:
        retry_on_conflict(
            session,
            partial(service.add_grant, session, user=user, data=data, actor=desk.principal),
        )
    except Conflict:
        form.errors["category_id"] = _(
            "This user already has a role in this category: withdraw it first to change it."
        )
        return _user_page(request, session, desk, user, grant=form, status_code=409)
    except InvalidInput:  # the category was deleted meanwhile
        form.errors["category_id"] = _("Choose one from the list.")
        return _user_page(request, session, desk, user, grant=form, status_code=422)
    return see_other(f"/desk/admin/users/{user_id}?done=granted")


@router.post("/admin/users/{user_id}/grants/{grant_id}/delete")
def remove_grant(
    request: Request, session: SessionDep, desk: DeskChangeDep, user_id: Id, grant_id: Id
) -> Response:
    user = service.get_user(session, user_id)
    try:
        service.remove_grant(session, user=user, grant_id=grant_id, actor=desk.principal)
    except NotFound:  # withdrawn already (a second click, another admin)
        return _user_page(request, session, desk, user, status_code=404,
                          message=_("This role was already withdrawn."))  # fmt: skip
    return see_other(f"/desk/admin/users/{user_id}?done=withdrawn")


# --- API keys ------------------------------------------------------------------------------


def _keys_page(
    request: Request,
    session: Session,
    desk: Desk,
    *,
    form: KeyForm,
    created: tuple[ApiKeyPublic, str] | None = None,
    status_code: int = 200,
) -> Response:
    categories = list(list_categories(session))
    keys = [api_keys.public_form(session, key) for key in api_keys.list_api_keys(session)]
    context = {
        "keys": keys[::-1],  # newest first
        "now": utcnow(),
        "form": form,
        "created": created,
        "categories": category_options(categories),
        "category_names": {c.id: c.name for c in categories},
        "role_labels": ROLE_LABELS,
        "scope_labels": SCOPE_LABELS,
        "notice": _done_message(request),
    }
    return render(request, "admin_api_keys.html", context, desk=desk, status_code=status_code)


@router.get("/admin/api-keys")
def key_list(request: Request, session: SessionDep, desk: DeskDep) -> Response:
    return _keys_page(request, session, desk, form=KeyForm())


@router.post("/admin/api-keys")
def create_key(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    posted: Annotated[_PostedKey, Form()],
) -> Response:
    """The secret is in this answer only (a page, not a redirect: the next page could not
    show it). Only its hash is stored, and the page is sent with Cache-Control: no-store."""
    form = KeyForm(posted.name, posted.scopes, posted.role, posted.category_ids,
                   posted.expires_at)  # fmt: skip
    expires_at = None
    if form.expires_at:
        try:
            expires_at = datetime.fromisoformat(form.expires_at).replace(
                tzinfo=ZoneInfo(get_settings().timezone)
            )
        except ValueError:
            form.errors["expires_at"] = _("Write a date and time, as 31/12/2030 17:00.")
    values = {"name": form.name.strip(), "scopes": form.scopes, "role": form.role or None,
              "category_ids": form.category_ids, "expires_at": expires_at}  # fmt: skip
    data = _validated(ApiKeyCreate, values, form.errors)
    if data is None or form.errors:
        return _keys_page(request, session, desk, form=form, status_code=422)
    try:
        key, secret = retry_on_conflict(
            session, partial(api_keys.create_api_key, session, data=data, actor=desk.principal)
        )
    except InvalidInput as refused:
        for name in _refused_fields(refused) or ["form"]:
            form.errors[name] = (
                _("Must be in the future.") if name == "expires_at"
                else _("Choose one from the list.") if name == "category_ids"
                else _("Not a valid value.")
            )  # fmt: skip
        return _keys_page(request, session, desk, form=form, status_code=422)
    created = (api_keys.public_form(session, key), secret)
    return _keys_page(request, session, desk, form=KeyForm(), created=created, status_code=201)


@router.post("/admin/api-keys/{key_id}/revoke")
def revoke_key(session: SessionDep, desk: DeskChangeDep, key_id: Id) -> Response:
    """At once: the very next request made with the key is refused."""
    key = api_keys.get_api_key(session, key_id)
    api_keys.revoke_api_key(session, key=key, actor=desk.principal)
    return see_other("/desk/admin/api-keys?done=revoked")
