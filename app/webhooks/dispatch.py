"""The dispatcher: sends pending deliveries, signed, one endpoint's queue in order.

At least once: a delivery is marked delivered only after a 2xx; a crash in between sends it
again, with the same webhook-id, so receivers deduplicate by it. Per-endpoint order: only the
oldest pending delivery of an endpoint is ever attempted; while it waits for a retry the ones
behind it wait too. Several processes: an endpoint's queue is taken with a lease (a
conditional UPDATE of `lease_until`, atomic on both engines), so only one dispatcher sends to
it at a time; a crashed holder's lease simply runs out. No transaction is open while a
request is in flight.
"""

import logging
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import Engine, or_, update
from sqlmodel import col, select

from app.core.config import get_settings
from app.core.db import open_session, utcnow
from app.webhooks import signing, transport
from app.webhooks.models import WebhookDelivery, WebhookEndpoint
from app.webhooks.targets import TargetRefused

log = logging.getLogger("newsdesk.webhooks")

# Waits before each retry (Standard Webhooks' suggested schedule): about 27 hours in all,
# so a receiver that is down for a night still gets everything. Each is jittered ±20%.
RETRY_DELAYS = tuple(
    timedelta(seconds=s) for s in (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600)
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
JITTER = 0.2
BATCH = 20  # deliveries per endpoint per lease
RESPONSE_BODY_CHARS = 1000
RESPONSE_BODY_BYTES = 4 * RESPONSE_BODY_CHARS  # enough for that many characters of UTF-8


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None
    body: str | None
    error: str | None
    duration_ms: int


def retry_delay(attempts: int, rng: random.Random | None = None) -> timedelta:
    """The wait after the `attempts`-th failed attempt, with jitter so that many endpoints
    failing together do not retry in lockstep."""
    base = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    return base * (1 + (rng or random).uniform(-JITTER, JITTER))


def _send(client: httpx.Client, endpoint_url: str, secret: str, d: WebhookDelivery) -> Outcome:
    started = time.monotonic()
    headers = signing.headers(
        secret=secret, message_id=d.message_id, timestamp=utcnow(), body=d.body
    )
    # The transport checks the target again (the name may point elsewhere since it was
    # saved) and connects to the address it checked; a refusal is raised before connecting.
    try:
        with (
            transport.deadline(get_settings().webhook_timeout_seconds),
            client.stream(
                "POST", endpoint_url, content=d.body.encode(),
                headers={**headers, "accept-encoding": "identity"},
            ) as response,
        ):  # fmt: skip
            body = _read_start(response)
    except (TargetRefused, httpx.InvalidURL) as exc:  # refused before any connection
        return Outcome(False, None, None, str(exc)[:500], _ms(started))
    except httpx.TimeoutException:
        return Outcome(False, None, None, "timed out", _ms(started))
    except httpx.HTTPError as exc:
        return Outcome(False, None, None, f"{type(exc).__name__}: {exc}"[:500], _ms(started))
    return Outcome(response.is_success, response.status_code, body, None, _ms(started))


def _read_start(response: httpx.Response) -> str:
    """The first RESPONSE_BODY_CHARS of the answer, for the delivery log; the rest is never
    read (a receiver cannot make the dispatcher download, or hold in memory, a large body)."""
    raw = b""
    for chunk in response.iter_raw():  # not decompressed: a small gzip can inflate enormously
        raw += chunk
        if len(raw) >= RESPONSE_BODY_BYTES:
            break
    try:
        text = raw[:RESPONSE_BODY_BYTES].decode(response.charset_encoding or "utf-8", "replace")
    except LookupError:  # an unknown charset
        text = raw[:RESPONSE_BODY_BYTES].decode("utf-8", "replace")
    # PostgreSQL text cannot hold NUL.
    return text[:RESPONSE_BODY_CHARS].replace("\x00", "\ufffd")


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _take_lease(engine: Engine | None, endpoint_id: int, now: datetime, seconds: float) -> bool:
    with open_session(write=True, engine=engine) as session:
        result = session.execute(
            update(WebhookEndpoint)
            .where(
                col(WebhookEndpoint.id) == endpoint_id,
                col(WebhookEndpoint.enabled).is_(True),
                or_(
                    col(WebhookEndpoint.lease_until).is_(None),
                    col(WebhookEndpoint.lease_until) < now,
                ),
            )
            .values(lease_until=now + timedelta(seconds=seconds))
        )
        session.commit()
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _release(engine: Engine | None, endpoint_id: int) -> None:
    with open_session(write=True, engine=engine) as session:
        session.execute(
            update(WebhookEndpoint)
            .where(col(WebhookEndpoint.id) == endpoint_id)
            .values(lease_until=None)
        )
        session.commit()


def _record(engine: Engine | None, delivery_id: int, outcome: Outcome, now: datetime) -> bool:
    """Store an attempt's outcome; schedule the retry, or give up and disable the endpoint."""
    with open_session(write=True, engine=engine) as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        if delivery is None or delivery.status != "pending":
            return False  # deleted meanwhile
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.last_status_code = outcome.status_code
        delivery.last_response_body = outcome.body
        delivery.last_error = outcome.error
        delivery.last_duration_ms = outcome.duration_ms
        if outcome.ok:
            delivery.status = "delivered"
            delivery.delivered_at = now
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = "failed"
            endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
            assert endpoint is not None
            endpoint.enabled = False
            endpoint.disabled_reason = (
                f"delivery {delivery.id} failed {delivery.attempts} times; "
                "fix the receiver, then re-enable"
            )
            session.add(endpoint)
            log.warning("webhook endpoint disabled", extra={"endpoint_id": endpoint.id})
        else:
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        session.add(delivery)
        session.commit()
        return outcome.ok


def _drain(engine: Engine | None, endpoint_id: int, now: datetime, client: httpx.Client) -> int:
    """Send this endpoint's due deliveries oldest first; stop at the first one not delivered."""
    sent = 0
    for _ in range(BATCH):
        with open_session(engine=engine) as session:
            endpoint = session.get(WebhookEndpoint, endpoint_id)
            head = session.exec(
                select(WebhookDelivery)
                .where(
                    WebhookDelivery.endpoint_id == endpoint_id,
                    WebhookDelivery.status == "pending",
                )
                .order_by(col(WebhookDelivery.id))
                .limit(1)
            ).first()
        if endpoint is None or not endpoint.enabled or head is None:
            break
        if head.next_attempt_at > now:
            break  # the head waits for its retry; everything behind it waits with it
        assert head.id is not None
        outcome = _send(client, endpoint.url, endpoint.secret, head)
        if not _record(engine, head.id, outcome, now):
            break
        sent += 1
    return sent


def dispatch_due(engine: Engine | None = None, *, now: datetime | None = None) -> int:
    """Deliver what is due, endpoint by endpoint; returns how many were delivered."""
    now = now or utcnow()
    timeout = get_settings().webhook_timeout_seconds
    with open_session(engine=engine) as session:
        endpoint_ids = session.exec(
            select(WebhookDelivery.endpoint_id)
            .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
            .where(
                col(WebhookEndpoint.enabled).is_(True),
                WebhookDelivery.status == "pending",
                col(WebhookDelivery.next_attempt_at) <= now,
            )
            .distinct()
            .limit(100)
        ).all()
    if not endpoint_ids:
        return 0
    delivered = 0
    with transport.pinned_client(timeout) as http:
        for endpoint_id in endpoint_ids:
            if not _take_lease(engine, endpoint_id, now, (timeout + 5) * BATCH):
                continue  # another dispatcher has this endpoint
            try:
                delivered += _drain(engine, endpoint_id, now, http)
            finally:
                _release(engine, endpoint_id)
    return delivered
