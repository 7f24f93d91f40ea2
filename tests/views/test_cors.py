"""View beacons from the portal's own origin, as a browser sends them: `navigator.sendBeacon`
always includes credentials, and a JSON Blob makes the browser ask first (a preflight)."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.articles.models import ArticleStatus
from app.core.config import get_settings
from app.main import create_app
from tests.factories import Factory

PORTAL = "https://angiang.gov.vn"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"


@pytest.fixture
def portal_client(db: Session, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The app as created with NEWSDESK_CORS_ORIGINS naming the portal (read at creation)."""
    monkeypatch.setattr(get_settings(), "cors_origins", [PORTAL, "https://m.angiang.gov.vn"])
    with TestClient(create_app()) as test_client:
        yield test_client


def _preflight(client: TestClient, path: str, origin: str) -> dict[str, str]:
    response = client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
            "User-Agent": BROWSER,
        },
    )
    return {"status": str(response.status_code), **response.headers}


def test_json_blob_beacon_passes_its_preflight_and_is_counted(
    portal_client: TestClient, factory: Factory
) -> None:
    article = factory.article(status=ArticleStatus.published)
    path = f"/v1/articles/{article.id}/views"
    granted = _preflight(portal_client, path, PORTAL)
    assert granted["status"] == "200"
    assert granted["access-control-allow-origin"] == PORTAL
    assert granted["access-control-allow-credentials"] == "true"
    assert "POST" in granted["access-control-allow-methods"]
    assert "content-type" in granted["access-control-allow-headers"].lower()
    assert "Origin" in granted["vary"]

    # The beacon itself: with the page's cookies, as sendBeacon sends it.
    headers = {
        "Origin": PORTAL,
        "Content-Type": "application/json",
        "Cookie": "_ga=GA1.1.123; session=abc",
        "User-Agent": BROWSER,
    }
    for body in (b'{"visitor_id": "v-1"}', b"v-2"):
        kind = "application/json" if body.startswith(b"{") else "text/plain;charset=UTF-8"
        sent = portal_client.post(path, content=body, headers={**headers, "Content-Type": kind})
        assert sent.status_code == 202, sent.text
        assert sent.headers["access-control-allow-origin"] == PORTAL
        assert sent.headers["access-control-allow-credentials"] == "true"
        assert "Origin" in sent.headers["vary"]
    factory.session.expire_all()
    assert factory.session.get(type(article), article.id).view_count == 2  # type: ignore[union-attr]


def test_an_origin_not_configured_gets_no_grant(
    portal_client: TestClient, factory: Factory
) -> None:
    article = factory.article(status=ArticleStatus.published)
    path = f"/v1/articles/{article.id}/views"
    refused = _preflight(portal_client, path, "https://evil.example")
    # Without Allow-Origin the browser refuses (Starlette's refusal still lists the fixed
    # preflight headers, Allow-Credentials among them: that grants nothing by itself).
    assert refused["status"] == "400"
    assert "access-control-allow-origin" not in refused
    sent = portal_client.post(
        path, content=b"v", headers={"Origin": "https://evil.example", "User-Agent": BROWSER}
    )
    assert "access-control-allow-origin" not in sent.headers


def test_a_wildcard_never_grants_credentials(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "cors_origins", ["*"])
    with TestClient(create_app()) as client:
        granted = _preflight(client, "/v1/articles/1/views", "https://evil.example")
    assert "access-control-allow-credentials" not in granted
