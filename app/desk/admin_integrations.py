"""Integrations and numbers in the desk: webhooks (admins, as /v1/admin/webhooks), the media
library (staff, as /v1/admin/media) and views (an article's daily stats, as
/v1/admin/articles/{id}/stats; the most-read list, as /v1/articles/most-read). Thin handlers
over the same services, with the caller's principal: whoever the API refuses gets the page an
unknown address gets."""

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from pydantic import Field, ValidationError
from sqlmodel import Session, col, select
from starlette.responses import Response

from app.accounts.models import Role, User
from app.accounts.permissions import visible_articles_clause
from app.articles.models import Article, Category
from app.articles.taxonomy import list_categories
from app.core.db import SessionDep, retry_on_conflict, utcnow
from app.core.errors import Conflict, Forbidden, InvalidInput, NewsdeskError, NotFound
from app.core.pagination import InvalidCursor
from app.core.text import nfc
from app.desk.article_pages import article_for
from app.desk.forms import field_errors
from app.desk.i18n import N_, _
from app.desk.router import STATUS_LABELS, category_options
from app.desk.web import Desk, DeskChangeDep, DeskDep, PostedForm, render, see_other
from app.media import service as media_service
from app.media import usage
from app.media.embed import media_admin
from app.media.models import Media
from app.media.schemas import MediaAdmin, MediaUpdate
from app.views import service as views_service
from app.views.service import Window
from app.webhooks import outbox
from app.webhooks import service as webhooks
from app.webhooks.models import WebhookDelivery, WebhookEndpoint
from app.webhooks.schemas import WebhookCreate, WebhookUpdate

router = APIRouter(include_in_schema=False)
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
DELIVERIES_PER_PAGE = 50
LIBRARY_PER_PAGE = 48
MOST_READ_SIZE = 20


def vietnamese_number(value: int) -> str:
    """Thousands separated by dots, as Vietnamese write them (1.234.567)."""
    return f"{value:,}".replace(",", ".")


# --- webhooks (admins) -----------------------------------------------------------------------


def _admin_only(desk: Desk) -> Desk:
    """The API's rule for webhooks (require_site_role(Role.admin)). Anyone else gets the page
    an unknown address gets, so these pages cannot be found by trying."""
    role = desk.principal.site_role
    if role is None or role.rank < Role.admin.rank:
        raise NotFound("no such page")
    return desk


def _admin_page(desk: DeskDep) -> Desk:
    return _admin_only(desk)


def _admin_change(desk: DeskChangeDep) -> Desk:
    return _admin_only(desk)


AdminDep = Annotated[Desk, Depends(_admin_page)]
AdminChangeDep = Annotated[Desk, Depends(_admin_change)]

EVENT_LABELS = {
    "article.published": N_("An article goes live"),
    "article.updated": N_("A live article is republished with changes"),
    "article.unpublished": N_("An article is taken off the site"),
    "article.deleted": N_("An article is deleted for good"),
    outbox.PING: N_("Test message"),
}
DELIVERY_LABELS = {
    "pending": N_("Waiting to be sent"),
    "delivered": N_("Delivered"),
    "failed": N_("Failed"),
}
# The status colours the desk already has: green delivered, red failed, blue still queued.
DELIVERY_CLASSES = {
    "pending": "status-scheduled",
    "delivered": "status-published",
    "failed": "status-rejected",
}
# What a redirect after a change says on the page it lands on (?done=…).
WEBHOOK_DONE = {
    "enabled": N_("The webhook is enabled."),
    "disabled": N_("The webhook is disabled: nothing is sent to it until it is enabled again."),
    "deleted": N_("The webhook and its delivery log are deleted."),
    "pinged": N_("A test message is queued: its delivery is at the top of the log."),
    "redelivered": N_("The delivery is queued to be sent again."),
}
INTERNAL_TARGET = N_(
    "This address is on an internal network, where webhooks may not be sent. The system "
    "administrator can allow it with the NEWSDESK_WEBHOOK_ALLOW_PRIVATE_TARGETS setting."
)
# The one reason service.update_endpoint gives; any other comes from the dispatcher giving up.
_DISABLED_BY_ADMIN = "disabled by an admin"


@dataclass
class WebhookForm:
    """The new-webhook form as the browser sends and shows it."""

    url: str = ""
    events: list[str] = field(default_factory=list)
    category_id: str = ""
    description: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    def values(self) -> dict[str, Any]:
        """The fields as WebhookCreate, the API's schema, takes them."""
        return {
            "url": self.url.strip(),
            "events": self.events,
            "category_id": self.category_id or None,
            "description": self.description,
        }


