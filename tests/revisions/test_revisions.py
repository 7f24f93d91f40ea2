from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.articles.models import ArticleStatus
from tests.factories import Factory


def _headers_with_etag(client: TestClient, headers: dict[str, str], url: str) -> dict[str, str]:
    return {**headers, "If-Match": client.get(url, headers=headers).headers["etag"]}


def test_every_write_leaves_a_revision_with_its_version(
    client: TestClient, factory: Factory
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    created = client.post(
        "/v1/admin/articles",
        json={
            "title": "Bản một",
            "category_id": factory.default_category().id,
            "content_html": "<p>Đoạn một.</p><p>Đoạn hai.</p>",
            "tags": ["A"],
        },
        headers=editor,
    ).json()
    url = f"/v1/admin/articles/{created['id']}"
    client.patch(url, json={"title": "Bản hai"}, headers=_headers_with_etag(client, editor, url))
    client.post(
        f"{url}/transitions",
        json={"action": "publish"},
        headers=_headers_with_etag(client, editor, url),
    )
    client.patch(
        url,
        json={"content_html": "<p>Đoạn một.</p><p>Đoạn hai đã sửa.</p>"},
        headers=_headers_with_etag(client, editor, url),
    )
    revisions = client.get(f"{url}/revisions", headers=editor).json()
    assert [(r["number"], r["version"], r["action"]) for r in revisions] == [
        (1, "0.1", "create"),
        (2, "0.2", "update"),
        (3, "1.0", "publish"),
        (4, "1.1", "update"),
    ]

    first = client.get(f"{url}/revisions/1", headers=editor).json()
    assert first["snapshot"]["title"] == "Bản một"
    assert first["snapshot"]["tags"] == ["A"]
    assert first["snapshot"]["status"] == "draft"
    assert client.get(f"{url}/revisions/99", headers=editor).status_code == 404

    diff = client.get(f"{url}/revisions/1/diff", params={"to": 4}, headers=editor).json()
    fields = {c["field"]: c for c in diff["changes"]}
    assert fields["title"]["from_value"] == "Bản một"
    assert fields["title"]["to_value"] == "Bản hai"
    assert {"status", "version", "content_html"} <= set(fields)
    text_diff = fields["content_html"]["text_diff"]
    assert "-Đoạn hai." in text_diff
    assert "+Đoạn hai đã sửa." in text_diff
    assert "<p>" not in text_diff


def test_restore_makes_a_new_revision_and_loses_nothing(
    client: TestClient, factory: Factory
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    article = factory.article(title="Gốc", tags=["Cũ"], summary="Tóm tắt gốc")
    url = f"/v1/admin/articles/{article.id}"
    client.patch(
        url,
        json={"title": "Sửa", "tags": ["Mới"], "summary": "Tóm tắt mới"},
        headers=_headers_with_etag(client, editor, url),
    )
    assert client.post(f"{url}/revisions/1/restore", headers=editor).status_code == 428
    restored = client.post(
        f"{url}/revisions/1/restore", headers=_headers_with_etag(client, editor, url)
    )
    assert restored.status_code == 200
    body = restored.json()
    assert (body["title"], body["summary"]) == ("Gốc", "Tóm tắt gốc")
    assert [t["name"] for t in body["tags"]] == ["Cũ"]
    assert body["version"] == "0.3"
    revisions = client.get(f"{url}/revisions", headers=editor).json()
    assert [r["action"] for r in revisions] == ["create", "update", "restore"]
    # The edit that was undone is still there to restore in turn.
    assert client.get(f"{url}/revisions/2", headers=editor).json()["snapshot"]["title"] == "Sửa"
    history = client.get(f"{url}/history", headers=editor).json()
    assert history[-1]["comment"] == "restored from revision 1"


def test_restoring_on_a_live_article_only_changes_the_working_copy(
    client: TestClient, factory: Factory
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    article = factory.article(title="Đang đăng", status=ArticleStatus.published)
    url = f"/v1/admin/articles/{article.id}"
    restored = client.post(
        f"{url}/revisions/1/restore", headers=_headers_with_etag(client, editor, url)
    )
    assert restored.json()["has_unpublished_changes"] is True
    assert restored.json()["status"] == "published"
    assert client.get(f"/v1/articles/{article.id}").json()["title"] == "Đang đăng"


def test_revisions_are_as_private_as_the_article(client: TestClient, factory: Factory) -> None:
    stranger = factory.headers(factory.user(Role.contributor))
    article = factory.article()
    assert (
        client.get(f"/v1/admin/articles/{article.id}/revisions", headers=stranger).status_code
        == 404
    )
