"""Delivery to a real local receiver that verifies every request with the `standardwebhooks`
library: signed delivery, retries after a 500 and a timeout (same webhook-id), redelivery,
auto-disable and re-enable, per-endpoint order, the category filter, several dispatchers."""

import threading
from datetime import timedelta
from typing import Any

import orjson
import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from standardwebhooks.webhooks import Webhook

from app.accounts.models import Role
from app.accounts.permissions import load_principal
from app.articles import service as articles
from app.articles.models import Article
from app.articles.schemas import ArticleUpdate
from app.core.config import get_settings
from app.core.db import open_session, utcnow
from app.webhooks import dispatch, service
from app.webhooks.dispatch import MAX_ATTEMPTS, dispatch_due
from app.webhooks.models import WebhookEndpoint
from app.webhooks.schemas import WebhookUpdate
from tests.factories import Factory
from tests.webhooks.conftest import Receiver, deliveries, subscribe

pytestmark = pytest.mark.usefixtures("allow_local")


def _verified(receiver: Receiver, secret: str) -> list[dict[str, Any]]:
    """Every received body, each verified (signature and timestamp) by the reference library."""
    webhook = Webhook(secret)
    return [webhook.verify(r.body, r.headers) for r in receiver.requests]


def _publish(engine: Engine, **fields: Any) -> int:
    with open_session(write=True, engine=engine) as session:
        article = Factory(session).article(status="published", **fields)
        session.commit()
        assert article.id is not None
        return article.id


def _act(engine: Engine, article_id: int, action: str) -> None:
    with open_session(write=True, engine=engine) as session:
        factory = Factory(session)
        article = session.get(Article, article_id)
        assert article is not None
        if action == "edit":
            articles.update_article(
                session, article=article, data=ArticleUpdate(title="Tiêu đề mới"),
                actor=factory.admin_principal(), expected_lock_version=article.lock_version,
            )  # fmt: skip
            action = "publish"
        factory.transition(article, action)
        session.commit()


def test_a_published_article_is_delivered_signed(
    scratch_engine: Engine, receiver: Receiver
) -> None:
    endpoint_id, secret = subscribe(scratch_engine, receiver.url)
    article_id = _publish(scratch_engine)

    assert dispatch_due(scratch_engine) == 1
    [message] = _verified(receiver, secret)
    assert message["type"] == "article.published"
    assert message["data"]["id"] == article_id
    headers = receiver.requests[0].headers
    [delivery] = deliveries(scratch_engine, endpoint_id)
    assert headers["webhook-id"] == delivery.message_id
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    assert delivery.last_response_body == "ok"
    assert delivery.last_duration_ms is not None
    # Nothing left to do: a second run sends nothing.
    assert dispatch_due(scratch_engine) == 0
    assert len(receiver.requests) == 1


def test_a_forged_signature_would_be_refused(scratch_engine: Engine, receiver: Receiver) -> None:
    _, secret = subscribe(scratch_engine, receiver.url)
    _publish(scratch_engine)
    dispatch_due(scratch_engine)
    [request] = receiver.requests
    with pytest.raises(Exception, match="signature"):
        Webhook(secret).verify(request.body.replace(b"published", b"deleted"), request.headers)


def test_a_500_is_retried_later_with_the_same_webhook_id(
    scratch_engine: Engine, receiver: Receiver
) -> None:
    endpoint_id, secret = subscribe(scratch_engine, receiver.url)
    receiver.plan = [500]
    _publish(scratch_engine)

    assert dispatch_due(scratch_engine) == 0
    [delivery] = deliveries(scratch_engine, endpoint_id)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    wait = delivery.next_attempt_at - utcnow()
    assert timedelta(seconds=3) < wait < timedelta(seconds=7)  # 5 s ± 20% jitter
    assert dispatch_due(scratch_engine) == 0  # not due yet: nothing is sent
    assert len(receiver.requests) == 1

    assert dispatch_due(scratch_engine, now=utcnow() + timedelta(seconds=10)) == 1
    first, second = receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert first.body == second.body
    assert len(_verified(receiver, secret)) == 2
    [delivery] = deliveries(scratch_engine, endpoint_id)
    assert (delivery.status, delivery.attempts) == ("delivered", 2)


def test_a_timeout_is_a_failed_attempt_and_is_retried(
    scratch_engine: Engine, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "webhook_timeout_seconds", 0.3)
    endpoint_id, secret = subscribe(scratch_engine, receiver.url)
    receiver.plan = [1.5]  # stall longer than the timeout
    _publish(scratch_engine)

    assert dispatch_due(scratch_engine) == 0
    [delivery] = deliveries(scratch_engine, endpoint_id)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 1, "timed out")
    assert delivery.last_duration_ms is not None
    assert delivery.last_duration_ms < 1200
    assert dispatch_due(scratch_engine, now=utcnow() + timedelta(minutes=1)) == 1
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1
    _verified(receiver, secret)


def test_redeliver_sends_the_same_message_again(scratch_engine: Engine, receiver: Receiver) -> None:
    endpoint_id, secret = subscribe(scratch_engine, receiver.url)
    _publish(scratch_engine)
    dispatch_due(scratch_engine)
    [delivery] = deliveries(scratch_engine, endpoint_id)
    assert delivery.id is not None

    with open_session(write=True, engine=scratch_engine) as session:
        service.redeliver(session, delivery_id=delivery.id)
        session.commit()
    assert dispatch_due(scratch_engine) == 1
    first, again = receiver.requests
    assert first.headers["webhook-id"] == again.headers["webhook-id"]
    assert first.body == again.body
    assert len(_verified(receiver, secret)) == 2


