from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.models import AuditEvent, Role, User
from tests.factories import Factory

USERS = "/v1/admin/users"


def test_only_admins_manage_users(client: TestClient, factory: Factory) -> None:
    editor = factory.headers(factory.user(Role.editor))
    assert client.get(USERS, headers=editor).status_code == 403
    assert (
        client.post(
            USERS, json={"username": "x", "password": "12345678"}, headers=editor
        ).status_code
        == 403
    )


def test_admin_creates_lists_and_updates_users(
    client: TestClient, factory: Factory, db: Session
) -> None:
    admin_user = factory.user(Role.admin)
    admin = factory.headers(admin_user)
    created = client.post(
        USERS,
        json={
            "username": "trunghieu",
            "password": "mật khẩu mạnh",
            "display_name": "Trung Hiếu",
            "email": "hieu@angiang.gov.vn",
            "role": "contributor",
        },
        headers=admin,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["display_name"] == "Trung Hiếu"
    assert "password" not in created.text
    assert (
        client.post(
            USERS, json={"username": "trunghieu", "password": "12345678"}, headers=admin
        ).status_code
        == 409
    )
    assert (
        client.post(USERS, json={"username": "ab", "password": "short"}, headers=admin).status_code
        == 422
    )
    assert (
        client.post(
            USERS, json={"username": "x y", "password": "12345678"}, headers=admin
        ).status_code
        == 422
    )
    usernames = [u["username"] for u in client.get(USERS, headers=admin).json()["items"]]
    assert "trunghieu" in usernames

    url = f"{USERS}/{body['id']}"
    assert client.patch(url, json={"role": "editor"}, headers=admin).status_code == 428
    etag = client.get(url, headers=admin).headers["etag"]
    updated = client.patch(
        url, json={"role": "editor", "display_name": "Hiếu"}, headers={**admin, "If-Match": etag}
    )
    assert updated.status_code == 200
    assert updated.json()["role"] == "editor"
    assert (
        client.patch(url, json={"role": None}, headers={**admin, "If-Match": etag}).status_code
        == 412
    )

    actions = db.exec(select(AuditEvent.action).where(AuditEvent.target_id == body["id"])).all()
    assert actions == ["user.create", "user.update"]
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "user.update")).one()
    assert event.actor_id == admin_user.id
    assert "editor" in event.details
    audit_page = client.get("/v1/admin/audit", headers=admin).json()
    assert audit_page["items"][0]["action"] == "user.update"


def test_deactivated_user_is_refused_on_the_next_request(
    client: TestClient, factory: Factory
) -> None:
    admin = factory.headers(factory.user(Role.admin))
    user = factory.user(Role.editor, username="nghihuu", password="mật khẩu cũ")
    headers = factory.headers(user)
    assert client.get("/v1/auth/me", headers=headers).status_code == 200
    url = f"{USERS}/{user.id}"
    etag = client.get(url, headers=admin).headers["etag"]
    response = client.delete(url, headers={**admin, "If-Match": etag})
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert client.get("/v1/auth/me", headers=headers).status_code == 401
    login = client.post("/v1/auth/token", data={"username": "nghihuu", "password": "mật khẩu cũ"})
    assert login.status_code == 401
    # Never deleted: the row and its history stay.
    assert client.get(url, headers=admin).status_code == 200


def test_the_last_admin_cannot_be_removed(
    client: TestClient, factory: Factory, db: Session
) -> None:
    for other in db.exec(select(User).where(User.role == "admin")).all():
        other.role = "editor"
    db.flush()
    only_admin = factory.user(Role.admin)
    admin = factory.headers(only_admin)
    url = f"{USERS}/{only_admin.id}"
    etag = client.get(url, headers=admin).headers["etag"]
    assert client.delete(url, headers={**admin, "If-Match": etag}).status_code == 409
    assert (
        client.patch(url, json={"role": "editor"}, headers={**admin, "If-Match": etag}).status_code
        == 409
    )
    second = factory.user(Role.admin)
    assert second.id is not None
    assert client.delete(url, headers={**admin, "If-Match": etag}).status_code == 200


