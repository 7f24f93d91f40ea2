"""Signing in to the desk, staying signed in, and being signed out: the cookie, CSRF on every
state change, idle and absolute expiry, the API's own login throttling, and no open redirect."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, col, select

from app.accounts.models import Role
from app.core.config import get_settings
from app.core.db import utcnow
from app.desk.models import DeskSession
from app.main import create_app
from tests.desk.pages import csrf_of, login_form_token, sign_in
from tests.factories import DEFAULT_PASSWORD, Factory


def _sessions(db: Session) -> list[DeskSession]:
    db.expire_all()
    return list(db.exec(select(DeskSession)).all())


def test_a_page_without_a_session_sends_to_the_sign_in_page_and_back(
    client: TestClient, factory: Factory
) -> None:
    user = factory.user(Role.editor)
    answer = client.get("/desk/articles?view=mine", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/desk/login?next=/desk/articles%3Fview%3Dmine"
    page = client.get(answer.headers["location"])
    assert "Đăng nhập" in page.text
    assert "Tên đăng nhập" in page.text
    signed_in = sign_in(client, user, next="/desk/articles?view=mine")
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/desk/articles?view=mine"
    assert client.get("/desk/articles?view=mine").status_code == 200


def test_the_session_cookie_is_http_only_same_site_and_scoped_to_the_desk(
    client: TestClient, factory: Factory, db: Session
) -> None:
    answer = sign_in(client, factory.user(Role.contributor))
    cookie = next(
        c for c in answer.headers.get_list("set-cookie") if c.startswith("newsdesk_desk=")
    )
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "path=/desk", "samesite=lax"} <= flags
    assert "secure" not in flags  # development over plain HTTP
    # The database keeps only the token's hash: a copy of the table signs no one in.
    token = cookie.split(";")[0].split("=", 1)[1]
    (stored,) = _sessions(db)
    assert stored.token_hash != token
    assert len(stored.token_hash) == 64


def test_in_production_the_cookie_is_secure(
    db: Session, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "env", "production")
    monkeypatch.setattr(get_settings(), "secret_key", "x" * 40)
    with TestClient(create_app(), base_url="https://testserver") as client:
        answer = sign_in(client, factory.user(Role.contributor))
    cookies = [c.lower() for c in answer.headers.get_list("set-cookie")]
    assert any(c.startswith("newsdesk_desk=") and "; secure" in c for c in cookies)


def test_wrong_password_and_unknown_user_get_the_same_vietnamese_message(
    client: TestClient, factory: Factory
) -> None:
    user = factory.user(Role.editor)
    wrong = sign_in(client, user, password="sai mật khẩu")
    unknown = client.post(
        "/desk/login",
        data={"username": "khong-ai", "password": "x", "login_csrf": login_form_token(client)},
    )
    for answer in (wrong, unknown):
        assert answer.status_code == 401
        assert "Sai tên đăng nhập hoặc mật khẩu." in answer.text
        assert "newsdesk_desk=" not in answer.headers.get("set-cookie", "")


def test_the_api_login_throttling_applies_to_the_desk(client: TestClient, factory: Factory) -> None:
    user = factory.user(Role.editor)
    limit = get_settings().login_max_failures_per_user
    statuses = [sign_in(client, user, password=f"sai {n}").status_code for n in range(limit + 1)]
    assert statuses == [401] * limit + [429]
    refused = sign_in(client, user)  # the right password, while locked
    assert refused.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in refused.text


def test_a_sign_in_form_posted_from_elsewhere_is_refused(
    client: TestClient, factory: Factory, db: Session
) -> None:
    user = factory.user(Role.editor)
    login_form_token(client)  # the browser has the cookie, the forged form not the token
    forged = client.post(
        "/desk/login",
        data={"username": user.username, "password": DEFAULT_PASSWORD, "login_csrf": "đoán"},
    )
    assert forged.status_code == 403
    other_origin = client.post(
        "/desk/login",
        data={"username": user.username, "password": DEFAULT_PASSWORD,
              "login_csrf": login_form_token(client)},
        headers={"Origin": "https://evil.example"},
    )  # fmt: skip
    assert other_origin.status_code == 403
    assert _sessions(db) == []


@pytest.mark.parametrize(
    "next_page", ["https://evil.example/", "//evil.example/desk/", "/desk//evil.example", "/v1/x"]
)
def test_after_signing_in_only_a_desk_page_is_a_destination(
    client: TestClient, factory: Factory, next_page: str
) -> None:
    answer = sign_in(client, factory.user(Role.editor), next=next_page)
    assert answer.headers["location"] == "/desk/articles"


@pytest.fixture
def signed_in(client: TestClient, factory: Factory) -> Iterator[TestClient]:
    sign_in(client, factory.user(Role.editor))
    return client


def test_signing_out_needs_the_session_csrf_token_and_ends_the_session(
    signed_in: TestClient, db: Session
) -> None:
    page = signed_in.get("/desk/articles")
    refused = signed_in.post("/desk/logout", data={"csrf_token": "sai"}, follow_redirects=False)
    assert refused.status_code == 403
    assert "Biểu mẫu đã hết hạn" in refused.text
    assert len(_sessions(db)) == 1
    assert signed_in.get("/desk/articles").status_code == 200
    other_origin = signed_in.post(
        "/desk/logout", data={"csrf_token": csrf_of(page)}, headers={"Origin": "https://x.vn"}
    )
    assert other_origin.status_code == 403
    out = signed_in.post("/desk/logout", data={"csrf_token": csrf_of(page)}, follow_redirects=False)
    assert out.status_code == 303
    assert out.headers["location"] == "/desk/login"
    assert _sessions(db) == []
    assert signed_in.get("/desk/articles", follow_redirects=False).status_code == 303


def test_the_csrf_token_also_comes_as_htmx_sends_it(signed_in: TestClient, db: Session) -> None:
    page = signed_in.get("/desk/articles")
    assert f'"X-CSRF-Token": "{csrf_of(page)}"' in page.text  # hx-headers on <body>
    out = signed_in.post(
        "/desk/logout", headers={"X-CSRF-Token": csrf_of(page)}, follow_redirects=False
    )
    assert out.status_code == 303
    assert _sessions(db) == []


def test_an_idle_session_expires_and_is_deleted(signed_in: TestClient, db: Session) -> None:
    idle = timedelta(minutes=get_settings().desk_idle_minutes)
    db.execute(update(DeskSession).values(last_seen_at=utcnow() - idle + timedelta(minutes=2)))
    db.flush()
    assert signed_in.get("/desk/articles").status_code == 200  # still within: and touched
    (touched,) = _sessions(db)
    assert utcnow() - touched.last_seen_at < timedelta(seconds=30)
    db.execute(update(DeskSession).values(last_seen_at=utcnow() - idle - timedelta(seconds=1)))
    db.flush()
    answer = signed_in.get("/desk/articles", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/desk/login")
    assert _sessions(db) == []


def test_a_session_ends_after_its_hours_even_when_busy(signed_in: TestClient, db: Session) -> None:
    hours = timedelta(hours=get_settings().desk_session_hours)
    db.execute(update(DeskSession).values(created_at=utcnow() - hours - timedelta(minutes=1)))
    db.flush()
    assert signed_in.get("/desk/articles", follow_redirects=False).status_code == 303


def test_a_password_change_or_deactivation_ends_desk_sessions(
    client: TestClient, factory: Factory, db: Session
) -> None:
    for change in ("token_version", "is_active"):
        user = factory.user(Role.editor)
        sign_in(client, user)
        assert client.get("/desk/articles").status_code == 200
        if change == "token_version":
            user.token_version += 1
        else:
            user.is_active = False
        db.add(user)
        db.flush()
        assert client.get("/desk/articles", follow_redirects=False).status_code == 303
        assert not [s for s in _sessions(db) if s.user_id == user.id]


def test_an_htmx_request_without_a_session_is_told_to_go_to_the_sign_in_page(
    client: TestClient,
) -> None:
    answer = client.get("/desk/articles", headers={"HX-Request": "true"})
    assert answer.status_code == 204
    assert answer.headers["hx-redirect"] == "/desk/login"


def test_a_stolen_cookie_value_of_another_shape_is_just_no_session(
    client: TestClient, db: Session
) -> None:
    for value in ("", "x" * 5000, "%C4%91", "' OR 1=1 --"):
        client.cookies.set("newsdesk_desk", value, path="/desk")
        assert client.get("/desk/articles", follow_redirects=False).status_code == 303
    assert db.exec(select(DeskSession).where(col(DeskSession.user_id) > 0)).all() == []
