from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.core.migrations import upgrade
from tests.conftest import scratch_database_url
from tests.factories import Factory


@pytest.fixture
def sync_key(client: TestClient, factory: Factory) -> str:
    admin = factory.headers(factory.user(Role.admin))
    response = client.post(
        "/v1/admin/api-keys", json={"name": "Cổng quốc gia", "scopes": ["sync"]}, headers=admin
    )
    assert response.status_code == 201, response.text
    key: str = response.json()["key"]
    return key


@pytest.fixture
def fetch(client: TestClient, sync_key: str) -> Callable[..., dict[str, Any]]:
    """GET /v1/sync as the integrator, asserting success."""

    def _fetch(cursor: str | None, limit: int = 100) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        response = client.get("/v1/sync", params=params, headers={"X-API-Key": sync_key})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return _fetch


@pytest.fixture
def scratch_url() -> Iterator[str]:
    """A migrated scratch database, for jobs that open their own transactions."""
    for url in scratch_database_url("syncjob"):
        upgrade("head", database_url=url)
        yield url
