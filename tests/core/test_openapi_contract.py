"""The OpenAPI document as integrators' generators read it (app/core/openapi.py).

What the server actually answers is held to the document by the fuzz test
(tests/test_api_fuzz.py); these tests check the document's own shape: it validates, names
things readably, and declares errors, conditional requests and security the same way on every
operation.
"""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from app.core.config import get_settings
from app.core.openapi import build_contract, readable_operation_id
from app.main import app

PROBLEM_MEDIA_TYPE = "application/problem+json"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return app.openapi()


def test_the_document_is_served(client: TestClient, document: dict[str, Any]) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.json() == document


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def test_the_served_document_validates_as_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises on the first error


def test_operation_ids_are_readable_and_unique(document: dict[str, Any]) -> None:
    ids = [operation["operationId"] for _, _, operation in _operations(document)]
    assert len(ids) == len(set(ids))
    for operation_id in ids:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", operation_id), operation_id
    for expected in (
        "articles_list",
        "articles_get_by_slug",
        "admin_articles_transition",
        "admin_articles_create",
        "auth_login",
        "sync",
    ):
        assert expected in ids


@pytest.mark.parametrize(
    ("path", "function", "operation_id"),
    [
        ("/v1/articles", "list_articles", "articles_list"),
        ("/v1/articles/by-slug/{slug}", "get_article_by_slug", "articles_get_by_slug"),
        ("/v1/admin/articles/{article_id}/transitions", "transition", "admin_articles_transition"),
        ("/v1/admin/api-keys/{key_id}", "revoke_api_key", "admin_api_keys_revoke"),
        ("/v1/admin/royalty-rates", "create_rate_table", "admin_royalty_rates_create"),
        ("/v1/sync", "sync", "sync"),
        ("/sitemap-articles-{page}.xml", "sitemap_page", "feeds_sitemap_page"),
        ("/healthz", "healthz", "ops_healthz"),
    ],
)
def test_readable_operation_id(path: str, function: str, operation_id: str) -> None:
    assert readable_operation_id(path, function) == operation_id


def test_model_names_are_readable(document: dict[str, Any]) -> None:
    names = set(document["components"]["schemas"])
    assert {"Problem", "ValidationProblem", "FieldError", "LoginForm", "ArticleAdminPage"} <= names
    assert not {"HTTPValidationError", "ValidationError"} & names
    for name in names:
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", name), name
    # No reference is left dangling by the renames.
    text = str(document)
    for ref in re.findall(r"#/components/schemas/(\w+)", text):
        assert ref in names, ref


def test_every_error_answer_is_a_declared_problem(document: dict[str, Any]) -> None:
    for method, path, operation in _operations(document):
        for status, response in operation["responses"].items():
            if int(status) < 400:
                continue
            content = response["content"]
            assert list(content) == [PROBLEM_MEDIA_TYPE], (method, path, status)
            expected = "ValidationProblem" if status == "422" else "Problem"
            assert content[PROBLEM_MEDIA_TYPE]["schema"] == {
                "$ref": f"#/components/schemas/{expected}"
            }, (method, path, status)


def test_statuses_follow_parameters_and_credentials(document: dict[str, Any]) -> None:
    for method, path, operation in _operations(document):
        statuses = set(operation["responses"])
        parameters = operation.get("parameters", [])
        where = (method, path)
        if any(p["in"] == "path" for p in parameters):
            assert "404" in statuses, where
        if "requestBody" in operation:
            assert {"400", "413", "422"} <= statuses, where
        if any(p["name"] == "cursor" for p in parameters):
            assert "400" in statuses, where
        if path.startswith("/v1/admin/") and path != "/v1/admin/workflow":
            assert {"401", "403"} <= statuses, where


def test_writes_declare_if_match_and_its_answers(document: dict[str, Any]) -> None:
    conditional = []
    for method, path, operation in _operations(document):
        headers = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "header"}
        if "If-Match" in headers:
            assert headers["If-Match"]["required"] is True
            assert {"412", "428"} <= set(operation["responses"]), (method, path)
            conditional.append(operation["operationId"])
    assert {
        "admin_articles_update",
        "admin_articles_transition",
        "admin_articles_trash_or_purge",
        "admin_articles_put_picks",
        "admin_articles_put_royalty",
        "admin_categories_update",
        "admin_users_update",
        "admin_media_update",
    } <= set(conditional)


def test_reads_declare_their_conditional_answers(document: dict[str, Any]) -> None:
    for method, path, operation in _operations(document):
        if method != "get" or path in ("/healthz", "/readyz", "/v1/sync"):
            continue
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert "If-None-Match" in names, path
        assert "304" in operation["responses"], path
        assert operation["responses"]["200"]["headers"]["ETag"]["required"] is True, path


def test_response_headers_have_schemas(document: dict[str, Any]) -> None:
    seen = set()
    for _, _, operation in _operations(document):
        for response in operation["responses"].values():
            for name, header in response.get("headers", {}).items():
                assert "schema" in header, name
                seen.add(name)
    assert {"ETag", "Link", "Location", "Retry-After", "Last-Modified"} <= seen


def test_security_names_the_credentials_each_operation_takes(document: dict[str, Any]) -> None:
    by_id = {operation["operationId"]: operation for _, _, operation in _operations(document)}
    # Only an API key with the sync scope reads the sync feed; a staff token never does.
    assert by_id["sync"]["security"] == [{"APIKeyHeader": []}]
    # Public reads are open (no security at all, so generated clients need no credentials)...
    assert "security" not in by_id["articles_list"]
    assert "401" not in by_id["articles_list"]["responses"]
    assert by_id["preview_articles_get"]["security"] == [{}, {"APIKeyHeader": []}]
    assert {"OAuth2PasswordBearer": []} in by_id["admin_articles_create"]["security"]
    assert "security" not in by_id["auth_login"]


def test_public_reads_take_a_key_where_the_site_requires_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "public_requires_key", True)
    by_id = {op["operationId"]: op for _, _, op in _operations(build_contract(app))}
    for operation_id in ("articles_list", "articles_get", "feeds_rss", "articles_record_view"):
        assert by_id[operation_id]["security"] == [{"APIKeyHeader": []}]
        assert "401" in by_id[operation_id]["responses"]


def test_a_validation_problem_matches_its_schema(client: TestClient) -> None:
    """The body a 422 carries is what ValidationProblem declares (field by field)."""
    response = client.get("/v1/articles", params={"limit": 0})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["errors"][0]["loc"] == ["query", "limit"]
    assert set(body["errors"][0]) == {"loc", "msg", "type"}


def test_examples_match_their_schemas(document: dict[str, Any]) -> None:
    """The Vietnamese examples a generator or Swagger UI shows are valid instances."""
    schemas = document["components"]["schemas"]
    checked = 0
    for name, schema in schemas.items():
        for example in schema.get("examples", []):
            validator = OAS31Validator(
                {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
            )
            errors = [error.message for error in validator.iter_errors(example)]
            assert not errors, (name, errors)
            checked += 1
    assert checked >= 5
