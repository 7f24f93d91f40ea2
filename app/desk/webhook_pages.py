"""Webhooks in the desk (admins, as /v1/admin/webhooks): subscribe, edit, enable, disable,
delete, test, the delivery log and redeliver. Anyone else gets the page an unknown address
gets."""

from dataclasses import dataclass, field
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from pydantic import Field, ValidationError
from sqlmodel import Session, col, select
from starlette.responses import Response

from app.accounts.models import Role
from app.articles.models import Category
from app.articles.taxonomy import list_categories
from app.core.db import SessionDep, retry_on_conflict
from app.core.errors import InvalidInput, NewsdeskError, NotFound
from app.core.http import body_etag, dump_json
from app.desk.forms import field_errors
from app.desk.i18n import N_, _
from app.desk.router import category_options
from app.desk.web import Desk, DeskChangeDep, DeskDep, PostedForm, render, see_other
from app.webhooks import outbox
from app.webhooks import service as webhooks
from app.webhooks.models import WebhookDelivery, WebhookEndpoint
from app.webhooks.schemas import WebhookCreate, WebhookUpdate

router = APIRouter(include_in_schema=False)
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
DELIVERIES_PER_PAGE = 50


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
    "saved": N_("The webhook is saved."),
    "pinged": N_("A test message is queued: its delivery is at the top of the log."),
    "redelivered": N_("The delivery is queued to be sent again."),
}
INTERNAL_TARGET = N_(
    "This address is on an internal network, where webhooks may not be sent. The system "
    "administrator can allow it with the NEWSDESK_WEBHOOK_ALLOW_PRIVATE_TARGETS setting."
)
# The one reason service.update_endpoint gives; any other comes from the dispatcher giving up.
_DISABLED_BY_ADMIN = "disabled by an admin"


def _seen(endpoint: WebhookEndpoint) -> str:
    """The webhook as shown, named as GET /v1/admin/webhooks/{id} names it (its ETag): an edit
    made on a page that showed another state is refused. Dispatcher leases are not in it, a
    disable after failed deliveries is."""
    return body_etag(dump_json(webhooks.public_form(endpoint)))


@dataclass
class WebhookForm:
    """The new-webhook and edit forms as the browser sends and shows them."""

    url: str = ""
    events: list[str] = field(default_factory=list)
    category_id: str = ""
    description: str = ""
    enabled: bool = True  # the edit form only
    seen: str = ""  # the edit form only: _seen of the webhook it was opened on
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, endpoint: WebhookEndpoint) -> "WebhookForm":
        return cls(url=endpoint.url, events=endpoint.events.split(","),
                   category_id=str(endpoint.category_id or ""),
                   description=endpoint.description, enabled=endpoint.enabled,
                   seen=_seen(endpoint))  # fmt: skip

    def values(self) -> dict[str, Any]:
        """The fields as WebhookCreate, the API's schema, takes them."""
        return {
            "url": self.url.strip(),
            "events": self.events,
            "category_id": self.category_id or None,
            "description": self.description,
        }

    def changes(self, saved: "WebhookForm") -> dict[str, Any]:
        """What the user changed, as WebhookUpdate (the API's PATCH) takes it: a field left
        as it was is not sent. Events are a set: their order is no change."""
        mine, theirs = self.values(), saved.values()
        changed = {k: v for k, v in mine.items() if k != "events" and v != theirs[k]}
        if set(self.events) != set(saved.events):
            changed["events"] = self.events
        if self.enabled != saved.enabled:
            changed["enabled"] = self.enabled
        return changed


class _PostedWebhook(PostedForm):
    """Form fields as text, unbounded here: WebhookCreate refuses what is too long, and the
    form comes back with the message and what was typed."""

    url: str = ""
    events: list[str] = Field(default_factory=list)
    category_id: str = ""
    description: str = ""


PostedWebhook = Annotated[_PostedWebhook, Form()]


