import jwt
from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.core.security import JWT_ALGORITHM
from tests.factories import Factory


def test_login_returns_a_bearer_token_that_works(client: TestClient, factory: Factory) -> None:
    factory.user(Role.chief_editor, username="thuha", password="mật khẩu đủ dài")
    response = client.post(
        "/v1/auth/token", data={"username": "thuha", "password": "mật khẩu đủ dài"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] > 0
    me = client.get("/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["username"] == "thuha"
    assert me.json()["role"] == "chief_editor"
    assert "password_hash" not in me.json()


def test_wrong_password_and_unknown_user_look_the_same(
    client: TestClient, factory: Factory
) -> None:
    factory.user(Role.editor, username="minhchau", password="đúng mật khẩu")
    wrong = client.post("/v1/auth/token", data={"username": "minhchau", "password": "sai"})
    unknown = client.post("/v1/auth/token", data={"username": "khongco", "password": "sai"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert wrong.headers["content-type"] == "application/problem+json"


def test_inactive_user_cannot_log_in(client: TestClient, factory: Factory) -> None:
    factory.user(Role.editor, username="nghiviec", password="mật khẩu cũ", is_active=False)
    response = client.post(
        "/v1/auth/token", data={"username": "nghiviec", "password": "mật khẩu cũ"}
    )
    assert response.status_code == 401


def test_token_with_an_old_token_version_is_refused(client: TestClient, factory: Factory) -> None:
    user = factory.user(Role.editor)
    headers = factory.headers(user)
    assert client.get("/v1/auth/me", headers=headers).status_code == 200
    user.token_version += 1  # what a password change or deactivation does
    factory.session.flush()
    assert client.get("/v1/auth/me", headers=headers).status_code == 401


def test_forged_and_expired_tokens_are_refused(client: TestClient, factory: Factory) -> None:
    user = factory.user(Role.admin)
    forged = jwt.encode(
        {"sub": str(user.id), "ver": 0, "exp": 9999999999, "typ": "staff"},
        "not-our-key-but-long-enough-for-hs256-signing",
        algorithm=JWT_ALGORITHM,
    )
    expired = jwt.encode(
        {"sub": str(user.id), "ver": 0, "exp": 1, "typ": "staff"},
        "test-secret-key-that-is-long-enough-for-hs256",
        algorithm=JWT_ALGORITHM,
    )
    for token in (forged, expired):
        response = client.get("/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


def test_nul_characters_in_credentials_are_a_clean_401(client: TestClient) -> None:
    for data in ({"username": "\x00", "password": "x"}, {"username": "a", "password": "\x00"}):
        response = client.post("/v1/auth/token", data=data)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
