"""Every role and grant combination against every article action: allowed and forbidden."""

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from app.accounts.models import Role, User
from app.articles.models import Article, ArticleStatus, Category
from tests.factories import Factory

URL = "/v1/admin/articles"


@dataclass
class Newsroom:
    party: Category  # "Xây dựng Đảng"
    mass_mobilisation: Category  # its child "Công tác dân vận"
    economy: Category  # unrelated "Kinh tế"
    writer: User  # author of the articles below
    draft_in_child: Article
    draft_in_economy: Article


@pytest.fixture
def newsroom(factory: Factory) -> Newsroom:
    party = factory.category("Xây dựng Đảng")
    child = factory.category("Công tác dân vận", parent_id=party.id)
    economy = factory.category("Kinh tế")
    writer = factory.user(Role.contributor)
    return Newsroom(
        party=party,
        mass_mobilisation=child,
        economy=economy,
        writer=writer,
        draft_in_child=factory.article(author=writer, category_id=child.id),
        draft_in_economy=factory.article(author=writer, category_id=economy.id),
    )


# principal → (site role, grants on "Xây dựng Đảng")
PRINCIPALS: dict[str, tuple[Role | None, Role | None]] = {
    "nobody": (None, None),
    "contributor": (Role.contributor, None),
    "editor": (Role.editor, None),
    "chief_editor": (Role.chief_editor, None),
    "admin": (Role.admin, None),
    "party_contributor": (None, Role.contributor),
    "party_editor": (None, Role.editor),
    "contributor_and_party_editor": (Role.contributor, Role.editor),
}

# expected status per principal for:
# view child draft, view economy draft, edit child draft, edit economy draft,
# create in child, create in economy, trash child draft
EXPECTED: dict[str, tuple[int, int, int, int, int, int, int]] = {
    "nobody": (404, 404, 404, 404, 403, 403, 404),
    "contributor": (404, 404, 404, 404, 201, 201, 404),
    "editor": (200, 200, 200, 200, 201, 201, 200),
    "chief_editor": (200, 200, 200, 200, 201, 201, 200),
    "admin": (200, 200, 200, 200, 201, 201, 200),
    "party_contributor": (404, 404, 404, 404, 201, 403, 404),
    "party_editor": (200, 404, 200, 404, 201, 403, 200),
    "contributor_and_party_editor": (200, 404, 200, 404, 201, 201, 200),
}


@pytest.mark.parametrize("name", list(PRINCIPALS))
def test_role_and_grant_matrix(
    client: TestClient, factory: Factory, newsroom: Newsroom, name: str
) -> None:
    site_role, party_grant = PRINCIPALS[name]
    user = factory.user(site_role)
    if party_grant is not None:
        factory.grant(user, newsroom.party, party_grant)
    headers = factory.headers(user)
    admin = factory.headers(factory.user(Role.admin))

    def etag(article: Article) -> str:
        return client.get(f"{URL}/{article.id}", headers=admin).headers["etag"]

    child, economy = newsroom.draft_in_child, newsroom.draft_in_economy
    got = (
        client.get(f"{URL}/{child.id}", headers=headers).status_code,
        client.get(f"{URL}/{economy.id}", headers=headers).status_code,
        client.patch(f"{URL}/{child.id}", json={"summary": "sửa"},
                     headers={**headers, "If-Match": etag(child)}).status_code,
        client.patch(f"{URL}/{economy.id}", json={"summary": "sửa"},
                     headers={**headers, "If-Match": etag(economy)}).status_code,
        client.post(URL, json={"title": "Mới", "category_id": newsroom.mass_mobilisation.id},
                    headers=headers).status_code,
        client.post(URL, json={"title": "Mới", "category_id": newsroom.economy.id},
                    headers=headers).status_code,
        client.delete(f"{URL}/{child.id}",
                      headers={**headers, "If-Match": etag(child)}).status_code,
    )  # fmt: skip
    assert got == EXPECTED[name]


def test_forbidden_is_a_problem_body(
    client: TestClient, factory: Factory, newsroom: Newsroom
) -> None:
    user = factory.user(None)
    factory.grant(user, newsroom.party, Role.contributor)
    response = client.post(
        URL, json={"title": "x", "category_id": newsroom.economy.id}, headers=factory.headers(user)
    )
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 403


def test_admin_list_shows_what_the_principal_may_see(
    client: TestClient, factory: Factory, newsroom: Newsroom
) -> None:
    party_editor = factory.user(None)
    factory.grant(party_editor, newsroom.party, Role.editor)
    own_in_economy = factory.article(category_id=newsroom.economy.id)
    own_in_economy.author_id = party_editor.id  # written before their role changed
    factory.session.flush()
    ids = {a["id"] for a in client.get(URL, headers=factory.headers(party_editor)).json()["items"]}
    assert ids == {newsroom.draft_in_child.id, own_in_economy.id}


