"""/docs and /redoc work with no internet: every asset they load is served by the app itself."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient


class _References(HTMLParser):
    """The addresses a page makes the browser load: scripts, stylesheets, icons."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"] or "")
        if tag == "link" and attributes.get("href"):
            self.urls.append(attributes["href"] or "")


ASSET_TYPES = ("text/javascript", "application/javascript", "text/css", "image/")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_load_nothing_from_elsewhere(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    # No absolute address anywhere in the page, inline scripts included (a CDN, Google Fonts,
    # Swagger's validator badge).
    assert not re.search(r"(https?:)?//[a-z0-9]", html, re.IGNORECASE), html

    parser = _References()
    parser.feed(html)
    assert any(url.endswith(".js") for url in parser.urls)
    assert any(url.endswith(".png") for url in parser.urls)  # the favicon
    for url in parser.urls:
        assert not urlsplit(url).netloc, url
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert asset.headers["content-type"].startswith(ASSET_TYPES), (url, asset.headers)
        assert len(asset.content) > 0


def test_docs_pages_are_not_in_the_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert not [path for path in paths if path.startswith(("/docs", "/redoc"))]


def test_swagger_ui_login_redirect_page_is_served(client: TestClient) -> None:
    response = client.get("/docs/oauth2-redirect")
    assert response.status_code == 200
    assert "oauth2" in response.text
