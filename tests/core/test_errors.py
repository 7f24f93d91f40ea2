"""Every error is an RFC 9457 problem, never a bare 500."""

import http.client
import io
import json
import sys
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.accounts.models import Role
from app.main import create_app
from tests.conftest import TEST_DATABASE_URL
from tests.core.failing_app import FAILING_PATH
from tests.core.failing_app import app as failing_app
from tests.factories import Factory
from tests.servers import free_port, start_server, stop_server


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


def test_an_unexpected_error_is_answered_with_its_request_id_and_logged_once(
    db, error_log: io.StringIO
) -> None:
    with TestClient(failing_app) as client:  # raise_server_exceptions: nothing may escape
        response = client.get(FAILING_PATH, headers={"X-Request-ID": "trace-42"})
        generated = client.get(FAILING_PATH)
    body = _assert_problem(response, 500)
    assert response.headers["x-request-id"] == body["request_id"] == "trace-42"
    assert "simulated" not in response.text
    assert generated.headers["x-request-id"] == generated.json()["request_id"]
    lines = [json.loads(line) for line in error_log.getvalue().splitlines()]
    errors = [line for line in lines if line.get("request_id") == "trace-42"]
    # The lane's failure (the full stack then answers), and the route's, once.
    assert [line["level"] for line in errors] == ["warning", "error"]
    assert "RuntimeError: simulated lane bug" in str(errors[0]["exception"])
    assert "RuntimeError: simulated bug" in str(errors[1]["exception"])
    assert errors[1]["path"] == FAILING_PATH


def test_a_real_server_answers_a_500_with_its_id_and_keeps_the_connection(
    engine: Engine, tmp_path: Path
) -> None:
    port = free_port()
    log_path = tmp_path / "server.log"
    serve = (
        "import uvicorn; from app.core.logging import configure_logging; configure_logging(); "
        f"uvicorn.run('tests.core.failing_app:app', host='127.0.0.1', port={port}, "
        "log_config=None, access_log=False, proxy_headers=True)"
    )  # as `newsdesk serve` runs app.main:app
    with log_path.open("wb") as log:
        server = start_server(
            TEST_DATABASE_URL, port, argv=[sys.executable, "-c", serve], stderr=log
        )
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", FAILING_PATH, headers={"X-Request-ID": "keep-alive-1"})
            failed = connection.getresponse()
            body = json.loads(failed.read())
            socket = connection.sock
            connection.request("GET", "/healthz")
            after = connection.getresponse()
            after.read()
            assert connection.sock is socket  # the same connection, not a new one
            connection.close()
        finally:
            stop_server(server)
    assert failed.status == 500
    assert failed.getheader("Content-Type") == "application/problem+json"
    assert failed.getheader("X-Request-ID") == body["request_id"] == "keep-alive-1"
    assert after.status == 200
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    errors = [line for line in lines if line["level"] == "error"]
    assert len(errors) == 1, errors  # ours, not the server's "Exception in ASGI application"
    assert errors[0]["request_id"] == "keep-alive-1"
    assert "Traceback" in str(errors[0]["exception"])
    assert "RuntimeError: simulated bug" in str(errors[0]["exception"])