def test_moving_an_article_is_checked_against_both_categories(
    client: TestClient, factory: Factory, newsroom: Newsroom
) -> None:
    party_editor = factory.user(None)
    factory.grant(party_editor, newsroom.party, Role.editor)
    headers = factory.headers(party_editor)
    article = newsroom.draft_in_child
    url = f"{URL}/{article.id}"
    tag = client.get(url, headers=headers).headers["etag"]
    # Editor of the source only: may not file it where they have no say.
    moved = client.patch(
        url, json={"category_id": newsroom.economy.id}, headers={**headers, "If-Match": tag}
    )
    assert moved.status_code == 403
    # Within their own subtree it is fine.
    ok = client.patch(
        url, json={"category_id": newsroom.party.id}, headers={**headers, "If-Match": tag}
    )
    assert ok.status_code == 200

    # Editor of the destination only: cannot take an article out of a category they cannot see.
    economy_editor = factory.user(None)
    factory.grant(economy_editor, newsroom.economy, Role.editor)
    other = factory.headers(economy_editor)
    response = client.patch(
        url,
        json={"category_id": newsroom.economy.id},
        headers={**other, "If-Match": ok.headers["etag"]},
    )
    assert response.status_code == 404


def test_contributor_moving_own_draft_needs_a_role_in_the_destination(
    client: TestClient, factory: Factory, newsroom: Newsroom
) -> None:
    writer = factory.user(None)
    factory.grant(writer, newsroom.party, Role.contributor)
    headers = factory.headers(writer)
    own = client.post(
        URL, json={"title": "Bài của tôi", "category_id": newsroom.party.id}, headers=headers
    ).json()
    url = f"{URL}/{own['id']}"
    tag = client.get(url, headers=headers).headers["etag"]
    away = client.patch(
        url, json={"category_id": newsroom.economy.id}, headers={**headers, "If-Match": tag}
    )
    assert away.status_code == 403
    down = client.patch(
        url,
        json={"category_id": newsroom.mass_mobilisation.id},
        headers={**headers, "If-Match": tag},
    )
    assert down.status_code == 200


def test_grant_removal_takes_effect_on_the_next_request(
    client: TestClient, factory: Factory, newsroom: Newsroom
) -> None:
    admin = factory.headers(factory.user(Role.admin))
    user = factory.user(None)
    headers = factory.headers(user)
    grant = client.post(
        f"/v1/admin/users/{user.id}/grants",
        json={"category_id": newsroom.party.id, "role": "editor"},
        headers=admin,
    )
    assert grant.status_code == 201
    assert client.get(f"{URL}/{newsroom.draft_in_child.id}", headers=headers).status_code == 200
    removed = client.delete(f"/v1/admin/users/{user.id}/grants/{grant.json()['id']}", headers=admin)
    assert removed.status_code == 204
    assert client.get(f"{URL}/{newsroom.draft_in_child.id}", headers=headers).status_code == 404


def test_grants_are_admin_only_and_validated(
    client: TestClient, factory: Factory, newsroom: Newsroom
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    admin = factory.headers(factory.user(Role.admin))
    user = factory.user(None)
    url = f"/v1/admin/users/{user.id}/grants"
    assert (
        client.post(
            url, json={"category_id": newsroom.party.id, "role": "editor"}, headers=editor
        ).status_code
        == 403
    )
    assert (
        client.post(
            url, json={"category_id": newsroom.party.id, "role": "admin"}, headers=admin
        ).status_code
        == 422
    )
    assert (
        client.post(url, json={"category_id": 999999, "role": "editor"}, headers=admin).status_code
        == 422
    )
    assert (
        client.post(
            url, json={"category_id": newsroom.party.id, "role": "editor"}, headers=admin
        ).status_code
        == 201
    )
    assert (
        client.post(
            url, json={"category_id": newsroom.party.id, "role": "chief_editor"}, headers=admin
        ).status_code
        == 409
    )
    assert [g["role"] for g in client.get(url, headers=admin).json()] == ["editor"]


def test_category_and_tag_management_rights(
    client: TestClient, factory: Factory, newsroom: Newsroom
) -> None:
    party_editor = factory.user(None)
    factory.grant(party_editor, newsroom.party, Role.editor)
    headers = factory.headers(party_editor)
    # Categories are site-wide structure: admins only, whatever the grants.
    assert (
        client.post("/v1/admin/categories", json={"name": "Mới"}, headers=headers).status_code
        == 403
    )
    # Tags: an editor anywhere may curate them.
    assert (
        client.post("/v1/admin/tags", json={"name": "Chuyển đổi số"}, headers=headers).status_code
        == 201
    )
    nobody = factory.headers(factory.user(None))
    assert client.post("/v1/admin/tags", json={"name": "Khác"}, headers=nobody).status_code == 403


def test_published_own_article_is_read_only_for_its_contributor(
    client: TestClient, factory: Factory, newsroom: Newsroom
) -> None:
    published = factory.article(
        author=newsroom.writer, category_id=newsroom.economy.id, status=ArticleStatus.published
    )
    headers = factory.headers(newsroom.writer)
    response = client.get(f"{URL}/{published.id}", headers=headers)
    assert response.status_code == 200
    patch = client.patch(
        f"{URL}/{published.id}",
        json={"summary": "x"},
        headers={**headers, "If-Match": response.headers["etag"]},
    )
    assert patch.status_code == 403