def test_password_change_needs_the_old_password_and_kills_old_tokens(
    client: TestClient, factory: Factory
) -> None:
    user = factory.user(Role.editor, username="doimatkhau", password="mật khẩu cũ")
    old_headers = factory.headers(user)
    wrong = client.post(
        "/v1/auth/password",
        json={"old_password": "sai", "new_password": "mật khẩu mới"},
        headers=old_headers,
    )
    assert wrong.status_code == 401
    ok = client.post(
        "/v1/auth/password",
        json={"old_password": "mật khẩu cũ", "new_password": "mật khẩu mới"},
        headers=old_headers,
    )
    assert ok.status_code == 200
    assert client.get("/v1/auth/me", headers=old_headers).status_code == 401
    fresh = {"Authorization": f"Bearer {ok.json()['access_token']}"}
    assert client.get("/v1/auth/me", headers=fresh).status_code == 200
    assert (
        client.post(
            "/v1/auth/token", data={"username": "doimatkhau", "password": "mật khẩu cũ"}
        ).status_code
        == 401
    )
    assert (
        client.post(
            "/v1/auth/token", data={"username": "doimatkhau", "password": "mật khẩu mới"}
        ).status_code
        == 200
    )


def _login(client: TestClient, username: str, password: str) -> int:
    form = {"username": username, "password": password}
    return client.post("/v1/auth/token", data=form).status_code


def test_an_admin_resets_a_lost_password(client: TestClient, factory: Factory, db: Session) -> None:
    """The user's tokens die at once, the new password logs in and the old one does not;
    the reset is audited, and the password is never shown back."""
    admin_user = factory.user(Role.admin)
    admin = factory.headers(admin_user)
    writer = factory.user(Role.contributor, password="mật khẩu đã quên")
    old_token = factory.headers(writer)
    assert client.get("/v1/auth/me", headers=old_token).status_code == 200
    url = f"{USERS}/{writer.id}/password"
    new_password = "mật khẩu mới tinh 2026"
    body = {"new_password": new_password}
    assert client.post(url, json=body, headers=admin).status_code == 428
    etag = client.get(f"{USERS}/{writer.id}", headers=admin).headers["ETag"]
    weak = client.post(url, json={"new_password": "short"}, headers={**admin, "If-Match": etag})
    assert weak.status_code == 422

    reset = client.post(url, json=body, headers={**admin, "If-Match": etag})
    assert reset.status_code == 200, reset.text
    assert reset.json()["id"] == writer.id
    assert reset.headers["ETag"] != etag  # the user changed
    assert client.get("/v1/auth/me", headers=old_token).status_code == 401
    assert _login(client, writer.username, "mật khẩu đã quên") == 401
    assert _login(client, writer.username, new_password) == 200

    event = db.exec(select(AuditEvent).where(AuditEvent.action == "user.password_reset")).one()
    assert (event.actor_id, event.target_type, event.target_id) == (
        admin_user.id,
        "user",
        writer.id,
    )
    readable = [
        reset.text,
        client.get(f"{USERS}/{writer.id}", headers=admin).text,
        client.get(USERS, headers=admin).text,
        client.get("/v1/admin/audit", headers=admin).text,
    ]
    for text in readable:
        assert new_password not in text
        assert "password_hash" not in text
        assert "argon2" not in text


def test_only_admins_reset_passwords(client: TestClient, factory: Factory) -> None:
    """Like the rest of the users API: 403 for anyone else, whether the user exists or not,
    and 401 without credentials; nobody's password changes."""
    target = factory.user(Role.contributor, password="mật khẩu giữ nguyên")
    body = {"new_password": "mật khẩu của kẻ khác"}
    for role in (Role.contributor, Role.editor, Role.chief_editor):
        headers = {**factory.headers(factory.user(role)), "If-Match": '"u0.0"'}
        for user_id in (target.id, 2_000_000_000):
            response = client.post(f"{USERS}/{user_id}/password", json=body, headers=headers)
            assert response.status_code == 403, response.text
    assert client.post(f"{USERS}/{target.id}/password", json=body).status_code == 401
    assert _login(client, target.username, "mật khẩu giữ nguyên") == 200


def test_a_key_service_account_has_no_password_to_reset(
    client: TestClient, factory: Factory
) -> None:
    admin = factory.headers(factory.user(Role.admin))
    body = {"name": "CMS cũ", "role": "editor"}
    key = client.post("/v1/admin/api-keys", json=body, headers=admin)
    assert key.status_code == 201, key.text
    service_user = f"{USERS}/{key.json()['user_id']}"
    etag = client.get(service_user, headers=admin).headers["ETag"]
    reset = client.post(
        f"{service_user}/password",
        json={"new_password": "mật khẩu cho máy"},
        headers={**admin, "If-Match": etag},
    )
    assert reset.status_code == 409, reset.text
    assert "rotate the key" in reset.json()["detail"]
