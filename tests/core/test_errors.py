"""Every error is an RFC 9457 problem, never a bare 500."""

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.main import create_app
from tests.factories import Factory


def _assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= set(body)
    return body


def test_unknown_route_is_a_404_problem(client: TestClient) -> None:
    _assert_problem(client.get("/v1/nothing-here"), 404)


def test_wrong_method_is_a_405_problem(client: TestClient) -> None:
    _assert_problem(client.put("/v1/articles"), 405)


def test_malformed_json_is_a_422_problem(client: TestClient, factory: Factory) -> None:
    headers = {**factory.headers(factory.user(Role.editor)), "Content-Type": "application/json"}
    body = _assert_problem(
        client.post("/v1/admin/articles", content=b"{not json", headers=headers), 422
    )
    assert body["errors"]


def test_body_over_one_mebibyte_is_a_413_problem(client: TestClient, factory: Factory) -> None:
    headers = factory.headers(factory.user(Role.editor))
    big = {"title": "x", "category_id": 1, "content_html": "a" * (1024 * 1024 + 1)}
    _assert_problem(client.post("/v1/admin/articles", json=big, headers=headers), 413)


def test_chunked_body_over_the_limit_is_a_413_problem(client: TestClient, factory: Factory) -> None:
    headers = {**factory.headers(factory.user(Role.editor)), "Content-Type": "application/json"}

    def chunks():
        yield b'{"title": "x", "content_html": "'
        for _ in range(20):
            yield b"a" * 65536
        yield b'"}'

    _assert_problem(client.post("/v1/admin/articles", content=chunks(), headers=headers), 413)


def test_unexpected_exception_is_a_500_problem_without_internals(db) -> None:
    app = create_app()
    router = APIRouter()

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret connection string postgres://u:p@h")

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    body = _assert_problem(response, 500)
    assert "secret" not in response.text
    assert "RuntimeError" not in body["detail"]


def test_every_response_carries_a_request_id(client: TestClient) -> None:
    assert len(client.get("/healthz").headers["x-request-id"]) == 32
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"]
        == "abc-123"
    )
    assert (
        client.get("/healthz", headers={"X-Request-ID": "bad id\n"}).headers["x-request-id"]
        != "bad id"
    )


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200
