"""Property-based fuzzing of every operation in /openapi.json (schemathesis), with data that
fits the schema and data that does not.

Holds the server to its contract: fails on any 5xx, any status or content type the operation
does not declare, a required header missing, and any body that does not match its schema. Runs
once as an admin, so the management API is reached with every permission, and once with no
credentials at all, as an anonymous attacker would (public reads, login, sync, beacons, and the
refusals of everything else). Bounded per operation to keep CI fast; `bench/fuzz.sh` runs the
same tests with many more examples (NEWSDESK_FUZZ_EXAMPLES) and counts the cases it sent.
"""

import json
import os
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.accounts.models import Role
from app.articles.models import ArticleStatus
from app.core.db import utcnow
from app.main import app
from tests.factories import Factory

schema = schemathesis.openapi.from_asgi("/openapi.json", app)

# Cases per operation; the anonymous pass mostly meets 401s, so it needs fewer to cover them.
ADMIN_EXAMPLES = int(os.environ.get("NEWSDESK_FUZZ_EXAMPLES", "50"))
ANONYMOUS_EXAMPLES = int(os.environ.get("NEWSDESK_FUZZ_EXAMPLES", "10"))
# Where the long run writes how many cases each pass sent and which statuses came back.
REPORT_PATH = os.environ.get("NEWSDESK_FUZZ_REPORT")
_SENT: Counter[str] = Counter()

CONTRACT_CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

FUZZ_SETTINGS = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
}


@pytest.fixture(scope="module", autouse=True)
def _report_cases() -> Iterator[None]:
    yield
    if REPORT_PATH:
        with open(REPORT_PATH, "a", encoding="utf-8") as report:
            report.write(json.dumps(dict(sorted(_SENT.items()))) + "\n")


@pytest.fixture
def newsroom(factory: Factory) -> None:
    """Something to find: a category, a live article with a tag, a draft."""
    factory.category("Thời sự")
    factory.article(status=ArticleStatus.published, tags=["Dân vận"])
    factory.article(status=ArticleStatus.draft)
    factory.article(status=ArticleStatus.scheduled, publish_at=utcnow() + timedelta(days=1))


def _call(case: schemathesis.Case, headers: dict[str, str], caller: str) -> None:
    response = case.call(headers={**(case.headers or {}), **headers})
    _SENT[f"{caller} cases"] += 1
    _SENT[f"{caller} {response.status_code // 100}xx"] += 1
    case.validate_response(response, checks=CONTRACT_CHECKS)


@pytest.fixture
def admin_headers(factory: Factory) -> dict[str, str]:
    return factory.headers(factory.user(Role.admin))


@schema.parametrize()
@settings(max_examples=ADMIN_EXAMPLES, **FUZZ_SETTINGS)
def test_api_never_errors_and_matches_its_schema(
    case: schemathesis.Case, admin_headers: dict[str, str], newsroom: None, db: object
) -> None:
    _call(case, admin_headers, "admin")


@schema.parametrize()
@settings(max_examples=ANONYMOUS_EXAMPLES, **FUZZ_SETTINGS)
def test_api_never_errors_without_credentials(
    case: schemathesis.Case, newsroom: None, db: object
) -> None:
    _call(case, {}, "anonymous")
