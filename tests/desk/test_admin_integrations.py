"""Integrations and numbers in the desk: webhooks (the secret once, private targets refused,
editing what the API then returns, stale edits refused, the delivery log paged by keyset,
redelivery), the media library (search, editing what the API then shows,
deletes refused while articles use a file), view statistics equal to the API's, most-read with
live articles only, and the same 404 as an unknown page for whoever the API refuses."""

import json
import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from markupsafe import escape
from sqlmodel import Session, select

from app.accounts.models import AuditEvent, Role, User
from app.articles import service as articles
from app.articles.models import ArticleStatus
from app.articles.schemas import ArticleUpdate
from app.core.config import get_settings
from app.core.db import utcnow
from app.desk import library_pages, stats_pages, webhook_pages
from app.desk.i18n import _
from app.media.storage import LocalStorage
from app.views import service as views
from app.webhooks import service as webhooks
from app.webhooks.models import WebhookDelivery, WebhookEndpoint
from app.webhooks.schemas import WebhookCreate
from tests.desk.pages import csrf_of, sign_in
from tests.factories import Factory
from tests.media.files import jpeg_with_gps, pdf

HOOK_URL = "http://127.0.0.1:9/hook"
NOT_FOUND = "Trang này không tồn tại hoặc bạn không có quyền xem."


def _shows(page: Response, message: str) -> bool:
    """Whether the page shows this desk message, as the catalog translates it."""
    return str(escape(message)) in page.text


def _ids(page: Response, attribute: str) -> list[int]:
    return [int(i) for i in re.findall(rf'<(?:tr|li) {attribute}="(\d+)"', page.text)]


@pytest.fixture
def private_targets(monkeypatch: pytest.MonkeyPatch) -> None:
    """A receiver on this machine may be subscribed (NEWSDESK_WEBHOOK_ALLOW_PRIVATE_TARGETS)."""
    monkeypatch.setattr(get_settings(), "webhook_allow_private_targets", True)


@pytest.fixture
def admin(client: TestClient, factory: Factory) -> User:
    user = factory.user(Role.admin)
    sign_in(client, user)
    return user


def _endpoint(db: Session, factory: Factory) -> WebhookEndpoint:
    data = WebhookCreate(url=HOOK_URL, events=["article.published"])
    return webhooks.create_endpoint(db, data=data, actor=factory.admin_principal())


# --- webhooks ----------------------------------------------------------------------------------


