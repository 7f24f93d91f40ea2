"""install_desk(app): the desk's pages, its static files, and how its errors answer."""

from http import HTTPStatus
from pathlib import Path

from fastapi import FastAPI, Request
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from app.core.errors import render_errors_as_pages
from app.desk import (
    admin_people,
    article_pages,
    author_pages,
    library_pages,
    media_pages,
    royalty_admin_pages,
    royalty_pages,
    stats_pages,
    version_pages,
    webhook_pages,
)
from app.desk.i18n import _
from app.desk.router import router
from app.desk.web import ChangeRefused, SignInRequired, render, sign_in_redirect

STATIC = Path(__file__).parent / "static"
PREFIX = "/desk"


def _error_page(request: Request, status: int, detail: str | None) -> Response:
    messages = {
        403: _("You may not do this."),
        404: _("This page does not exist, or you may not see it."),
        422: _("The request was not understood. Go back and try again."),
        429: _("Too many requests. Wait a moment and try again."),
    }
    message = messages.get(status) or _("Something went wrong. Try again later.")
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
    return render(
        request, "error.html", {"status": status, "phrase": phrase, "message": message},
        status_code=status,
    )  # fmt: skip


def _change_refused(request: Request, exc: Exception) -> Response:
    return render(
        request, "error.html",
        {"status": 403, "phrase": "Forbidden",
         "message": _("This form has expired or did not come from the desk. Reload the page "
                      "and try again.")},
        status_code=403,
    )  # fmt: skip


def install_desk(app: FastAPI) -> None:
    app.include_router(router, prefix=PREFIX)
    for pages in (article_pages, media_pages, version_pages, royalty_pages, admin_people,
                  webhook_pages, library_pages, stats_pages, royalty_admin_pages,
                  author_pages):  # fmt: skip
        app.include_router(pages.router, prefix=PREFIX)
    app.mount(f"{PREFIX}/static", StaticFiles(directory=STATIC), name="desk-static")
    app.add_exception_handler(SignInRequired, sign_in_redirect)
    app.add_exception_handler(ChangeRefused, _change_refused)
    render_errors_as_pages(PREFIX, _error_page)
