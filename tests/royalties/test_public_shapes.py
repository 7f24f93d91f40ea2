"""Royalty data never reaches a public surface: not in the public shapes, not in any public
response, not even when asked for by name."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from app.accounts.models import Role
from app.articles.models import ArticleStatus
from app.articles.schemas import (
    ArticleListEntry,
    ArticleListItem,
    ArticlePreview,
    ArticlePublic,
    PublicArticlePage,
)
from app.main import app
from tests.factories import Factory
from tests.royalties.conftest import BEFORE_CHANGE, post, put_lines, writer

pytestmark = pytest.mark.usefixtures("rate_tables")
ROYALTY_FIELDS = {"page_count", "photo_count", "royalty_amount"}
MARKERS = ("Bímật Nhuậnbút", "Lýdo Bímật", "bimat", "987654", "987,654", "royalt")


@pytest.mark.parametrize(
    "shape", [ArticlePublic, ArticleListItem, ArticleListEntry, ArticlePreview, PublicArticlePage]
)
def test_public_shapes_have_no_royalty_fields(shape: type[BaseModel]) -> None:
    assert not ROYALTY_FIELDS & set(shape.model_fields)
    assert not any("royalt" in name for name in shape.model_fields)


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        if "$ref" in node:
            found.add(node["$ref"].rsplit("/", 1)[-1])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def test_no_public_operation_documents_royalty_data() -> None:
    spec = app.openapi()
    schemas = spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        if path.startswith("/v1/admin/"):
            continue
        names: set[str] = set()
        _refs(operations, names)
        pending = list(names)
        while pending:  # follow nested schemas
            nested: set[str] = set()
            _refs(schemas[pending.pop()], nested)
            pending += list(nested - names)
            names |= nested
        for name in names:
            properties = set(schemas[name].get("properties", {}))
            assert not ROYALTY_FIELDS & properties, f"{path} exposes {name}"
            assert "royalt" not in name.lower(), f"{path} exposes {name}"


def test_public_responses_carry_no_royalty_data(client: TestClient, factory: Factory) -> None:
    editor = factory.headers(factory.user(Role.editor))
    article = factory.article(
        status=ArticleStatus.published, publish_at=BEFORE_CHANGE, title="Tin công khai",
        tags=["Kinh tế"],
    )  # fmt: skip
    lines = [writer("Bímật Nhuậnbút", override_amount=987_654, override_reason="Lýdo Bímật")]
    assert put_lines(client, editor, article.id, lines).status_code == 200
    assert post(client, editor, article.id, "/approve").status_code == 200
    minted = client.post(f"/v1/admin/articles/{article.id}/preview-token", headers=editor)
    token = minted.json()["token"]
    urls = [
        f"/v1/articles/{article.id}",
        f"/v1/articles/by-slug/{article.slug}",
        "/v1/articles",
        "/v1/articles?fields=title,summary,content_html,tags",
        "/v1/articles?page=1&per_page=10",
        "/v1/articles?q=cong khai",
        "/v1/categories",
        "/v1/tags",
        "/v1/feeds/rss",
        "/v1/feeds/atom",
        "/sitemap-articles-1.xml",
        "/sitemap-news.xml",
        f"/v1/preview/articles/{article.id}?token={token}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.text.lower()
        for field in ROYALTY_FIELDS:
            assert field not in text, f"{url} shows {field}"
        for marker in MARKERS:
            assert marker.lower() not in text, f"{url} shows {marker}"
    assert "Tin công khai" in client.get(f"/v1/articles/{article.id}").text  # it is live
    for field in ROYALTY_FIELDS:
        asked = client.get(f"/v1/articles?fields=title,{field}")
        assert asked.status_code == 422, field
    # Staff do see it.
    shown = client.get(f"/v1/admin/articles/{article.id}", headers=editor).json()
    assert shown["royalty_amount"] == 987_654
