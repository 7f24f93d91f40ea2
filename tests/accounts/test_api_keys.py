from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, select

from app.accounts.deps import require_scope
from app.accounts.models import ApiKey, Role
from app.articles.models import ArticleStatus
from app.core.config import get_settings
from app.main import create_app
from tests.factories import Factory

KEYS = "/v1/admin/api-keys"


@pytest.fixture
def admin(factory: Factory) -> dict[str, str]:
    return factory.headers(factory.user(Role.admin))


def test_secret_is_shown_once_and_stored_only_as_a_hash(
    client: TestClient, admin: dict[str, str], db: Session
) -> None:
    created = client.post(KEYS, json={"name": "Cổng tỉnh", "scopes": ["sync"]}, headers=admin)
    assert created.status_code == 201
    secret = created.json()["key"]
    assert secret.startswith("nd_")
    assert len(secret) >= 3 + 43  # 32 random bytes, base64url
    assert created.json()["prefix"] == secret[:11]
    listed = client.get(KEYS, headers=admin)
    assert secret not in listed.text
    assert "key" not in listed.json()[0]
    stored = db.exec(select(ApiKey)).one()
    assert secret not in (stored.secret_hash, stored.prefix, stored.scopes)


def test_key_with_a_category_role_acts_as_a_limited_editor(
    client: TestClient, factory: Factory, admin: dict[str, str]
) -> None:
    party = factory.category("Xây dựng Đảng")
    economy = factory.category("Kinh tế")
    in_party = factory.article(category_id=party.id)
    in_economy = factory.article(category_id=economy.id)
    created = client.post(
        KEYS,
        json={"name": "Biên tập tự động", "role": "editor", "category_ids": [party.id]},
        headers=admin,
    ).json()
    assert created["category_ids"] == [party.id]
    for headers in ({"X-API-Key": created["key"]}, {"Authorization": f"Bearer {created['key']}"}):
        assert client.get(f"/v1/admin/articles/{in_party.id}", headers=headers).status_code == 200
        assert client.get(f"/v1/admin/articles/{in_economy.id}", headers=headers).status_code == 404
    made = client.post(
        "/v1/admin/articles",
        json={"title": "Từ máy", "category_id": party.id},
        headers={"X-API-Key": created["key"]},
    )
    assert made.status_code == 201
    # Authorship and history name the key's service account.
    assert made.json()["author_id"] == created["user_id"]
    # A key is never an admin of users or keys unless its role says so.
    assert client.get(KEYS, headers={"X-API-Key": created["key"]}).status_code == 403


def test_revoked_key_is_refused_on_the_next_request(
    client: TestClient, factory: Factory, admin: dict[str, str]
) -> None:
    created = client.post(KEYS, json={"name": "Tạm", "role": "editor"}, headers=admin).json()
    headers = {"X-API-Key": created["key"]}
    assert client.get("/v1/admin/articles", headers=headers).status_code == 200
    revoked = client.delete(f"{KEYS}/{created['id']}", headers=admin)
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    response = client.get("/v1/admin/articles", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_expired_and_unknown_keys_are_refused(
    client: TestClient, admin: dict[str, str], db: Session
) -> None:
    created = client.post(KEYS, json={"name": "Hết hạn", "role": "editor"}, headers=admin).json()
    db.execute(update(ApiKey).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    db.flush()
    assert (
        client.get("/v1/admin/articles", headers={"X-API-Key": created["key"]}).status_code == 401
    )
    assert (
        client.get("/v1/admin/articles", headers={"X-API-Key": "nd_" + "x" * 43}).status_code == 401
    )
    past = client.post(
        KEYS,
        json={"name": "Quá khứ", "scopes": ["sync"], "expires_at": "2020-01-01T00:00:00Z"},
        headers=admin,
    )
    assert past.status_code == 422


def test_machine_scope_key_has_no_staff_rights(client: TestClient, admin: dict[str, str]) -> None:
    created = client.post(KEYS, json={"name": "Đồng bộ", "scopes": ["sync"]}, headers=admin).json()
    response = client.get("/v1/admin/articles", headers={"X-API-Key": created["key"]})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "x"},
        {"name": "x", "scopes": ["everything"]},
        {"name": "x", "category_ids": [1]},
        {"name": "x", "role": "admin", "category_ids": [1]},
        {"name": "", "scopes": ["sync"]},
    ],
)
def test_invalid_key_requests(client: TestClient, admin: dict[str, str], payload: dict) -> None:
    assert client.post(KEYS, json=payload, headers=admin).status_code == 422