class _PostedWebhook(PostedForm):
    """Form fields as text, unbounded here: WebhookCreate refuses what is too long, and the
    form comes back with the message and what was typed."""

    url: str = ""
    events: list[str] = Field(default_factory=list)
    category_id: str = ""
    description: str = ""


PostedWebhook = Annotated[_PostedWebhook, Form()]


def _target_refusal(refused: InvalidInput) -> str:
    """Why the service refused a URL, in Vietnamese. The reasons are app.webhooks.targets'
    TargetRefused texts, which the service passes on as the detail."""
    if "non-public addresses" in refused.detail:
        return _(INTERNAL_TARGET)
    if "does not resolve" in refused.detail:
        return _("No server answers to this address's name. Check the address.")
    return _("Webhooks go to http:// or https:// addresses without a user name or password.")


def _refused_webhook(error: NewsdeskError, form: WebhookForm) -> str:
    """A service's refusal: a field's own message goes next to it."""
    if isinstance(error, InvalidInput):
        for item in error.errors or []:
            loc = [str(p) for p in item.get("loc", []) if p != "body"]
            if loc and loc[0] == "url":
                form.errors["url"] = _target_refusal(error)
            elif loc and loc[0] == "category_id":
                form.errors["category_id"] = _("Unknown category.")
        return _("Some fields need correcting.")
    return _("Something went wrong. Try again later.")


def _disabled_reason(endpoint: WebhookEndpoint) -> str:
    if endpoint.enabled:
        return ""
    if endpoint.disabled_reason in (None, _DISABLED_BY_ADMIN):
        return _("Disabled by an admin.")
    return _("Disabled after deliveries kept failing: fix the receiver, then enable it again.")


def _webhooks_page(
    request: Request,
    session: Session,
    desk: Desk,
    *,
    form: WebhookForm,
    message: str | None = None,
    created: tuple[WebhookEndpoint, str] | None = None,
    status_code: int = 200,
) -> Response:
    categories = list(list_categories(session))
    rows = []
    for endpoint in webhooks.list_endpoints(session):
        latest = webhooks.list_deliveries(session, endpoint=endpoint, limit=1)
        rows.append({
            "endpoint": endpoint,
            "events": endpoint.events.split(","),
            "last": latest[0] if latest else None,
            "disabled_reason": _disabled_reason(endpoint),
        })  # fmt: skip
    done = request.query_params.get("done", "")
    context = {
        "rows": rows,
        "form": form,
        "message": message,
        "done": _(WEBHOOK_DONE[done]) if done in WEBHOOK_DONE else None,
        "created": created,
        "event_types": outbox.EVENT_TYPES,
        "event_labels": EVENT_LABELS,
        "delivery_labels": DELIVERY_LABELS,
        "delivery_classes": DELIVERY_CLASSES,
        "categories": category_options(categories),
        "category_names": {c.id: c.name for c in categories},
    }
    return render(request, "admin_webhooks.html", context, desk=desk, status_code=status_code)


@router.get("/admin/webhooks")
def webhook_list(request: Request, session: SessionDep, desk: AdminDep) -> Response:
    return _webhooks_page(request, session, desk, form=WebhookForm())


@router.post("/admin/webhooks")
def create_webhook(
    request: Request, session: SessionDep, desk: AdminChangeDep, posted: PostedWebhook
) -> Response:
    """Subscribe a URL. The answer is the page itself, not a redirect: it carries the signing
    secret, which the API too shows in the creating answer only (a redirect would have to put
    it in an address, where histories and logs keep it)."""
    form = WebhookForm(url=posted.url, events=posted.events, category_id=posted.category_id,
                       description=posted.description)  # fmt: skip
    try:
        data = WebhookCreate.model_validate(form.values())
    except ValidationError as invalid:
        form.errors = field_errors(invalid)
        return _webhooks_page(request, session, desk, form=form, status_code=422,
                              message=_("Some fields need correcting."))  # fmt: skip
    try:
        endpoint = retry_on_conflict(
            session, partial(webhooks.create_endpoint, session, data=data, actor=desk.principal)
        )
    except NewsdeskError as refused:
        message = _refused_webhook(refused, form)
        return _webhooks_page(request, session, desk, form=form, message=message,
                              status_code=refused.status_code)  # fmt: skip
    return _webhooks_page(request, session, desk, form=WebhookForm(), status_code=201,
                          created=(endpoint, endpoint.secret))  # fmt: skip


def _switch(session: Session, desk: Desk, webhook_id: int, *, enabled: bool) -> Response:
    endpoint = webhooks.get_endpoint(session, webhook_id)
    retry_on_conflict(
        session,
        partial(webhooks.update_endpoint, session, endpoint=endpoint,
                data=WebhookUpdate(enabled=enabled), actor=desk.principal),
    )  # fmt: skip
    return see_other(f"/desk/admin/webhooks?done={'enabled' if enabled else 'disabled'}")


