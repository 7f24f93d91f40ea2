from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session

from app.accounts.models import LoginThrottle, Role
from app.core.config import get_settings
from app.core.db import utcnow
from tests.factories import Factory


def _login(client: TestClient, username: str, password: str):
    # TestClient always reports the client as "testclient"; X-Forwarded-For is not trusted.
    return client.post("/v1/auth/token", data={"username": username, "password": password})


def _let_the_window_pass(db: Session) -> None:
    past = utcnow() - timedelta(seconds=get_settings().login_window_seconds + 1)
    db.execute(
        update(LoginThrottle).values(locked_until=past, first_failure_at=past, last_failure_at=past)
    )
    db.flush()


def test_twenty_wrong_passwords_then_the_right_one(
    client: TestClient, factory: Factory, db: Session
) -> None:
    factory.user(Role.editor, username="thuha", password="mật khẩu đúng")
    statuses = [_login(client, "thuha", f"sai {n}").status_code for n in range(20)]
    limit = get_settings().login_max_failures_per_user
    assert statuses[:limit] == [401] * limit
    assert set(statuses[limit:]) == {429}

    refused = _login(client, "thuha", "mật khẩu đúng")
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.headers["content-type"] == "application/problem+json"

    _let_the_window_pass(db)
    assert _login(client, "thuha", "mật khẩu đúng").status_code == 200
    # Success clears the username's counter: one slip afterwards is just a 401.
    assert _login(client, "thuha", "sai").status_code == 401


def test_lock_doubles_with_further_failures(
    client: TestClient, factory: Factory, db: Session
) -> None:
    factory.user(Role.editor, username="minhchau", password="mật khẩu đúng")
    limit = get_settings().login_max_failures_per_user
    for n in range(limit):
        _login(client, "minhchau", f"sai {n}")
    first_wait = int(_login(client, "minhchau", "x").headers["retry-after"])
    # The lock runs out (but the window has not): the next failure locks for twice as long.
    db.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key == "user:minhchau")
        .values(locked_until=utcnow() - timedelta(seconds=1))
    )
    db.flush()
    assert _login(client, "minhchau", "sai nữa").status_code == 401
    second_wait = int(_login(client, "minhchau", "x").headers["retry-after"])
    assert second_wait > first_wait * 1.5


def test_unknown_usernames_are_throttled_the_same_way(client: TestClient) -> None:
    limit = get_settings().login_max_failures_per_user
    statuses = [_login(client, "khongtontai", "x").status_code for _ in range(limit + 1)]
    assert statuses == [401] * limit + [429]


def test_many_usernames_from_one_address_are_throttled(
    client: TestClient, factory: Factory
) -> None:
    factory.user(Role.editor, username="nanvan", password="mật khẩu đúng")
    per_ip = get_settings().login_max_failures_per_ip
    for n in range(per_ip):
        _login(client, f"doan{n}", "x")
    # A username never tried before is refused too: the address is locked.
    assert _login(client, "nanvan", "mật khẩu đúng").status_code == 429


def test_case_variants_share_a_counter(client: TestClient, factory: Factory) -> None:
    factory.user(Role.editor, username="hoa", password="mật khẩu đúng")
    limit = get_settings().login_max_failures_per_user
    for n in range(limit):
        _login(client, "HOA" if n % 2 else "Hoa", "sai")
    assert _login(client, "hoa", "mật khẩu đúng").status_code == 429