def test_last_use_is_recorded(client: TestClient, admin: dict[str, str]) -> None:
    created = client.post(KEYS, json={"name": "Dùng", "role": "editor"}, headers=admin).json()
    assert created["last_used_at"] is None
    client.get("/v1/admin/articles", headers={"X-API-Key": created["key"]})
    used = client.get(f"{KEYS}/{created['id']}", headers=admin).json()
    assert used["last_used_at"] is not None


def test_key_changes_are_audited(client: TestClient, admin: dict[str, str]) -> None:
    created = client.post(
        KEYS, json={"name": "Ghi vết", "scopes": ["preview"]}, headers=admin
    ).json()
    client.delete(f"{KEYS}/{created['id']}", headers=admin)
    actions = [e["action"] for e in client.get("/v1/admin/audit", headers=admin).json()["items"]]
    assert actions[:2] == ["api_key.revoke", "api_key.create"]


@pytest.fixture
def scoped_client(client: TestClient) -> Iterator[TestClient]:
    """A route guarded by the sync scope, as the sync API will be."""
    app = create_app()
    router = APIRouter()

    @router.get("/scoped", dependencies=[require_scope("sync")])
    def scoped() -> dict[str, str]:
        return {"ok": "yes"}

    app.include_router(router)
    with TestClient(app) as test_client:
        yield test_client


def test_scopes_guard_machine_endpoints(
    client: TestClient, scoped_client: TestClient, admin: dict[str, str]
) -> None:
    sync = client.post(KEYS, json={"name": "Sync", "scopes": ["sync"]}, headers=admin).json()["key"]
    preview = client.post(
        KEYS, json={"name": "Preview", "scopes": ["preview"]}, headers=admin
    ).json()["key"]
    assert scoped_client.get("/scoped", headers={"X-API-Key": sync}).status_code == 200
    assert scoped_client.get("/scoped", headers={"X-API-Key": preview}).status_code == 403
    assert scoped_client.get("/scoped").status_code == 401


def test_public_api_can_require_a_key(
    client: TestClient, factory: Factory, admin: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    live = factory.article(status=ArticleStatus.published)
    key = client.post(KEYS, json={"name": "App", "scopes": ["preview"]}, headers=admin).json()[
        "key"
    ]
    assert client.get(f"/v1/articles/{live.id}").status_code == 200
    monkeypatch.setattr(get_settings(), "public_requires_key", True)
    assert client.get(f"/v1/articles/{live.id}").status_code == 401
    assert client.get("/v1/articles").status_code == 401
    assert client.get(f"/v1/articles/{live.id}", headers={"X-API-Key": key}).status_code == 200
    assert client.get("/v1/articles", headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_service_account_cannot_log_in_or_set_a_password(
    client: TestClient, admin: dict[str, str]
) -> None:
    created = client.post(KEYS, json={"name": "Máy", "role": "editor"}, headers=admin).json()
    me = client.get("/v1/auth/me", headers={"X-API-Key": created["key"]}).json()
    assert me["is_service"] is True
    login = client.post("/v1/auth/token", data={"username": me["username"], "password": "!"})
    assert login.status_code == 401
    change = client.post(
        "/v1/auth/password",
        json={"old_password": "!", "new_password": "12345678"},
        headers={"X-API-Key": created["key"]},
    )
    assert change.status_code == 401
