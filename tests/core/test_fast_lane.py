"""The front door (app.core.fast_lane): lane answers equal the full stack's, and everything a
lane does not answer still gets the full stack."""

import asyncio
import io
import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from starlette.responses import Response

from app.articles import hot
from app.articles.models import ArticleStatus
from app.core.config import get_settings
from app.main import app
from tests.factories import Factory

VOLATILE = {"x-request-id", "date"}
# Both paths send Last-Modified even for data made this very second (app.core.http).
pytestmark = pytest.mark.usefixtures("dates_settle_at_once")
NOW = datetime.now(UTC)


@pytest.fixture
def lane_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which requests the lanes answered (the path of each)."""
    answered: list[str] = []
    lanes = list(app.fast_lanes)

    def spying(lane):  # type: ignore[no-untyped-def]
        async def spy(scope):  # type: ignore[no-untyped-def]
            response = await lane(scope)
            if response is not None:
                answered.append(scope["path"])
            return response

        return spy

    monkeypatch.setattr(app, "fast_lanes", [spying(lane) for lane in lanes])
    return answered


@pytest.fixture
def newsroom(factory: Factory) -> list[int]:
    ids = []
    for hours in (1, 2, 3):
        article = factory.article(
            status=ArticleStatus.published,
            publish_at=NOW - timedelta(hours=hours),
            title=f"Dân vận khéo {hours}",
        )
        assert article.id is not None
        ids.append(article.id)
    return ids


def _answer(client: TestClient, url: str, **headers: str) -> tuple[int, bytes, dict[str, str]]:
    response = client.get(url, headers=headers)
    kept = {k: v for k, v in response.headers.items() if k not in VOLATILE}
    return response.status_code, response.content, kept


def test_lane_answers_equal_the_full_stack(
    client: TestClient,
    newsroom: list[int],
    lane_calls: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slug = client.get(f"/v1/articles/{newsroom[0]}").json()["slug"]
    etag = client.get(f"/v1/articles/{newsroom[0]}").headers["etag"]
    requests = [
        (f"/v1/articles/{newsroom[0]}", {}),
        (f"/v1/articles/{newsroom[1]}", {"If-None-Match": etag}),  # another's ETag: 200
        (f"/v1/articles/{newsroom[0]}", {"If-None-Match": etag}),  # 304
        (f"/v1/articles/by-slug/{slug}", {}),
        ("/v1/articles", {}),
        ("/v1/articles?limit=2", {}),
        ("/v1/articles?q=dan+van&limit=2", {}),
    ]
    lane_calls.clear()
    through_lanes = [_answer(client, url, **headers) for url, headers in requests]
    assert len(lane_calls) == len(requests)  # each was answered at the front door
    monkeypatch.setattr(app, "_lanes_open", False)
    full_stack = [_answer(client, url, **headers) for url, headers in requests]
    assert through_lanes == full_stack
    assert [status for status, _, _ in through_lanes] == [200, 200, 304, 200, 200, 200, 200]


def test_what_a_lane_cannot_answer_takes_the_full_stack(
    client: TestClient, newsroom: list[int], lane_calls: list[str]
) -> None:
    lane_calls.clear()
    missing = client.get("/v1/articles/999999")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/articles?cursor=nonsense").status_code == 400
    assert client.get("/v1/articles?featured=true").status_code == 200
    assert client.post(f"/v1/articles/{newsroom[0]}").status_code == 405
    assert lane_calls == []


def test_a_failing_lane_falls_back_to_the_full_stack(
    client: TestClient,
    newsroom: list[int],
    lane_calls: list[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    real = hot.visible_detail
    failures: list[int] = []

    def fails_once(*args: object, **kwargs: object) -> object:
        if not failures:
            failures.append(1)
            raise RuntimeError("database hiccup")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(hot, "visible_detail", fails_once)
    with caplog.at_level(logging.WARNING, logger="newsdesk.errors"):
        response = client.get(f"/v1/articles/{newsroom[0]}")
    assert response.status_code == 200
    assert failures == [1]
    assert "fast lane failed" in caplog.text


def test_cors_requests_take_the_full_stack(
    client: TestClient,
    newsroom: list[int],
    lane_calls: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "cors_origins", ["https://portal.example.vn"])
    lane_calls.clear()
    client.get(f"/v1/articles/{newsroom[0]}", headers={"Origin": "https://portal.example.vn"})
    assert lane_calls == []
    client.get(f"/v1/articles/{newsroom[0]}")
    assert lane_calls == [f"/v1/articles/{newsroom[0]}"]


def test_lane_answers_carry_the_request_id_and_an_access_line(
    client: TestClient,
    newsroom: list[int],
    lane_calls: list[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="newsdesk.access"):
        response = client.get(f"/v1/articles/{newsroom[0]}", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
    assert lane_calls[-1] == f"/v1/articles/{newsroom[0]}"
    lines = [r for r in caplog.records if r.name == "newsdesk.access"]
    assert lines
    assert lines[-1].__dict__["status"] == 200
    assert (
        client.get("/v1/articles", headers={"X-Request-ID": "bad id!"}).headers["x-request-id"]
        != "bad id!"
    )


def test_a_lane_answer_that_fails_to_send_is_logged_with_its_request_id(
    monkeypatch: pytest.MonkeyPatch, error_log: io.StringIO
) -> None:
    async def answering_lane(scope):  # type: ignore[no-untyped-def]
        return Response(b"{}", media_type="application/json")

    async def receive():  # type: ignore[no-untyped-def]
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):  # type: ignore[no-untyped-def]
        if message["type"] == "http.response.body":
            raise OSError("the connection broke")

    monkeypatch.setattr(app, "fast_lanes", [answering_lane])
    scope = {
        "type": "http", "method": "GET", "path": "/v1/articles/1", "query_string": b"",
        "headers": [(b"x-request-id", b"lane-7")],
    }  # fmt: skip
    asyncio.run(app(scope, receive, send))  # nothing escapes to the server
    (line,) = [json.loads(line) for line in error_log.getvalue().splitlines()]
    assert line["request_id"] == "lane-7"
    assert line["path"] == "/v1/articles/1"
    assert "OSError: the connection broke" in line["exception"]