@router.post("/admin/webhooks/{webhook_id}/enable")
def enable_webhook(session: SessionDep, desk: AdminChangeDep, webhook_id: RowId) -> Response:
    """Enable again, also after the dispatcher gave up on it: its queue resumes."""
    return _switch(session, desk, webhook_id, enabled=True)


@router.post("/admin/webhooks/{webhook_id}/disable")
def disable_webhook(session: SessionDep, desk: AdminChangeDep, webhook_id: RowId) -> Response:
    return _switch(session, desk, webhook_id, enabled=False)


@router.post("/admin/webhooks/{webhook_id}/delete")
def delete_webhook(session: SessionDep, desk: AdminChangeDep, webhook_id: RowId) -> Response:
    endpoint = webhooks.get_endpoint(session, webhook_id)
    retry_on_conflict(
        session,
        partial(webhooks.delete_endpoint, session, endpoint=endpoint, actor=desk.principal),
    )
    return see_other("/desk/admin/webhooks?done=deleted")


@router.post("/admin/webhooks/{webhook_id}/ping")
def ping_webhook(session: SessionDep, desk: AdminChangeDep, webhook_id: RowId) -> Response:
    """Queue a signed test message; the log it lands on shows it being delivered."""
    endpoint = webhooks.get_endpoint(session, webhook_id)
    retry_on_conflict(session, partial(webhooks.ping, session, endpoint=endpoint))
    return see_other(f"/desk/admin/webhooks/{webhook_id}?done=pinged")


@router.post("/admin/webhooks/deliveries/{delivery_id}/redeliver")
def redeliver(session: SessionDep, desk: AdminChangeDep, delivery_id: RowId) -> Response:
    """Send a delivery again (the same webhook-id and body), also one that failed for good."""
    delivery = retry_on_conflict(
        session, partial(webhooks.redeliver, session, delivery_id=delivery_id)
    )
    return see_other(f"/desk/admin/webhooks/{delivery.endpoint_id}?done=redelivered")


def _deliveries_page(
    session: Session, endpoint_id: int, *, before: int | None
) -> tuple[list[WebhookDelivery], int | None]:
    """One page of the delivery log, newest first as service.list_deliveries gives it, and the
    id to continue before. That function (the API's) takes only a limit, so the desk pages on
    by the last id shown, which stays right while new deliveries arrive."""
    stmt = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    if before is not None:
        stmt = stmt.where(col(WebhookDelivery.id) < before)
    rows = list(
        session.exec(
            stmt.order_by(col(WebhookDelivery.id).desc()).limit(DELIVERIES_PER_PAGE + 1)
        ).all()
    )
    more = len(rows) > DELIVERIES_PER_PAGE
    rows = rows[:DELIVERIES_PER_PAGE]
    return rows, (rows[-1].id if more else None)


@router.get("/admin/webhooks/{webhook_id}")
def delivery_log(
    request: Request,
    session: SessionDep,
    desk: AdminDep,
    webhook_id: RowId,
    before: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    endpoint = webhooks.get_endpoint(session, webhook_id)
    assert endpoint.id is not None
    deliveries, next_before = _deliveries_page(session, endpoint.id, before=before)
    category = session.get(Category, endpoint.category_id) if endpoint.category_id else None
    done = request.query_params.get("done", "")
    context = {
        "endpoint": endpoint,
        "events": endpoint.events.split(","),
        "category": category,
        "disabled_reason": _disabled_reason(endpoint),
        "deliveries": deliveries,
        "next_url": (
            f"/desk/admin/webhooks/{endpoint.id}?before={next_before}" if next_before else None
        ),
        "first_page_url": f"/desk/admin/webhooks/{endpoint.id}" if before else None,
        "done": _(WEBHOOK_DONE[done]) if done in WEBHOOK_DONE else None,
        "event_labels": EVENT_LABELS,
        "delivery_labels": DELIVERY_LABELS,
        "delivery_classes": DELIVERY_CLASSES,
    }
    return render(request, "admin_webhooks_log.html", context, desk=desk)


# --- the media library (staff) -----------------------------------------------------------------

KIND_LABELS = {"image": N_("Image"), "document": N_("Document")}
IN_USE = N_("Articles use this file: remove it from them first.")
OTHERS_USING = N_("…and {count} other articles that you may not view.")
NOT_YOURS = N_("Only the person who uploaded this file, or an editor, may change it.")
LIBRARY_DONE = {"deleted": N_("The file is deleted from the library.")}


def _thumbnail(shape: MediaAdmin) -> str:
    smallest = min(shape.renditions, key=lambda r: r.width, default=None)
    return smallest.url if smallest else shape.url


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
    }
    partial_page = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "library_results.html" if partial_page else "library.html"
    return render(request, template, context, desk=desk, status_code=400 if errors else 200)


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
    named = _viewable(session, desk, using)
    return {"articles": named, "live": live, "others": _others(len(using - {a.id for a in named}))}


