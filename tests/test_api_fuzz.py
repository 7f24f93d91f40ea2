"""Property-based fuzzing of every operation in /openapi.json (schemathesis).

Fails on any 5xx and on any documented response whose body does not match its schema. Runs
as an admin so the management API is reached too; bounded per operation to keep CI fast.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from app.accounts.models import Role
from app.main import app
from tests.factories import Factory

schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture
def admin_headers(factory: Factory) -> dict[str, str]:
    admin = factory.user(Role.admin)
    factory.category("Thời sự")
    return factory.headers(admin)


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_never_errors_and_matches_its_schema(case, admin_headers: dict[str, str], db) -> None:
    headers = {**(case.headers or {}), **admin_headers}
    case.call_and_validate(
        headers=headers,
        checks=[schemathesis.checks.not_a_server_error, response_schema_conformance],
    )
