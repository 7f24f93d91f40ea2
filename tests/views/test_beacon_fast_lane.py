"""The beacon's fast lane (BeaconRoute) answers and counts exactly like the declared route."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session, delete

from app.articles.models import Article, ArticleStatus
from app.core.config import get_settings
from app.main import create_app
from app.views import ratelimit
from app.views.models import ViewSeen
from app.views.router import BeaconRoute
from tests.factories import Factory

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
VOLATILE = {"x-request-id", "date"}


@pytest.fixture
def declared_only(db: Session) -> Iterator[TestClient]:
    """The app as it would be without the beacon's fast lane."""
    app = create_app()
    app.router.routes[:] = [r for r in app.router.routes if not isinstance(r, BeaconRoute)]
    with TestClient(app) as test_client:
        yield test_client


def _count(db: Session, article: Article) -> int:
    db.expire_all()
    stored = db.get(Article, article.id)
    assert stored is not None
    return stored.view_count


def _post(client: TestClient, path: str, kwargs: dict[str, Any]) -> Response:
    headers = {"User-Agent": BROWSER, **kwargs.get("headers", {})}
    return client.post(path, **{**kwargs, "headers": headers})


def test_fast_lane_takes_beacons(client: TestClient) -> None:
    assert any(isinstance(r, BeaconRoute) for r in client.app.router.routes[:2])  # type: ignore[attr-defined]


def test_fast_lane_and_declared_route_answer_and_count_alike(
    client: TestClient, declared_only: TestClient, db: Session, factory: Factory
) -> None:
    live = factory.article(status=ArticleStatus.published)
    draft = factory.article()
    text = {"Content-Type": "text/plain;charset=UTF-8"}
    cases: list[tuple[str, dict[str, Any]]] = [
        (f"/v1/articles/{live.id}/views", {}),
        (f"/v1/articles/{live.id}/views", {"json": {"visitor_id": "v"}}),
        (f"/v1/articles/{live.id}/views", {"content": b"v", "headers": text}),
        (f"/v1/articles/{live.id}/views", {"content": b'{"visitor_id":"v"}', "headers": text}),
        (f"/v1/articles/{live.id}/views", {"headers": {"X-Visitor-Id": "h"}}),
        (f"/v1/articles/{live.id}/views", {"headers": {"X-Visitor-Id": ""}}),
        (f"/v1/articles/{live.id}/views", {"headers": {"X-Visitor-Id": "x" * 201}}),
        (
            f"/v1/articles/{live.id}/views",
            {
                "content": b"visitor_id=f",
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            },
        ),
        (f"/v1/articles/{live.id}/views", {"headers": {"User-Agent": "Googlebot/2.1"}}),
        (f"/v1/articles/{live.id}/views", {"headers": {"User-Agent": ""}}),
        (f"/v1/articles/{live.id}/views", {"content": b"{bad", "headers": text}),
        (f"/v1/articles/{live.id}/views", {"json": ["v"]}),
        (f"/v1/articles/{live.id}/views", {"content": b"x" * 2000, "headers": text}),
        (f"/v1/articles/{live.id}/views", {"content": b"\xff", "headers": text}),
        (f"/v1/articles/{live.id}/views", {"content": b"<v/>", "headers": {"Content-Type": "a/b"}}),
        (f"/v1/articles/{draft.id}/views", {}),
        ("/v1/articles/2147483647/views", {}),
        ("/v1/articles/2147483648/views", {}),
        ("/v1/articles/0/views", {}),
        ("/v1/articles/007/views", {}),
    ]
    for path, kwargs in cases:
        answers, counted = [], []
        for app_client in (client, declared_only):
            # Each side starts from nothing seen and no beacon against the address.
            db.exec(delete(ViewSeen))  # type: ignore[call-overload]
            ratelimit.reset()
            before = _count(db, live)
            answers.append(_post(app_client, path, kwargs))
            counted.append(_count(db, live) - before)
        fast, declared = answers
        label = f"{path} {kwargs}"
        assert (fast.status_code, fast.content) == (declared.status_code, declared.content), label
        strip = lambda r: {k: v for k, v in r.headers.items() if k not in VOLATILE}  # noqa: E731
        assert strip(fast) == strip(declared), label
        assert counted[0] == counted[1], label


def test_fast_lane_refuses_past_the_rate_limit_like_the_declared_route(
    client: TestClient,
    declared_only: TestClient,
    factory: Factory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "views_rate_limit", "2/minute")
    live = factory.article(status=ArticleStatus.published)
    path = f"/v1/articles/{live.id}/views"
    refusals = []
    for app_client in (client, declared_only):
        ratelimit.reset()
        codes = [_post(app_client, path, {}).status_code for _ in range(3)]
        assert codes == [202, 202, 429]
        refusals.append(_post(app_client, path, {}))
    fast, declared = refusals
    assert (fast.status_code, fast.content) == (declared.status_code, declared.content)
    assert fast.headers["content-type"] == declared.headers["content-type"]
    assert "retry-after" in fast.headers


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", "/v1/articles/1/views", []),
        ("POST", "/v1/articles/1/views/", []),
        ("POST", "/v1/articles/0/views", []),
        ("POST", "/v1/articles/2147483648/views", []),
        ("POST", "/v1/articles/1/views", [(b"x-visitor-id", b"x" * 201)]),
    ],
)
def test_fast_lane_leaves_other_requests_to_the_declared_route(
    method: str, path: str, headers: list[tuple[bytes, bytes]]
) -> None:
    scope = {"type": "http", "method": method, "path": path, "headers": headers}
    assert BeaconRoute().matches(scope)[0].name == "NONE"
    plain = {**scope, "method": "POST", "path": "/v1/articles/1/views", "headers": []}
    assert BeaconRoute().matches(plain)[0].name == "FULL"


def test_fast_lane_steps_aside_when_the_api_needs_a_key(
    client: TestClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = factory.article(status=ArticleStatus.published)
    monkeypatch.setattr(get_settings(), "public_requires_key", True)
    assert _post(client, f"/v1/articles/{live.id}/views", {}).status_code == 401
