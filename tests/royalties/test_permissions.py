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
