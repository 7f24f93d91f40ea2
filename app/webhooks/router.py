"""`/v1/admin/webhooks`: subscriptions, ping, the delivery log and redelivery (admins)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from app.accounts.deps import CurrentStaff, require_site_role
from app.accounts.models import Role
from app.core.db import SessionDep
from app.core.http import PRIVATE_CACHE_CONTROL, cached_json, created_json
from app.webhooks import service
from app.webhooks.models import WebhookEndpoint
from app.webhooks.schemas import (
    DeliveryPublic,
    WebhookCreate,
    WebhookCreated,
    WebhookPublic,
    WebhookUpdate,
)

router = APIRouter(dependencies=[require_site_role(Role.admin)])
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _endpoint(session: SessionDep, webhook_id: RowId) -> WebhookEndpoint:
    return service.get_endpoint(session, webhook_id)


EndpointById = Annotated[WebhookEndpoint, Depends(_endpoint)]


@router.post("", response_model=WebhookCreated, status_code=201)
def create_webhook(
    request: Request, session: SessionDep, admin: CurrentStaff, data: WebhookCreate
) -> Response:
    """Subscribe a URL to article events. The signing secret is in this response only."""
    endpoint = service.create_endpoint(session, data=data, actor=admin)
    created = WebhookCreated(**service.public_form(endpoint).model_dump(), secret=endpoint.secret)
    return created_json(request, created, location=f"/v1/admin/webhooks/{endpoint.id}")


@router.get("", response_model=list[WebhookPublic])
def list_webhooks(request: Request, session: SessionDep) -> Response:
    """Every subscription (never the secret)."""
    endpoints = [service.public_form(e).model_dump(mode="json")
                 for e in service.list_endpoints(session)]  # fmt: skip
    return cached_json(request, endpoints, cache_control=PRIVATE_CACHE_CONTROL)


@router.get("/{webhook_id}", response_model=WebhookPublic)
def get_webhook(request: Request, endpoint: EndpointById) -> Response:
    """One subscription (never the secret)."""
    return cached_json(request, service.public_form(endpoint), cache_control=PRIVATE_CACHE_CONTROL)


@router.patch("/{webhook_id}", response_model=WebhookPublic)
def update_webhook(
    session: SessionDep, admin: CurrentStaff, endpoint: EndpointById, data: WebhookUpdate
) -> WebhookPublic:
    """Change URL, events or category filter; `enabled: true` re-enables after a disable."""
    return service.public_form(
        service.update_endpoint(session, endpoint=endpoint, data=data, actor=admin)
    )


@router.delete("/{webhook_id}", status_code=204)
def delete_webhook(session: SessionDep, admin: CurrentStaff, endpoint: EndpointById) -> Response:
    """Remove a subscription and its delivery log."""
    service.delete_endpoint(session, endpoint=endpoint, actor=admin)
    return Response(status_code=204)


@router.post("/{webhook_id}/ping", response_model=DeliveryPublic, status_code=202)
def ping_webhook(session: SessionDep, endpoint: EndpointById) -> DeliveryPublic:
    """Queue a signed `webhook.ping` message; watch its delivery in the log."""
    return DeliveryPublic.model_validate(service.ping(session, endpoint=endpoint))


@router.get("/{webhook_id}/deliveries", response_model=list[DeliveryPublic])
def list_deliveries(
    request: Request,
    session: SessionDep,
    endpoint: EndpointById,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> Response:
    """The latest deliveries: status, attempts, response code, a truncated body, timings."""
    deliveries = [
        DeliveryPublic.model_validate(d).model_dump(mode="json")
        for d in service.list_deliveries(session, endpoint=endpoint, limit=limit)
    ]
    return cached_json(request, deliveries, cache_control=PRIVATE_CACHE_CONTROL)


@router.post("/deliveries/{delivery_id}/redeliver", response_model=DeliveryPublic, status_code=202)
def redeliver(session: SessionDep, delivery_id: RowId) -> DeliveryPublic:
    """Send a delivery again (same webhook-id and body); also re-queues a failed one."""
    return DeliveryPublic.model_validate(service.redeliver(session, delivery_id=delivery_id))
