"""The editorial desk's pages (/desk/): thin handlers over the same services as the admin API
(accounts.service.authenticate, articles.service.list_admin_articles, the workflow's rules),
rendering Jinja2 templates; htmx asks for the partial that changed."""

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Query, Request
from sqlmodel import Session, col, select
from starlette.responses import Response

from app.accounts import service as accounts
from app.accounts.models import Role, User
from app.articles import service as articles
from app.articles.models import Article, ArticleStatus, Category
from app.articles.taxonomy import list_categories
from app.core.config import get_settings
from app.core.db import SessionDep, utcnow
from app.core.errors import TooManyRequests, Unauthorized
from app.desk import sessions
from app.desk.i18n import N_, _
from app.desk.web import (
    COOKIE,
    LOGIN_CSRF_COOKIE,
    DeskChangeDep,
    DeskDep,
    check_origin,
    cookie_is_secure,
    render,
    see_other,
)
from app.notifications import service as notifications

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50

STATUS_LABELS = {
    ArticleStatus.draft.value: N_("Draft"),
    ArticleStatus.in_review.value: N_("In review"),
    ArticleStatus.rejected.value: N_("Returned"),
    ArticleStatus.scheduled.value: N_("Scheduled"),
    ArticleStatus.published.value: N_("Published"),
    ArticleStatus.expired.value: N_("Expired"),
    ArticleStatus.unpublished.value: N_("Unpublished"),
    ArticleStatus.trashed.value: N_("Trash"),
}
# Saved views, as SharePoint's list views: what each one fixes of the filters.
VIEWS = {
    "mine": N_("My articles"),
    "review": N_("Awaiting my review"),
    "scheduled": N_("Scheduled"),
    "trash": N_("Trash"),
}


# Sortable columns: the sort each column header asks for (newest first by default).
SORTS = {"updated", "title", "views"}


@router.get("")
@router.get("/")
def desk_home() -> Response:
    return see_other("/desk/articles")


# --- signing in and out ---------------------------------------------------------------------


def _safe_next(value: str | None) -> str:
    """Only a desk page: never another site (an open redirect) or a scheme-relative URL."""
    if value and value.startswith("/desk/") and not value.startswith("/desk//"):
        return value
    return "/desk/articles"


