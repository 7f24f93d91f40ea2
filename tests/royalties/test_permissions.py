"""Who may see and change royalties: editors of the article's category; 404 for the unseen."""

import pytest
from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.articles.models import ArticleStatus
from tests.factories import Factory
from tests.royalties.conftest import BEFORE_CHANGE, post, put_lines, url, writer

pytestmark = pytest.mark.usefixtures("rate_tables")


def test_category_editors_manage_royalties_of_their_categories_only(
    client: TestClient, factory: Factory
) -> None:
    politics, culture = factory.category("Chính trị"), factory.category("Văn hóa")
    granted = factory.user(role=None)
    factory.grant(granted, politics, Role.editor)
    headers = factory.headers(granted)
    mine = factory.article(
        status=ArticleStatus.published, publish_at=BEFORE_CHANGE, category_id=politics.id
    )
    other = factory.article(
        status=ArticleStatus.published, publish_at=BEFORE_CHANGE, category_id=culture.id
    )
    assert put_lines(client, headers, mine.id, [writer("Hà Giang")]).status_code == 200
    assert post(client, headers, mine.id, "/approve").status_code == 200
    # Not even its existence is shown for the other category.
    assert client.get(url(other.id), headers=headers).status_code == 404


def test_a_contributor_never_sets_their_own_royalty(client: TestClient, factory: Factory) -> None:
    author = factory.user(Role.contributor)
    headers = factory.headers(author)
    own = factory.article(author=author)  # a draft the contributor may edit
    assert client.get(f"/v1/admin/articles/{own.id}", headers=headers).status_code == 200
    response = client.get(url(own.id), headers=headers)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    # Refused before any other check (no If-Match needed to learn it).
    put = client.put(url(own.id), json={"lines": [writer(author.id)]}, headers=headers)
    assert put.status_code == 403
    someone_elses = factory.article()
    assert client.get(url(someone_elses.id), headers=headers).status_code == 404


def test_reports_need_an_editor(client: TestClient, factory: Factory) -> None:
    contributor = factory.headers(factory.user(Role.contributor))
    report = "/v1/admin/reports/royalties?from=2026-11-01&to=2026-11-30"
    assert client.get(report, headers=contributor).status_code == 403
    assert client.get(report).status_code == 401
    editor = factory.headers(factory.user(Role.editor))
    assert client.get(report, headers=editor).status_code == 200


ROYALTY_FIGURES = ("page_count", "photo_count", "royalty_amount")


def test_a_contributor_neither_sets_nor_reads_royalty_figures_through_the_article(
    client: TestClient, factory: Factory
) -> None:
    """The article's royalty totals are written only through its royalty and shown only to
    those who may read that royalty: not in the admin shape, list, revisions or diffs."""
    author = factory.user(Role.contributor)
    headers = factory.headers(author)
    category = factory.default_category().id
    for figure in ROYALTY_FIGURES:
        body = {"title": "Bài của tôi", "category_id": category, figure: 5}
        refused = client.post("/v1/admin/articles", json=body, headers=headers)
        assert refused.status_code == 422, refused.text
        assert figure in refused.json()["errors"][0]["msg"]
        assert "/royalty" in refused.json()["errors"][0]["msg"]
    created = client.post(
        "/v1/admin/articles", json={"title": "Bài của tôi", "category_id": category},
        headers=headers,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    article_url = f"/v1/admin/articles/{created.json()['id']}"
    for figure in ROYALTY_FIGURES:
        etag = client.get(article_url, headers=headers).headers["ETag"]
        patch = client.patch(
            article_url, json={figure: 900_000}, headers={**headers, "If-Match": etag}
        )
        assert patch.status_code == 422, patch.text

    # An editor enters the royalty; the figures land on the article.
    editor = factory.headers(factory.user(Role.editor))
    article_id = created.json()["id"]
    royalty = put_lines(client, editor, article_id, [writer("Hà Giang")])
    assert royalty.status_code == 200, royalty.text
    total = royalty.json()["total_amount"]
    assert total > 0
    assert client.get(article_url, headers=editor).json()["royalty_amount"] == total
    etag = client.get(article_url, headers=headers).headers["ETag"]
    edit = client.patch(article_url, json={"title": "Sửa"}, headers={**headers, "If-Match": etag})
    assert edit.status_code == 200

    shown = [
        client.get(article_url, headers=headers).json(),
        edit.json(),
        *client.get("/v1/admin/articles", headers=headers).json()["items"],
    ]
    for article in shown:
        assert all(article[figure] is None for figure in ROYALTY_FIGURES), article
    revisions = client.get(f"{article_url}/revisions", headers=headers).json()
    last = revisions[-1]["number"]
    snapshot = client.get(f"{article_url}/revisions/{last}", headers=headers).json()["snapshot"]
    assert not set(ROYALTY_FIGURES) & set(snapshot)
    diff = client.get(f"{article_url}/revisions/1/diff?to={last}", headers=headers).json()
    assert not set(ROYALTY_FIGURES) & {c["field"] for c in diff["changes"]}
    assert str(total) not in client.get(f"{article_url}/revisions/{last}", headers=headers).text

    # Those who may read the royalty still see the figures everywhere.
    assert client.get(article_url, headers=editor).json()["royalty_amount"] == total
    snapshot = client.get(f"{article_url}/revisions/{last}", headers=editor).json()["snapshot"]
    assert snapshot["royalty_amount"] == total
    diff = client.get(f"{article_url}/revisions/1/diff?to={last}", headers=editor).json()
    assert "royalty_amount" in {c["field"] for c in diff["changes"]}
