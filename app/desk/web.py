"""Rendering desk pages: the Jinja2 environment (autoescaped, gettext-aware), the headers
every desk answer carries, and the signed-in caller."""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import jinja2
from fastapi import BackgroundTasks, Depends, Request
from pydantic import BaseModel, ConfigDict
from starlette.responses import HTMLResponse, RedirectResponse, Response

from app.accounts.models import Role, User
from app.accounts.permissions import Principal, load_principal
from app.core.config import get_settings
from app.core.db import SessionDep, request_session, utcnow
from app.desk import sessions
from app.desk.i18n import desk_datetime, desk_datetime_input, desk_number, translations
from app.desk.models import DeskSession
from app.notifications import service as notifications

TEMPLATES = Path(__file__).parent / "templates"
COOKIE = "newsdesk_desk"
LOGIN_CSRF_COOKIE = "newsdesk_desk_login"
# Nothing but our own files: no CDN, no inline script (htmx is configured by attributes).
# Inline styles stay allowed for the rich-text editor's own.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
DESK_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class PostedForm(BaseModel):
    """Form fields as text, without limits here: a value the schemas or services refuse comes
    back in the form with a message, never as an error page that loses what was typed (the
    body size limit bounds them)."""

    model_config = ConfigDict(extra="ignore")


@lru_cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_translations(translations(), newstyle=True)  # type: ignore[attr-defined]
    env.filters["desk_datetime"] = desk_datetime
    env.filters["datetime_input"] = desk_datetime_input
    env.filters["number"] = desk_number
    env.globals["site_name"] = get_settings().site_name
    return env


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    status_code: int = 200,
    desk: "Desk | None" = None,
) -> HTMLResponse:
    page = (
        environment()
        .get_template(template)
        .render(request=request, desk=desk, path=request.url.path, **context)
    )
    return HTMLResponse(page, status_code=status_code, headers=DESK_HEADERS)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers=DESK_HEADERS)


def cookie_is_secure() -> bool:
    return get_settings().env == "production"


class SignInRequired(Exception):
    """The page needs a signed-in user: answered by a redirect to the sign-in page."""

    def __init__(self, back_to: str, *, expired: str | None = None) -> None:
        self.back_to = back_to
        self.expired = expired  # the token hash of a session found expired, to delete


def _write_session_row(token_hash: str, *, delete: bool, now: datetime) -> None:
    """Touch or delete a session row in a short transaction of its own, once the request's
    own (a GET's: read-only, as SQLite's write lock is for writers) is over."""
    with request_session(write=True) as writer:
        stored = writer.get(DeskSession, token_hash)
        if stored is not None:
            if delete:
                writer.delete(stored)
            else:
                stored.last_seen_at = now
        writer.commit()


def sign_in_redirect(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    if exc.expired is not None:
        _write_session_row(exc.expired, delete=True, now=utcnow())
    if request.headers.get("HX-Request"):  # htmx would swap the sign-in page into a table
        return Response(status_code=204, headers={**DESK_HEADERS, "HX-Redirect": "/desk/login"})
    response = see_other(f"/desk/login?next={quote(exc.back_to, safe='/')}")
    response.delete_cookie(COOKIE, path="/desk")
    return response


@dataclass
class Desk:
    """The signed-in caller of a desk page."""

    principal: Principal
    session: DeskSession
    unread: int = 0  # notifications, for the bell

    @property
    def user(self) -> User:
        return self.principal.user

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token

    @property
    def is_admin(self) -> bool:
        """Shows the admin menu; each admin page checks the API's own rule again."""
        return self.principal.site_role is Role.admin

    @property
    def manages_authors(self) -> bool:
        """The author profiles: the API's rule, an editor somewhere."""
        return self.principal.holds_somewhere(Role.editor)

    @property
    def reads_royalties(self) -> bool:
        """The royalty report and rate tables: the API's rule, an editor somewhere."""
        return self.principal.holds_somewhere(Role.editor)


def current_desk(request: Request, session: SessionDep, background: BackgroundTasks) -> Desk:
    """The caller's desk session, or a redirect to the sign-in page."""
    back_to = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    token = request.cookies.get(COOKIE)
    if not token:
        raise SignInRequired(back_to)
    now = utcnow()
    row = session.get(DeskSession, sessions.token_hash(token))
    if row is None:
        raise SignInRequired(back_to)
    user = session.get(User, row.user_id)
    if sessions.is_expired(row, user, now=now):
        raise SignInRequired(back_to, expired=row.token_hash)
    assert user is not None
    if sessions.needs_touch(row, now=now):
        background.add_task(_write_session_row, row.token_hash, delete=False, now=now)
    assert user.id is not None
    return Desk(
        principal=load_principal(session, user),
        session=row,
        unread=notifications.unread_count(session, user.id),
    )


DeskDep = Annotated[Desk, Depends(current_desk)]


def check_origin(request: Request) -> bool:
    """A state change must come from a page of this site: when the browser names the origin
    (every current browser does on POST), it must be ours."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host


class ChangeRefused(Exception):
    """A state change without this session's CSRF token, or from another origin."""


async def desk_for_change(request: Request, desk: DeskDep) -> Desk:
    """The caller of a state change: the CSRF token (form field or htmx header) must be the
    session's, and the origin ours."""
    submitted: Any = request.headers.get("x-csrf-token")
    if submitted is None:
        submitted = (await request.form()).get("csrf_token")
    if (
        not isinstance(submitted, str)
        or not secrets.compare_digest(submitted.encode(), desk.csrf_token.encode())
        or not check_origin(request)
    ):
        raise ChangeRefused()
    return desk


DeskChangeDep = Annotated[Desk, Depends(desk_for_change)]
