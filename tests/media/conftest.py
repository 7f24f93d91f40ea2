"""Media tests store files in a fresh directory per test, through the real LocalStorage."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from app.accounts.models import Role
from app.main import app as fastapi_app
from app.media.storage import LocalStorage, get_storage
from tests.factories import Factory


@pytest.fixture
def media_root(tmp_path: Path) -> Path:
    return tmp_path / "media"


@pytest.fixture
def storage(media_root: Path) -> Iterator[LocalStorage]:
    local = LocalStorage(media_root)
    fastapi_app.dependency_overrides[get_storage] = lambda: local
    try:
        yield local
    finally:
        fastapi_app.dependency_overrides.pop(get_storage, None)


@pytest.fixture
def editor_headers(factory: Factory) -> dict[str, str]:
    return factory.headers(factory.user(Role.editor))


def stored_files(root: Path) -> list[str]:
    """Every file under the media root, temporary ones included."""
    if not root.exists():
        return []
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def upload(
    client: TestClient,
    headers: dict[str, str],
    content: bytes,
    filename: str,
    *,
    content_type: str = "application/octet-stream",
    **fields: str,
) -> Response:
    return client.post(
        "/v1/admin/media",
        headers=headers,
        files={"file": (filename, content, content_type)},
        data=fields,
    )