def test_an_admin_creates_a_webhook_and_sees_its_secret_once(
    client: TestClient, factory: Factory, db: Session, admin: User, private_targets: None
) -> None:
    page = client.get("/desk/admin/webhooks")
    assert page.status_code == 200
    created = client.post(
        "/desk/admin/webhooks",
        data={"csrf_token": csrf_of(page), "url": HOOK_URL, "description": "Cổng tỉnh",
              "events": ["article.published", "article.deleted"], "category_id": ""},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    secret = re.search(r'<code id="secret"[^>]*>(whsec_[^<]+)</code>', created.text)
    assert secret
    stored = db.exec(select(WebhookEndpoint)).one()
    assert stored.secret == secret[1]
    api = client.get("/v1/admin/webhooks", headers=factory.headers(admin)).json()
    assert [(h["url"], h["events"], h["description"]) for h in api] == [
        (HOOK_URL, ["article.deleted", "article.published"], "Cổng tỉnh")
    ]
    again = client.get("/desk/admin/webhooks")
    assert _ids(again, "data-webhook") == [stored.id]
    assert secret[1] not in again.text  # shown once, in the answer to the creation


def test_an_internal_webhook_address_is_refused_in_vietnamese_and_the_form_kept(
    client: TestClient, factory: Factory, db: Session, admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "webhook_allow_private_targets", False)
    page = client.get("/desk/admin/webhooks")
    refused = client.post(
        "/desk/admin/webhooks",
        data={"csrf_token": csrf_of(page), "url": HOOK_URL, "events": ["article.updated"],
              "description": "Máy nội bộ"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert _shows(refused, _(webhook_pages.INTERNAL_TARGET))
    assert "non-public" not in refused.text  # the service's English stays out of the page
    assert f'value="{HOOK_URL}"' in refused.text
    assert 'value="article.updated" checked' in refused.text
    assert 'value="Máy nội bộ"' in refused.text
    assert db.exec(select(WebhookEndpoint)).all() == []
    no_events = client.post(
        "/desk/admin/webhooks",
        data={"csrf_token": csrf_of(page), "url": "https://example.com/hook"},
    )
    assert no_events.status_code == 422
    assert 'id="events-error">Bắt buộc.' in no_events.text
    unknown_category = client.post(
        "/desk/admin/webhooks",
        data={"csrf_token": csrf_of(page), "url": "https://example.com/hook",
              "events": ["article.published"], "category_id": "2000000000"},
    )  # fmt: skip
    assert unknown_category.status_code == 422
    assert 'id="category_id-error">Chuyên mục không tồn tại.' in unknown_category.text
    assert db.exec(select(WebhookEndpoint)).all() == []


def test_the_webhook_delivery_log_shows_a_test_message_and_redelivers(
    client: TestClient, factory: Factory, db: Session, admin: User, private_targets: None
) -> None:
    endpoint = _endpoint(db, factory)
    page = client.get("/desk/admin/webhooks")
    pinged = client.post(
        f"/desk/admin/webhooks/{endpoint.id}/ping",
        data={"csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    assert pinged.status_code == 303
    assert pinged.headers["location"] == f"/desk/admin/webhooks/{endpoint.id}?done=pinged"
    delivery = db.exec(select(WebhookDelivery)).one()
    assert delivery.event_type == "webhook.ping"
    api = client.get(
        f"/v1/admin/webhooks/{endpoint.id}/deliveries", headers=factory.headers(admin)
    ).json()
    assert [d["id"] for d in api] == [delivery.id]
    log = client.get(pinged.headers["location"])
    assert log.status_code == 200
    assert _shows(log, _(webhook_pages.WEBHOOK_DONE["pinged"]))
    assert f'<tr data-delivery="{delivery.id}" data-status="pending">' in log.text
    assert "<code>webhook.ping</code>" in log.text

    # The receiver kept failing: the dispatcher gave up on the delivery.
    delivery.status, delivery.attempts, delivery.last_status_code = "failed", 8, 503
    delivery.last_error = "HTTP 503"
    db.add(delivery)
    db.flush()
    failed = client.get(f"/desk/admin/webhooks/{endpoint.id}")
    assert f'data-delivery="{delivery.id}" data-status="failed"' in failed.text
    assert "<code>HTTP 503</code>" in failed.text
    before = utcnow()
    again = client.post(
        f"/desk/admin/webhooks/deliveries/{delivery.id}/redeliver",
        data={"csrf_token": csrf_of(failed)},
        follow_redirects=False,
    )
    assert again.status_code == 303
    db.expire_all()
    queued = db.get(WebhookDelivery, delivery.id)
    assert queued is not None
    assert (queued.status, queued.attempts) == ("pending", 0)
    assert queued.next_attempt_at >= before - timedelta(seconds=1)
    shown = client.get(again.headers["location"])
    assert f'data-delivery="{delivery.id}" data-status="pending"' in shown.text
    assert re.search(r'<td class="attempts">0</td>', shown.text)
    listed = client.get("/desk/admin/webhooks")
    assert "delivery-pending" in listed.text  # the list's last delivery


def test_the_webhook_delivery_log_is_paged_newest_first(
    client: TestClient, factory: Factory, db: Session, admin: User, private_targets: None
) -> None:
    endpoint = _endpoint(db, factory)
    per_page = webhook_pages.DELIVERIES_PER_PAGE
    sent = [webhooks.ping(db, endpoint=endpoint).id for _ in range(per_page + 3)]
    first = client.get(f"/desk/admin/webhooks/{endpoint.id}")
    shown = _ids(first, "data-delivery")
    assert shown == sorted(sent, reverse=True)[: webhook_pages.DELIVERIES_PER_PAGE]
    older = re.search(r'<a href="([^"]+)" rel="next">', first.text)
    assert older
    rest = client.get(older[1].replace("&amp;", "&"))
    assert _ids(rest, "data-delivery") == sorted(sent, reverse=True)[per_page:]
    assert 'rel="next"' not in rest.text


def test_the_webhook_delivery_log_pages_by_keyset_one_webhook_at_a_time(
    client: TestClient,
    factory: Factory,
    db: Session,
    admin: User,
    private_targets: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pages end exactly at the last delivery, never show another webhook's, stay put while
    new deliveries arrive, and never read more than a page (and one to know there is more)."""
    monkeypatch.setattr(webhook_pages, "DELIVERIES_PER_PAGE", 2)
    mine, other = _endpoint(db, factory), _endpoint(db, factory)
    sent = []
    for _n in range(4):
        sent.append(webhooks.ping(db, endpoint=mine).id)
        webhooks.ping(db, endpoint=other)
    first = client.get(f"/desk/admin/webhooks/{mine.id}")
    assert _ids(first, "data-delivery") == [sent[3], sent[2]]
    assert 'rel="next"' in first.text
    webhooks.ping(db, endpoint=mine)  # arrives meanwhile: the next page does not shift
    second = client.get(f"/desk/admin/webhooks/{mine.id}", params={"before": sent[2]})
    assert _ids(second, "data-delivery") == [sent[1], sent[0]]
    assert 'rel="next"' not in second.text  # exactly two pages: no empty third one
    assert f'<a href="/desk/admin/webhooks/{mine.id}">' in second.text  # back to the newest
    rows, next_before = webhook_pages._deliveries_page(db, mine.id or 0, before=None)
    assert (len(rows), next_before) == (2, rows[-1].id)
    assert client.get(f"/desk/admin/webhooks/{mine.id}", params={"before": "0"}).status_code == 422


def test_a_webhook_is_disabled_enabled_and_deleted(
    client: TestClient, factory: Factory, db: Session, admin: User, private_targets: None
) -> None:
    endpoint = _endpoint(db, factory)
    token = csrf_of(client.get("/desk/admin/webhooks"))
    api = f"/v1/admin/webhooks/{endpoint.id}"
    headers = factory.headers(admin)
    for action, enabled in (("disable", False), ("enable", True)):
        done = client.post(f"/desk/admin/webhooks/{endpoint.id}/{action}",
                           data={"csrf_token": token}, follow_redirects=False)  # fmt: skip
        assert done.status_code == 303
        assert client.get(api, headers=headers).json()["enabled"] is enabled
    deleted = client.post(f"/desk/admin/webhooks/{endpoint.id}/delete",
                          data={"csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert deleted.status_code == 303
    assert client.get(api, headers=headers).status_code == 404
    assert _ids(client.get(deleted.headers["location"]), "data-webhook") == []


def _seen_of(page: Response) -> str:
    seen = re.search(r'name="seen" value="([^"]*)"', page.text)
    assert seen
    return seen[1].replace("&#34;", '"')


def test_an_admin_edits_a_webhook_and_the_api_returns_the_change(
    client: TestClient, factory: Factory, db: Session, admin: User, private_targets: None
) -> None:
    endpoint = _endpoint(db, factory)
    politics = factory.category("Chính trị")
    api = f"/v1/admin/webhooks/{endpoint.id}"
    headers = factory.headers(admin)
    listed = client.get("/desk/admin/webhooks")
    assert f'href="/desk/admin/webhooks/{endpoint.id}/edit"' in listed.text
    log = client.get(f"/desk/admin/webhooks/{endpoint.id}")
    assert f'id="edit-webhook" href="/desk/admin/webhooks/{endpoint.id}/edit"' in log.text
    page = client.get(f"/desk/admin/webhooks/{endpoint.id}/edit")
    assert page.status_code == 200
    assert f'id="url" name="url" type="url" value="{HOOK_URL}"' in page.text
    assert 'value="article.published" checked' in page.text
    assert 'value="article.deleted" checked' not in page.text
    assert 'id="enabled" name="enabled" type="checkbox" checked' in page.text
    # The form carries the state it shows, named as the API's ETag names it.
    assert _seen_of(page) == client.get(api, headers=headers).headers["etag"]

    saved = client.post(
        f"/desk/admin/webhooks/{endpoint.id}/edit",
        data={"csrf_token": csrf_of(page), "seen": _seen_of(page),
              "url": "http://127.0.0.1:9/cong-tinh", "description": "Cổng thông tin tỉnh",
              "events": ["article.updated", "article.deleted"],
              "category_id": str(politics.id)},  # "enabled" unticked
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == f"/desk/admin/webhooks/{endpoint.id}?done=saved"
    shown = client.get(api, headers=headers).json()
    assert (shown["url"], shown["events"], shown["category_id"], shown["description"]) == (
        "http://127.0.0.1:9/cong-tinh", ["article.deleted", "article.updated"], politics.id,
        "Cổng thông tin tỉnh",
    )  # fmt: skip
    assert (shown["enabled"], shown["disabled_reason"]) == (False, "disabled by an admin")
    done = client.get(saved.headers["location"])
    assert _shows(done, _(webhook_pages.WEBHOOK_DONE["saved"]))
    assert f'id="webhook-state">{_("Disabled")}<' in done.text

    # Ticked again, with every category: enabled, and the filter cleared.
    again = client.get(f"/desk/admin/webhooks/{endpoint.id}/edit")
    unticked = 'id="enabled" name="enabled" type="checkbox" aria-describedby="enabled-hint">'
    assert unticked in again.text
    assert _shows(again, _("Disabled by an admin."))
    assert f'<option value="{politics.id}" selected>' in again.text
    enabled = client.post(
        f"/desk/admin/webhooks/{endpoint.id}/edit",
        data={"csrf_token": csrf_of(again), "seen": _seen_of(again), "enabled": "on",
              "url": "http://127.0.0.1:9/cong-tinh", "description": "Cổng thông tin tỉnh",
              "events": ["article.deleted", "article.updated"], "category_id": ""},
        follow_redirects=False,
    )  # fmt: skip
    assert enabled.status_code == 303
    shown = client.get(api, headers=headers).json()
    assert (shown["enabled"], shown["disabled_reason"], shown["category_id"]) == (True, None, None)
    assert shown["events"] == ["article.deleted", "article.updated"]


def test_a_webhook_edit_sends_only_what_was_changed(
    client: TestClient, factory: Factory, db: Session, admin: User, private_targets: None
) -> None:
    """As the API's PATCH: the audit names the one field changed, and an unchanged form
    changes nothing (not even updated_at)."""
    endpoint = _endpoint(db, factory)
    before = endpoint.updated_at
    page = client.get(f"/desk/admin/webhooks/{endpoint.id}/edit")
    form = {"csrf_token": csrf_of(page), "seen": _seen_of(page), "url": HOOK_URL,
            "events": ["article.published"], "category_id": "", "description": "",
            "enabled": "on"}  # fmt: skip
    same = client.post(f"/desk/admin/webhooks/{endpoint.id}/edit", data=form,
                       follow_redirects=False)  # fmt: skip
    assert same.status_code == 303
    db.expire_all()
    stored = db.get(WebhookEndpoint, endpoint.id)
    assert stored is not None
    assert stored.updated_at == before
    described = client.post(f"/desk/admin/webhooks/{endpoint.id}/edit",
                            data={**form, "description": "Ứng dụng di động"},
                            follow_redirects=False)  # fmt: skip
    assert described.status_code == 303
    audit = db.exec(select(AuditEvent.details).where(AuditEvent.action == "webhook.update")).all()
    assert [json.loads(d) for d in audit] == [{"fields": ["description"]}]


def test_a_refused_webhook_edit_keeps_what_was_typed_and_saves_nothing(
    client: TestClient, factory: Factory, db: Session, admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "webhook_allow_private_targets", True)
    endpoint = _endpoint(db, factory)
    monkeypatch.setattr(get_settings(), "webhook_allow_private_targets", False)
    api = f"/v1/admin/webhooks/{endpoint.id}"
    headers = factory.headers(admin)
    stored = client.get(api, headers=headers).json()
    page = client.get(f"/desk/admin/webhooks/{endpoint.id}/edit")
    url = f"/desk/admin/webhooks/{endpoint.id}/edit"
    typed = {"csrf_token": csrf_of(page), "seen": _seen_of(page), "enabled": "on",
             "events": ["article.unpublished"], "description": "Máy chủ nội bộ",
             "category_id": ""}  # fmt: skip

    internal = client.post(url, data={**typed, "url": "http://10.1.2.3/hook"})
    assert internal.status_code == 422
    assert _shows(internal, _(webhook_pages.INTERNAL_TARGET))
    assert "non-public" not in internal.text
    assert 'id="url-error"' in internal.text
    typed_url = 'value="http://10.1.2.3/hook" class="wide" required placeholder="https://"'
    assert f'{typed_url} aria-invalid="true"' in internal.text
    assert 'value="article.unpublished" checked' in internal.text
    assert 'value="article.published" checked' not in internal.text
    assert 'value="Máy chủ nội bộ"' in internal.text

    wrong_scheme = client.post(url, data={**typed, "url": "ftp://example.com/hook"})
    assert wrong_scheme.status_code == 422
    assert _shows(wrong_scheme, _("Webhooks go to http:// or https:// addresses without a user "
                                  "name or password."))  # fmt: skip
    assert 'value="ftp://example.com/hook"' in wrong_scheme.text

    no_events = client.post(url, data={**typed, "url": HOOK_URL, "events": []})
    assert no_events.status_code == 422
    assert 'id="events-error">Bắt buộc.' in no_events.text

    # The service refuses the category after taking the events: neither is saved.
    monkeypatch.setattr(get_settings(), "webhook_allow_private_targets", True)
    unknown = client.post(url, data={**typed, "url": HOOK_URL, "category_id": "2000000000"})
    assert unknown.status_code == 422
    assert 'id="category_id-error">Chuyên mục không tồn tại.' in unknown.text
    assert 'value="article.unpublished" checked' in unknown.text
    assert client.get(api, headers=headers).json() == stored
    db.refresh(endpoint)
    assert endpoint.events == "article.published"


def test_a_webhook_edit_on_a_stale_page_is_refused_and_the_typing_kept(
    client: TestClient, factory: Factory, db: Session, admin: User, private_targets: None
) -> None:
    endpoint = _endpoint(db, factory)
    api = f"/v1/admin/webhooks/{endpoint.id}"
    headers = factory.headers(admin)
    page = client.get(f"/desk/admin/webhooks/{endpoint.id}/edit")
    # Meanwhile someone changes it through the API.
    patched = client.patch(
        api, headers=headers, json={"url": "http://127.0.0.1:9/cua-ho", "description": "Của họ"}
    )
    assert patched.status_code == 200
    url = f"/desk/admin/webhooks/{endpoint.id}/edit"
    mine = {"csrf_token": csrf_of(page), "seen": _seen_of(page), "enabled": "on",
            "url": "http://127.0.0.1:9/cua-toi", "events": ["article.published"],
            "category_id": "", "description": "Của tôi"}  # fmt: skip
    stale = client.post(url, data=mine)
    assert stale.status_code == 412
    assert 'role="alert" id="form-message"' in stale.text
    assert 'value="http://127.0.0.1:9/cua-toi"' in stale.text
    assert 'value="Của tôi"' in stale.text
    assert "<code>http://127.0.0.1:9/cua-ho</code>" in stale.text.split('id="saved-now"', 1)[1]
    assert client.get(api, headers=headers).json()["url"] == "http://127.0.0.1:9/cua-ho"
    # The answer carries the current state: saving again is knowing, and wins.
    assert _seen_of(stale) == client.get(api, headers=headers).headers["etag"]
    again = client.post(url, data={**mine, "seen": _seen_of(stale)}, follow_redirects=False)
    assert again.status_code == 303
    shown = client.get(api, headers=headers).json()
    assert (shown["url"], shown["description"]) == ("http://127.0.0.1:9/cua-toi", "Của tôi")

    # The dispatcher gave up on it while the page was open: not re-enabled unawares.
    page = client.get(url)
    db.refresh(endpoint)
    endpoint.enabled, endpoint.disabled_reason = False, "delivery 1 failed 8 times"
    db.add(endpoint)
    db.flush()
    refused = client.post(url, data={**mine, "csrf_token": csrf_of(page), "seen": _seen_of(page)})
    assert refused.status_code == 412
    assert f"{_('State')}: {_('Disabled')}" in refused.text.split('id="saved-now"', 1)[1]
    assert client.get(api, headers=headers).json()["enabled"] is False


def test_a_webhook_edit_needs_the_session_token_and_our_origin(
    client: TestClient, factory: Factory, db: Session, admin: User, private_targets: None
) -> None:
    endpoint = _endpoint(db, factory)
    page = client.get(f"/desk/admin/webhooks/{endpoint.id}/edit")
    typed = {"seen": _seen_of(page), "url": "http://127.0.0.1:9/khac",
             "events": ["article.published"], "enabled": "on"}  # fmt: skip
    url = f"/desk/admin/webhooks/{endpoint.id}/edit"
    assert client.post(url, data={**typed, "csrf_token": "sai"}).status_code == 403
    elsewhere = client.post(url, data={**typed, "csrf_token": csrf_of(page)},
                            headers={"Origin": "https://evil.example"})  # fmt: skip
    assert elsewhere.status_code == 403
    db.refresh(endpoint)
    assert endpoint.url == HOOK_URL
    missing = "/desk/admin/webhooks/2000000000/edit"
    assert (client.get(missing).status_code, NOT_FOUND in client.get(missing).text) == (404, True)
    posted = client.post(missing, data={**typed, "csrf_token": csrf_of(page)})
    assert (posted.status_code, NOT_FOUND in posted.text) == (404, True)


@pytest.mark.parametrize("role", [Role.contributor, Role.chief_editor])
def test_the_webhook_pages_are_not_there_for_non_admins(
    client: TestClient, factory: Factory, db: Session, private_targets: None, role: Role
) -> None:
    endpoint = _endpoint(db, factory)
    delivery = webhooks.ping(db, endpoint=endpoint)
    user = factory.user(role)
    assert client.get("/v1/admin/webhooks", headers=factory.headers(user)).status_code == 403
    sign_in(client, user)
    token = csrf_of(client.get("/desk/articles"))
    unknown = client.get("/desk/no-such-page")
    assert unknown.status_code == 404
    assert NOT_FOUND in unknown.text
    assert "/desk/admin/webhooks" not in client.get("/desk/articles").text  # no menu, no link
    for url in ("/desk/admin/webhooks", f"/desk/admin/webhooks/{endpoint.id}",
                f"/desk/admin/webhooks/{endpoint.id}/edit"):  # fmt: skip
        page = client.get(url)
        assert (page.status_code, NOT_FOUND in page.text) == (404, True), url
    forced = {
        "/desk/admin/webhooks": {"url": "https://example.com/x", "events": "article.published"},
        f"/desk/admin/webhooks/{endpoint.id}/disable": {},
        f"/desk/admin/webhooks/{endpoint.id}/edit": {
            "url": "https://example.com/x",
            "events": "article.published",
            "enabled": "on",
        },
        f"/desk/admin/webhooks/{endpoint.id}/delete": {},
        f"/desk/admin/webhooks/{endpoint.id}/ping": {},
        f"/desk/admin/webhooks/deliveries/{delivery.id}/redeliver": {},
    }
    for url, fields in forced.items():
        answer = client.post(url, data={"csrf_token": token, **fields}, follow_redirects=False)
        assert (answer.status_code, NOT_FOUND in answer.text) == (404, True), url
    db.expire_all()
    assert [e.id for e in db.exec(select(WebhookEndpoint)).all()] == [endpoint.id]
    assert db.exec(select(WebhookDelivery.id)).all() == [delivery.id]
    still = db.get(WebhookEndpoint, endpoint.id)
    assert still is not None
    assert (still.enabled, still.url) == (True, HOOK_URL)


# --- the media library ---------------------------------------------------------------------------


def _upload(client: TestClient, token: str, name: str, content: bytes, **fields: str) -> int:
    """An image uploaded through the desk's picker; its id."""
    done = client.post(
        "/desk/media",
        files={"file": (name, content)},
        data=fields,
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )
    assert done.status_code == 201, done.text
    return int(re.findall(r'data-media-id="(\d+)"', done.text)[0])


def test_the_library_lists_searches_and_filters(
    client: TestClient, factory: Factory, storage: LocalStorage
) -> None:
    editor = factory.user(Role.editor)
    sign_in(client, editor)
    token = csrf_of(client.get("/desk/library"))
    image = _upload(client, token, "lua.jpg", jpeg_with_gps(), alt="Cánh đồng lúa Châu Phú")
    document = client.post(
        "/v1/admin/media",
        files={"file": ("quyet-dinh.pdf", pdf())},
        data={"caption": "Quyết định số 12"},
        headers=factory.headers(editor),
    ).json()["id"]
    everything = client.get("/desk/library")
    assert everything.status_code == 200
    assert _ids(everything, "data-media") == [document, image]  # newest first
    assert _ids(client.get("/desk/library", params={"q": "canh dong"}), "data-media") == [image]
    assert _ids(client.get("/desk/library", params={"q": "QUYẾT ĐỊNH"}), "data-media") == [document]
    assert _ids(client.get("/desk/library", params={"q": "không có"}), "data-media") == []
    documents = client.get("/desk/library", params={"kind": "document"})
    assert _ids(documents, "data-media") == [document]
    partial = client.get("/desk/library", params={"kind": "image"}, headers={"HX-Request": "1"})
    assert partial.text.startswith('<section id="results"')
    assert _ids(partial, "data-media") == [image]
    unknown = client.get("/desk/library", params={"kind": "video"})
    assert unknown.status_code == 400
    assert _shows(unknown, _("Unknown kind of file."))
    assert _ids(unknown, "data-media") == []
    assert client.get("/desk/library", params={"cursor": "rác"}).status_code == 400


def test_the_library_pages_by_cursor(
    client: TestClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_pages, "LIBRARY_PER_PAGE", 2)
    made = [factory.image().id for _ in range(3)]
    sign_in(client, factory.user(Role.contributor))
    first = client.get("/desk/library", params={"kind": "image"})
    assert _ids(first, "data-media") == made[:0:-1]
    following = re.search(r'<a href="([^"]+)" rel="next">', first.text)
    assert following
    assert "kind=image" in following[1]
    second = client.get(following[1].replace("&amp;", "&"))
    assert _ids(second, "data-media") == [made[0]]


def test_alt_text_edited_in_the_desk_is_what_the_api_shows(
    client: TestClient, factory: Factory, storage: LocalStorage
) -> None:
    editor = factory.user(Role.editor)
    sign_in(client, editor)
    media_id = _upload(client, csrf_of(client.get("/desk/library")), "a.jpg", jpeg_with_gps(),
                       alt="Ảnh cũ")  # fmt: skip
    page = client.get(f"/desk/library/{media_id}")
    assert page.status_code == 200
    lock = re.search(r'name="lock_version" value="(\d+)"', page.text)
    assert lock
    saved = client.post(
        f"/desk/library/{media_id}",
        data={"csrf_token": csrf_of(page), "lock_version": lock[1], "alt": "Lúa chín ở Châu Phú",
              "caption": "Mùa gặt 2026", "credit": "Ảnh: Trung Hiếu"},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    assert "Đã lưu." in client.get(saved.headers["location"]).text
    api = client.get(f"/v1/admin/media/{media_id}", headers=factory.headers(editor)).json()
    assert (api["alt"], api["caption"], api["credit"]) == (
        "Lúa chín ở Châu Phú", "Mùa gặt 2026", "Ảnh: Trung Hiếu",
    )  # fmt: skip
    # A page opened before that save does not undo it; what was typed is kept.
    stale = client.post(
        f"/desk/library/{media_id}",
        data={"csrf_token": csrf_of(page), "lock_version": lock[1], "alt": "Bản cũ",
              "caption": "", "credit": ""},
    )  # fmt: skip
    assert stale.status_code == 412
    assert 'value="Bản cũ"' in stale.text
    assert (
        client.get(f"/v1/admin/media/{media_id}", headers=factory.headers(editor)).json()["alt"]
        == "Lúa chín ở Châu Phú"
    )
    current = client.get(f"/desk/library/{media_id}")
    too_long = client.post(
        f"/desk/library/{media_id}",
        data={"csrf_token": csrf_of(current), "alt": "x" * 501,
              "lock_version": re.findall(r'name="lock_version" value="(\d+)"', current.text)[0]},
    )  # fmt: skip
    assert too_long.status_code == 422
    assert 'id="alt-error">Quá dài: tối đa 500 ký tự.' in too_long.text


def test_a_file_in_use_is_not_deleted_and_only_viewable_articles_are_named(
    client: TestClient, factory: Factory, db: Session, storage: LocalStorage
) -> None:
    writer = factory.user(Role.contributor)
    sign_in(client, writer)
    media_id = _upload(client, csrf_of(client.get("/desk/library")), "b.jpg", jpeg_with_gps())
    mine = factory.article(author=writer, title="Bài của phóng viên", image_id=media_id)
    secret = factory.article(title="Bản nháp riêng của biên tập", image_id=media_id)
    page = client.get(f"/desk/library/{media_id}")
    assert 'id="used-by"' in page.text
    assert "Bài của phóng viên" in page.text
    assert "Bản nháp riêng của biên tập" not in page.text
    lock = re.search(r'name="lock_version" value="(\d+)"', page.text)
    assert lock
    refused = client.post(
        f"/desk/library/{media_id}/delete",
        data={"csrf_token": csrf_of(page), "lock_version": lock[1]},
    )
    assert refused.status_code == 409
    assert _shows(refused, _(library_pages.IN_USE))
    message = refused.text.split('id="form-message"', 1)[1].split("</div>", 1)[0]
    assert f'data-article="{mine.id}"' in message
    assert str(secret.id) not in message
    assert "Bản nháp riêng của biên tập" not in refused.text
    assert _shows(refused, _(library_pages.OTHERS_USING).format(count=1))
    admin = factory.admin_principal()
    for article in (mine, secret):
        articles.update_article(
            db, article=article, data=ArticleUpdate(image_id=None), actor=admin,
            expected_lock_version=article.lock_version,
        )  # fmt: skip
    unused = client.get(f"/desk/library/{media_id}")
    assert _shows(unused, _("No article uses this file."))
    deleted = client.post(
        f"/desk/library/{media_id}/delete",
        data={"csrf_token": csrf_of(unused), "lock_version": lock[1]},
        follow_redirects=False,
    )
    assert deleted.status_code == 303
    assert deleted.headers["location"] == "/desk/library?done=deleted"
    api = client.get(f"/v1/admin/media/{media_id}", headers=factory.headers(writer))
    assert api.status_code == 404
    assert client.get(f"/desk/library/{media_id}").status_code == 404


def test_only_the_uploader_or_an_editor_changes_a_file(
    client: TestClient, factory: Factory, storage: LocalStorage
) -> None:
    uploader = factory.user(Role.contributor)
    sign_in(client, uploader)
    media_id = _upload(client, csrf_of(client.get("/desk/library")), "c.jpg", jpeg_with_gps(),
                       alt="Của người tải")  # fmt: skip
    client.cookies.clear()
    sign_in(client, factory.user(Role.contributor))
    page = client.get(f"/desk/library/{media_id}")
    assert page.status_code == 200  # the library is shared, as the API's
    refused = client.post(
        f"/desk/library/{media_id}",
        data={"csrf_token": csrf_of(page), "lock_version": "1", "alt": "Của người khác"},
    )
    assert refused.status_code == 403
    assert _shows(refused, _(library_pages.NOT_YOURS))
    gone = client.post(f"/desk/library/{media_id}/delete",
                       data={"csrf_token": csrf_of(page), "lock_version": "1"})  # fmt: skip
    assert gone.status_code == 403
    api = client.get(f"/v1/admin/media/{media_id}", headers=factory.headers(uploader)).json()
    assert api["alt"] == "Của người tải"


# --- views ---------------------------------------------------------------------------------------


def test_the_stats_page_shows_what_the_api_answers(
    client: TestClient, factory: Factory, db: Session
) -> None:
    editor = factory.user(Role.editor)
    article = factory.article(
        status=ArticleStatus.published, publish_at=utcnow() - timedelta(days=40)
    )
    assert article.id is not None
    today = views.site_day(utcnow())
    for days_ago, count in ((0, 3), (2, 5), (29, 1), (30, 7)):  # the last one is out of range
        views.add_views(
            db, article_id=article.id, day=today - timedelta(days=days_ago), views=count
        )
    views.import_views(db, [(str(article.id), 1200)])
    api = client.get(
        f"/v1/admin/articles/{article.id}/stats", headers=factory.headers(editor)
    ).json()
    sign_in(client, editor)
    page = client.get(f"/desk/articles/{article.id}/stats")
    assert page.status_code == 200

    def value(element_id: str) -> int:
        found = re.search(rf'id="{element_id}" data-value="(\d+)"', page.text)
        assert found, element_id
        return int(found[1])

    assert value("view-count") == api["view_count"] == 1200
    assert value("period-views") == api["period_views"] == 9
    assert value("imported-views") == api["imported_views"] == 1200
    assert ">1.200<" in page.text  # thousands as Vietnamese write them
    svg = page.text.split('<svg id="daily-views"', 1)[1].split("</svg>", 1)[0]
    bars = re.findall(r'<rect class="bar" data-day="([\d-]+)" data-views="(\d+)"', svg)
    assert len(bars) == len(api["days"]) == 30
    assert [(day, int(n)) for day, n in bars] == [(d["date"], d["views"]) for d in api["days"]]
    heights = dict(re.findall(r'data-day="([\d-]+)"[^>]* height="(\d+)"', svg))
    assert heights[(today - timedelta(days=2)).isoformat()] == str(stats_pages.CHART_HEIGHT)
    assert heights[(today - timedelta(days=1)).isoformat()] == "0"
    assert "<script" not in page.text.split("</head>", 1)[1]


def test_chart_bars_scale_to_the_busiest_day() -> None:
    today = views.site_day(utcnow())
    days = [(today - timedelta(days=n), count) for n, count in enumerate((0, 1000, 500, 1))]
    bars = stats_pages.chart_bars(days)
    height, step = stats_pages.CHART_HEIGHT, stats_pages.BAR_STEP
    assert [b.height for b in bars] == [0, height, height // 2, 1]
    assert [b.y + b.height for b in bars] == [height] * 4  # all on the baseline
    assert [b.x for b in bars] == [0, step, 2 * step, 3 * step]
    assert [b.height for b in stats_pages.chart_bars([(today, 0)])] == [0]


def test_a_contributor_sees_stats_only_of_articles_the_api_shows_them(
    client: TestClient, factory: Factory
) -> None:
    writer = factory.user(Role.contributor)
    own = factory.article(author=writer)
    others = factory.article(status=ArticleStatus.published)
    headers = factory.headers(writer)
    assert client.get(f"/v1/admin/articles/{others.id}/stats", headers=headers).status_code == 404
    assert client.get(f"/v1/admin/articles/{own.id}/stats", headers=headers).status_code == 200
    sign_in(client, writer)
    refused = client.get(f"/desk/articles/{others.id}/stats")
    assert (refused.status_code, NOT_FOUND in refused.text) == (404, True)
    assert client.get(f"/desk/articles/{own.id}/stats").status_code == 200
    assert client.get("/desk/articles/2000000000/stats").status_code == 404


def test_most_read_lists_live_articles_by_window_and_category(
    client: TestClient, factory: Factory, db: Session
) -> None:
    politics, economy = factory.category("Chính trị"), factory.category("Kinh tế")
    long_ago = utcnow() - timedelta(days=60)
    today = views.site_day(utcnow())
    fresh = factory.article(status=ArticleStatus.published, publish_at=long_ago,
                            title="Tin đọc nhiều hôm nay", category_id=politics.id)  # fmt: skip
    older = factory.article(status=ArticleStatus.published, publish_at=long_ago,
                            title="Tin đọc nhiều tuần trước", category_id=economy.id)  # fmt: skip
    draft = factory.article(title="Bản nháp có lượt xem", category_id=politics.id)
    for article, day, count in ((fresh, today, 4), (older, today - timedelta(days=10), 9),
                                (draft, today, 50)):  # fmt: skip
        assert article.id is not None
        views.add_views(db, article_id=article.id, day=day, views=count)
    editor = factory.user(Role.editor)
    sign_in(client, editor)

    def ranking(**params: str) -> list[tuple[int, int]]:
        page = client.get("/desk/most-read", params=params)
        assert page.status_code == 200, page.text
        assert "Bản nháp có lượt xem" not in page.text
        return [
            (int(a), int(v))
            for a, v in re.findall(
                r'<tr data-article="(\d+)">.*?<td class="view-total" data-value="(\d+)"',
                page.text,
                re.S,
            )
        ]

    assert ranking() == [(fresh.id, 4)]
    assert ranking(window="week") == [(fresh.id, 4)]
    assert ranking(window="month") == [(older.id, 9), (fresh.id, 4)]
    assert ranking(window="month", category=str(economy.id)) == [(older.id, 9)]
    public = client.get("/v1/articles/most-read", params={"window": "month"}).json()
    assert [(i["article"]["id"], i["views"]) for i in public["items"]] == ranking(window="month")
    assert client.get("/desk/most-read", params={"window": "year"}).status_code == 400
    assert client.get("/desk/most-read", params={"category": "2000000000"}).status_code == 400
    linked = client.get("/desk/most-read", params={"window": "month"})
    assert f'href="/desk/articles/{older.id}/stats"' in linked.text
    # A contributor sees the same list, but no way into stats the API would not show them.
    client.cookies.clear()
    sign_in(client, factory.user(Role.contributor))
    theirs = client.get("/desk/most-read", params={"window": "month"})
    assert "Tin đọc nhiều tuần trước" in theirs.text
    assert f'href="/desk/articles/{older.id}/stats"' not in theirs.text