class _PostedWebhookEdit(_PostedWebhook):
    enabled: str = ""  # a checkbox: "on" when ticked
    seen: str = ""


PostedWebhookEdit = Annotated[_PostedWebhookEdit, Form()]


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
        "delivery_labels": DELIVERY_LABELS,
        "delivery_classes": DELIVERY_CLASSES,
        **_form_choices(session),
    }
    return render(request, "admin_webhooks.html", context, desk=desk, status_code=status_code)


def _form_choices(session: Session) -> dict[str, Any]:
    """What the webhook forms (admin_webhook_fields.html) offer, and the categories' names."""
    categories = list(list_categories(session))
    return {
        "event_types": outbox.EVENT_TYPES,
        "event_labels": EVENT_LABELS,
        "categories": category_options(categories),
        "category_names": {c.id: c.name for c in categories},
    }


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


def _edit_page(
    request: Request,
    session: Session,
    desk: Desk,
    endpoint: WebhookEndpoint,
    *,
    form: WebhookForm,
    message: str | None = None,
    saved: WebhookForm | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "endpoint": endpoint,
        "form": form,
        "message": message,
        "saved": saved,  # what is stored now, when someone changed it meanwhile
        "disabled_reason": _disabled_reason(endpoint),
        **_form_choices(session),
    }
    return render(request, "admin_webhook_edit.html", context, desk=desk, status_code=status_code)


@router.get("/admin/webhooks/{webhook_id}/edit")
def edit_webhook(
    request: Request, session: SessionDep, desk: AdminDep, webhook_id: RowId
) -> Response:
    endpoint = webhooks.get_endpoint(session, webhook_id)
    return _edit_page(request, session, desk, endpoint, form=WebhookForm.of(endpoint))


@router.post("/admin/webhooks/{webhook_id}/edit")
def update_webhook(
    request: Request,
    session: SessionDep,
    desk: AdminChangeDep,
    webhook_id: RowId,
    posted: PostedWebhookEdit,
) -> Response:
    """Address, events, category, description and the active flag, through the service of
    the API's PATCH; only what the user changed is sent."""
    endpoint = webhooks.get_endpoint(session, webhook_id)
    form = WebhookForm(url=posted.url, events=posted.events, category_id=posted.category_id,
                       description=posted.description, enabled=posted.enabled == "on",
                       seen=posted.seen)  # fmt: skip
    saved = WebhookForm.of(endpoint)
    if posted.seen != saved.seen:
        # Nothing is written; the form now carries the current state, so saving again puts
        # what was typed over it knowingly.
        form.seen = saved.seen
        return _edit_page(request, session, desk, endpoint, form=form, saved=saved,
                          status_code=412,
                          message=_("Someone else changed this webhook while you were "
                                    "editing, or it was disabled after failed deliveries. "
                                    "What you typed is kept: check it against what is saved "
                                    "now, then save again."))  # fmt: skip
    changes = form.changes(saved)
    if not changes:
        return see_other(f"/desk/admin/webhooks/{webhook_id}?done=saved")
    try:
        data = WebhookUpdate.model_validate(changes)
    except ValidationError as invalid:
        form.errors = field_errors(invalid)
        return _edit_page(request, session, desk, endpoint, form=form, status_code=422,
                          message=_("Some fields need correcting."))  # fmt: skip
    try:
        retry_on_conflict(
            session,
            partial(webhooks.update_endpoint, session, endpoint=endpoint, data=data,
                    actor=desk.principal),
        )  # fmt: skip
    except NewsdeskError as refused:
        session.refresh(endpoint)  # what the refused call set on it is not saved
        message = _refused_webhook(refused, form)
        return _edit_page(request, session, desk, endpoint, form=form, message=message,
                          status_code=refused.status_code)  # fmt: skip
    return see_other(f"/desk/admin/webhooks/{webhook_id}?done=saved")


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