def _login_page(
    request: Request, *, back_to: str, error: str | None = None, status_code: int = 200
) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        {"next": back_to, "login_csrf": token, "error": error},
        status_code=status_code,
    )
    # Login CSRF (double submit): a form posted from elsewhere cannot know this cookie.
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, path="/desk", httponly=True, samesite="strict",
        secure=cookie_is_secure(),
    )  # fmt: skip
    return response


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    return _login_page(request, back_to=_safe_next(next))


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=150)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    login_csrf: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    back_to = _safe_next(next)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    # compare_digest refuses non-ASCII str (a TypeError, a 500): bytes take anything.
    matches = secrets.compare_digest(expected.encode(), login_csrf.encode())
    if not expected or not matches or not check_origin(request):
        return _login_page(
            request, back_to=back_to, status_code=403,
            error=_("The sign-in form had expired. Please sign in again."),
        )  # fmt: skip
    try:
        user = accounts.authenticate(
            session,
            username=username.strip(),
            password=password,
            client_ip=request.client.host if request.client else None,
        )
    except TooManyRequests as throttled:
        wait = throttled.headers.get("Retry-After", "") if throttled.headers else ""
        return _login_page(
            request, back_to=back_to, status_code=429,
            error=_("Too many failed sign-ins. Try again in {seconds} seconds.").format(
                seconds=wait
            ),
        )  # fmt: skip
    except Unauthorized:
        return _login_page(
            request, back_to=back_to, status_code=401,
            error=_("Wrong username or password."),
        )  # fmt: skip
    # authenticate() ends its transaction before the slow hash, so the write lock is not held
    # through it; the session row is written in the request's transaction, committed after.
    token, _row = sessions.start_session(session, user, now=utcnow())
    response = see_other(back_to)
    response.set_cookie(
        COOKIE, token, path="/desk", httponly=True, samesite="lax", secure=cookie_is_secure()
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/desk")
    return response


@router.post("/logout")
def logout(request: Request, session: SessionDep, desk: DeskChangeDep) -> Response:
    sessions.end_session(session, request.cookies.get(COOKIE, ""))
    response = see_other("/desk/login")
    response.delete_cookie(COOKIE, path="/desk")
    return response


# --- the article list ------------------------------------------------------------------------


@dataclass
class ListQuery:
    """The list's filters as the form sends them (empty strings mean "any")."""

    view: str = ""
    status: str = ""
    category: str = ""
    author: str = ""
    type: str = ""
    q: str = ""
    updated_from: str = ""
    updated_to: str = ""
    sort: str = ""
    errors: list[str] = field(default_factory=list)

    def params(self, **changes: str) -> str:
        values = {
            "view": self.view, "status": self.status, "category": self.category,
            "author": self.author, "type": self.type, "q": self.q,
            "updated_from": self.updated_from, "updated_to": self.updated_to,
            "sort": self.sort, **changes,
        }  # fmt: skip
        return urlencode({k: v for k, v in values.items() if v})


def _int_or_none(value: str, unknown: str, errors: list[str]) -> int | None:
    if not value:
        return None
    if value.isdigit() and 0 < int(value) < 2**31:
        return int(value)
    errors.append(unknown)
    return None


def _day_start(value: str, errors: list[str]) -> datetime | None:
    """A date from the form's date field, as the start of that day in the site's time zone."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        errors.append(_("Dates are written as dd/mm/yyyy."))
        return None
    if not 1850 <= day.year < 2100:
        errors.append(_("Dates are written as dd/mm/yyyy."))
        return None
    return datetime.combine(day, time(), ZoneInfo(get_settings().timezone))


def _authors(session: Session) -> list[User]:
    return list(
        session.exec(
            select(User)
            .where(col(User.is_service).is_(False))
            .order_by(col(User.display_name), col(User.username))
        ).all()
    )


@router.get("/articles")
def article_list(
    request: Request,
    session: SessionDep,
    desk: DeskDep,
    view: Annotated[str, Query(max_length=20)] = "",
    status: Annotated[str, Query(max_length=20)] = "",
    category: Annotated[str, Query(max_length=12)] = "",
    author: Annotated[str, Query(max_length=12)] = "",
    type: Annotated[str, Query(max_length=50)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    updated_from: Annotated[str, Query(max_length=10)] = "",
    updated_to: Annotated[str, Query(max_length=10)] = "",
    sort: Annotated[str, Query(max_length=10)] = "",
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    query = ListQuery(view if view in VIEWS else "", status, category, author, type, q.strip(),
                      updated_from, updated_to, sort if sort in SORTS else "")  # fmt: skip
    errors = query.errors
    status_filter = ArticleStatus(status) if status in STATUS_LABELS else None
    if status and status_filter is None:
        errors.append(_("Unknown status."))
    if query.view == "scheduled":
        status_filter = ArticleStatus.scheduled
    elif query.view == "trash":
        status_filter = ArticleStatus.trashed
    may_pick_author = (desk.principal.strongest_role() or Role.contributor).rank >= Role.editor.rank
    author_id = _int_or_none(author, _("Unknown author."), errors) if may_pick_author else None
    if query.view == "mine":
        author_id = desk.user.id
    category_id = _int_or_none(category, _("Unknown category."), errors)
    start = _day_start(updated_from, errors)
    end = _day_start(updated_to, errors)
    if type and type not in get_settings().article_types:
        errors.append(_("Unknown article type."))
    rows: list[Article] = []
    next_cursor = None
    if not errors:
        found, next_cursor = articles.list_admin_articles(
            session,
            viewer=desk.principal,
            status=status_filter,
            category_id=category_id,
            author_id=author_id,
            q=query.q or None,
            article_type=type or None,
            awaiting_my_review=query.view == "review",
            updated_from=start,
            updated_before=end + timedelta(days=1) if end else None,
            sort=articles.AdminSort(query.sort or "newest"),
            cursor=cursor,
            limit=PAGE_SIZE,
            with_bodies=False,
        )
        rows = list(found)
    categories = list(list_categories(session))
    context = {
        "query": query,
        "rows": rows,
        "next_url": f"/desk/articles?{query.params(cursor=next_cursor)}" if next_cursor else None,
        "views": VIEWS,
        "status_labels": STATUS_LABELS,
        "categories": category_options(categories),
        "category_names": {c.id: c.name for c in categories},
        "authors": _authors(session) if may_pick_author else [],
        "author_names": _author_names(session, rows),
        "article_types": get_settings().article_types,
    }
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "articles_results.html" if partial else "articles.html"
    return render(request, template, context, desk=desk, status_code=400 if errors else 200)


def _author_names(session: Session, rows: list[Article]) -> dict[int, str]:
    ids = {a.author_id for a in rows if a.author_id is not None}
    if not ids:
        return {}
    users = session.exec(select(User).where(col(User.id).in_(ids))).all()
    return {u.id: u.display_name or u.username for u in users if u.id is not None}


def category_options(categories: list[Category]) -> list[tuple[int, str]]:
    """The category tree in order, each name indented by its depth, for a select."""
    children: dict[int | None, list[Category]] = {}
    for category in sorted(categories, key=lambda c: (c.position, c.name)):
        children.setdefault(category.parent_id, []).append(category)
    options: list[tuple[int, str]] = []
    stack = [(c, 0) for c in reversed(children.get(None, []))]
    while stack:
        category, depth = stack.pop()
        assert category.id is not None
        options.append((category.id, "\u2003" * depth + category.name))
        stack.extend((c, depth + 1) for c in reversed(children.get(category.id, [])))
    return options


# --- notifications ---------------------------------------------------------------------------


@router.get("/notifications")
def notification_list(request: Request, session: SessionDep, desk: DeskDep) -> Response:
    """The bell's page: the latest notifications, unread ones marked; "mark all as read"."""
    assert desk.user.id is not None
    items = notifications.latest(session, desk.user.id)
    return render(request, "notifications.html", {"items": items}, desk=desk)


@router.post("/notifications/read")
def notifications_read(session: SessionDep, desk: DeskChangeDep) -> Response:
    assert desk.user.id is not None
    notifications.mark_all_read(session, desk.user.id, now=utcnow())
    return see_other("/desk/notifications")