def test_persistent_failure_disables_the_endpoint_until_an_admin_re_enables_it(
    scratch_engine: Engine, receiver: Receiver
) -> None:
    endpoint_id, secret = subscribe(scratch_engine, receiver.url)
    receiver.plan = [503] * MAX_ATTEMPTS
    first_article = _publish(scratch_engine)
    second_article = _publish(scratch_engine)

    now = utcnow()
    for _ in range(MAX_ATTEMPTS):
        dispatch_due(scratch_engine, now=now)
        now += timedelta(hours=14)  # past the longest wait (10 h + 20%)
    assert len(receiver.requests) == MAX_ATTEMPTS  # only the head was ever tried
    head, behind = deliveries(scratch_engine, endpoint_id)
    assert (head.status, head.attempts) == ("failed", MAX_ATTEMPTS)
    assert behind.status == "pending"
    with Session(scratch_engine) as session:
        endpoint = session.get(WebhookEndpoint, endpoint_id)
        assert endpoint is not None
        assert not endpoint.enabled
        assert endpoint.disabled_reason is not None
        assert "failed" in endpoint.disabled_reason
    # While disabled: nothing is sent, and new events queue nothing for it.
    assert dispatch_due(scratch_engine, now=now) == 0
    _act(scratch_engine, first_article, "unpublish")
    assert len(deliveries(scratch_engine, endpoint_id)) == 2

    with open_session(write=True, engine=scratch_engine) as session:
        admin = load_principal(session, Factory(session).user(Role.admin))
        endpoint = service.get_endpoint(session, endpoint_id)
        service.update_endpoint(
            session, endpoint=endpoint, data=WebhookUpdate(enabled=True), actor=admin
        )
        session.commit()
    assert dispatch_due(scratch_engine, now=now) == 1  # the queue resumes behind the failure
    messages = _verified(receiver, secret)
    assert messages[-1]["data"]["id"] == second_article


def test_one_endpoint_gets_its_events_in_order_even_across_a_retry(
    scratch_engine: Engine, receiver: Receiver
) -> None:
    _, secret = subscribe(scratch_engine, receiver.url)
    receiver.plan = [500]  # the first attempt of the first message fails
    article_id = _publish(scratch_engine)
    _act(scratch_engine, article_id, "edit")
    _act(scratch_engine, article_id, "unpublish")

    assert dispatch_due(scratch_engine) == 0  # the head failed: nothing behind it was sent
    assert len(receiver.requests) == 1
    assert dispatch_due(scratch_engine, now=utcnow() + timedelta(seconds=10)) == 3
    types = [m["type"] for m in _verified(receiver, secret)]
    assert types == ["article.published", "article.published", "article.updated",
                     "article.unpublished"]  # fmt: skip


def test_the_category_filter_and_the_event_list_choose_what_is_sent(
    scratch_engine: Engine, receiver: Receiver
) -> None:
    with open_session(write=True, engine=scratch_engine) as session:
        factory = Factory(session)
        news = factory.category("Thời sự")
        local = factory.category("Địa phương", parent_id=news.id)
        sport = factory.category("Thể thao")
        session.commit()
        ids = (news.id, local.id, sport.id)
    _, secret = subscribe(
        scratch_engine, receiver.url, category_id=ids[0], events=["article.published"]
    )
    in_child = _publish(scratch_engine, category_id=ids[1])
    _publish(scratch_engine, category_id=ids[2])
    _act(scratch_engine, in_child, "unpublish")  # not subscribed to unpublished

    dispatch_due(scratch_engine)
    messages = _verified(receiver, secret)
    assert [(m["type"], m["data"]["id"]) for m in messages] == [("article.published", in_child)]
    assert messages[0]["data"]["category_id"] == ids[1]


def test_several_dispatchers_send_each_delivery_once(
    scratch_engine: Engine, receiver: Receiver
) -> None:
    endpoint_ids = [subscribe(scratch_engine, receiver.url)[0] for _ in range(3)]
    for _ in range(4):
        _publish(scratch_engine)
    start = threading.Barrier(3)

    def run() -> None:
        start.wait()
        dispatch_due(scratch_engine)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    dispatch_due(scratch_engine)  # whatever a lease holder left for the next tick
    sent = [(r.headers["webhook-id"], r.body) for r in receiver.requests]
    assert len(sent) == 12
    per_endpoint = {
        eid: [d.status for d in deliveries(scratch_engine, eid)] for eid in endpoint_ids
    }
    assert all(statuses == ["delivered"] * 4 for statuses in per_endpoint.values())
    assert len({orjson.loads(body)["data"]["id"] for _, body in sent}) == 4


def test_retry_delays_grow_to_about_a_day() -> None:
    total = sum(dispatch.RETRY_DELAYS, timedelta())
    assert timedelta(hours=20) < total < timedelta(hours=30)
    assert all(
        later > earlier
        for earlier, later in zip(
            dispatch.RETRY_DELAYS[:4], dispatch.RETRY_DELAYS[1:5], strict=True
        )
    )