def _others(count: int) -> str:
    return _(OTHERS_USING).format(count=count) if count else ""


def _viewable(session: Session, desk: Desk, article_ids: set[int]) -> list[Article]:
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
        "kilobytes": vietnamese_number(max(1, round(media.byte_size / 1024))),
        "using": _articles_using(session, desk, media),
        "in_use": in_use,
        "message": message,
        "saved": request.query_params.get("saved") == "1",
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
            "articles": _viewable(session, desk, named),
            "live": set(refused.extensions.get("live_article_ids", [])),
            "others": _others(refused.extensions.get("other_article_count", 0)),
        }
        return _media_page(request, session, desk, media, status_code=409, in_use=in_use,
                           message=_(IN_USE))  # fmt: skip
    except NewsdeskError as refused:
        return _media_page(request, session, desk, media, status_code=refused.status_code,
                           message=_media_refusal(refused))  # fmt: skip
    return see_other("/desk/library?done=deleted")


# --- views -------------------------------------------------------------------------------------

CHART_HEIGHT = 160  # the bars' area, in the SVG's own units
BAR_STEP = 20  # each day's slot; a bar fills 16 of its 20


@dataclass(frozen=True)
class Bar:
    day: date
    views: int
    x: int
    y: int  # the top of the bar
    height: int


def chart_bars(days: list[tuple[date, int]]) -> list[Bar]:
    """One bar per day, scaled so the busiest day fills the chart. A day with views is at
    least one unit high, so that it is not mistaken for a day without."""
    busiest = max((count for _day, count in days), default=0)
    bars = []
    for n, (day, views) in enumerate(days):
        height = max(1, round(views * CHART_HEIGHT / busiest)) if views else 0
        bars.append(Bar(day, views, x=n * BAR_STEP, y=CHART_HEIGHT - height, height=height))
    return bars


@router.get("/articles/{article_id}/stats")
def article_stats(
    request: Request, session: SessionDep, desk: DeskDep, article_id: RowId
) -> Response:
    """Totals and the last 30 days (site time zone), as GET /v1/admin/articles/{id}/stats
    answers them without a range; the chart is drawn here, as SVG (the CSP allows no script)."""
    article = article_for(session, desk, article_id)
    assert article.id is not None
    stats = views_service.article_stats(
        session, article_id=article.id, since=None, until=None, now=utcnow()
    )
    bars = chart_bars(stats.days)
    context = {
        "article": article,
        "stats": stats,
        "bars": bars,
        "chart_width": len(bars) * BAR_STEP,
        "chart_height": CHART_HEIGHT,
        "busiest": max((b.views for b in bars), default=0),
        "number": vietnamese_number,
        "status_labels": STATUS_LABELS,
    }
    return render(request, "stats_article.html", context, desk=desk)


WINDOW_LABELS = {
    Window.day.value: N_("Today"),
    Window.week.value: N_("Last 7 days"),
    Window.month.value: N_("Last 30 days"),
}


@router.get("/most-read")
def most_read(
    request: Request,
    session: SessionDep,
    desk: DeskDep,
    window: Annotated[str, Query(max_length=20)] = Window.day.value,
    category: Annotated[str, Query(max_length=12)] = "",
) -> Response:
    """What readers read most, through the same function as the public most-read list, so
    only live articles are there; a title links to its stats where the user may view it."""
    errors: list[str] = []
    if window not in WINDOW_LABELS:
        errors.append(_("Unknown period."))
    if category and not (category.isdigit() and 0 < int(category) < 2**31):
        errors.append(_("Unknown category."))
    rows: list[tuple[Any, int]] = []
    found = None
    if not errors:
        try:
            found = views_service.most_read(
                session, window=Window(window), category=category or None,
                limit=MOST_READ_SIZE, now=utcnow(),
            )  # fmt: skip
            rows = list(found.rows)
        except NotFound:  # subtree_ids: no such category
            errors.append(_("Unknown category."))
    ids = {live.article_id for live, _views in rows}
    categories = list(list_categories(session))
    context = {
        "rows": rows,
        "found": found,
        "window": window,
        "category": category,
        "errors": errors,
        "window_labels": WINDOW_LABELS,
        "categories": category_options(categories),
        "category_names": {c.id: c.name for c in categories},
        "viewable": {a.id for a in _viewable(session, desk, ids)},
        "number": vietnamese_number,
    }
    return render(request, "stats_most_read.html", context, desk=desk,
                  status_code=400 if errors else 200)  # fmt: skip
