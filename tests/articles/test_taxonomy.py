from fastapi.testclient import TestClient

from app.accounts.models import Role
from tests.factories import Factory

CATEGORIES = "/v1/admin/categories"
TAGS = "/v1/admin/tags"


def test_categories_are_admin_managed_with_vietnamese_slugs(
    client: TestClient, factory: Factory
) -> None:
    admin = factory.headers(factory.user(Role.admin))
    editor = factory.headers(factory.user(Role.editor))
    assert (
        client.post(CATEGORIES, json={"name": "Xây dựng Đảng"}, headers=editor).status_code == 403
    )
    created = client.post(CATEGORIES, json={"name": "Xây dựng Đảng"}, headers=admin)
    assert created.status_code == 201
    assert created.json()["slug"] == "xay-dung-dang"
    again = client.post(CATEGORIES, json={"name": "Xây Dựng Đảng"}, headers=admin).json()
    assert again["slug"] == "xay-dung-dang-2"
    child = client.post(
        CATEGORIES,
        json={"name": "Công tác dân vận", "parent_id": created.json()["id"]},
        headers=admin,
    ).json()
    listed = client.get(CATEGORIES, headers=editor).json()
    assert {c["id"]: c["parent_id"] for c in listed}[child["id"]] == created.json()["id"]


def test_category_cannot_move_under_itself(client: TestClient, factory: Factory) -> None:
    admin = factory.headers(factory.user(Role.admin))
    parent = factory.category("Kinh tế")
    child = factory.category("Du lịch", parent_id=parent.id)
    url = f"{CATEGORIES}/{parent.id}"
    etag = client.get(url, headers=admin).headers["etag"]
    response = client.patch(url, json={"parent_id": child.id}, headers={**admin, "If-Match": etag})
    assert response.status_code == 422
    assert (
        client.patch(
            url, json={"parent_id": parent.id}, headers={**admin, "If-Match": etag}
        ).status_code
        == 422
    )


def test_category_update_and_delete_need_if_match(client: TestClient, factory: Factory) -> None:
    admin = factory.headers(factory.user(Role.admin))
    category = factory.category("Thể thao")
    url = f"{CATEGORIES}/{category.id}"
    assert client.patch(url, json={"name": "Thể thao - Giải trí"}, headers=admin).status_code == 428
    etag = client.get(url, headers=admin).headers["etag"]
    renamed = client.patch(
        url, json={"name": "Thể thao - Giải trí"}, headers={**admin, "If-Match": etag}
    )
    assert renamed.status_code == 200
    assert renamed.json()["slug"] == "the-thao"  # renaming keeps the URL
    assert client.delete(url, headers={**admin, "If-Match": etag}).status_code == 412
    assert (
        client.delete(url, headers={**admin, "If-Match": renamed.headers["etag"]}).status_code
        == 204
    )
    assert client.get(url, headers=admin).status_code == 404


def test_category_with_articles_or_children_is_kept(client: TestClient, factory: Factory) -> None:
    admin = factory.headers(factory.user(Role.admin))
    parent = factory.category("Y tế")
    factory.category("Dân số", parent_id=parent.id)
    used = factory.category("Giáo dục")
    factory.article(category_id=used.id)
    for category in (parent, used):
        url = f"{CATEGORIES}/{category.id}"
        etag = client.get(url, headers=admin).headers["etag"]
        assert client.delete(url, headers={**admin, "If-Match": etag}).status_code == 409


def test_tags(client: TestClient, factory: Factory) -> None:
    editor = factory.headers(factory.user(Role.editor))
    contributor = factory.headers(factory.user(Role.contributor))
    assert client.post(TAGS, json={"name": "Nông thôn mới"}, headers=contributor).status_code == 403
    created = client.post(TAGS, json={"name": "Nông thôn mới"}, headers=editor)
    assert created.status_code == 201
    assert created.json()["slug"] == "nong-thon-moi"
    assert client.post(TAGS, json={"name": "nông thôn mới"}, headers=editor).status_code == 409
    client.post(TAGS, json={"name": "bàn"}, headers=editor)
    ban = client.post(TAGS, json={"name": "bán"}, headers=editor).json()
    assert ban["slug"] == "ban-2"
    names = [t["name"] for t in client.get(TAGS, params={"q": "nông"}, headers=contributor).json()]
    assert names == ["Nông thôn mới"]
    assert client.delete(f"{TAGS}/{created.json()['id']}", headers=editor).status_code == 204
    assert client.get(f"{TAGS}/{created.json()['id']}", headers=editor).status_code == 404


def test_deleting_a_tag_detaches_it_from_live_versions_too(
    client: TestClient, factory: Factory
) -> None:
    from app.articles.models import ArticleStatus

    editor = factory.headers(factory.user(Role.editor))
    article = factory.article(tags=["Tạm thời"], status=ArticleStatus.published)
    tag_id = client.get(f"/v1/articles/{article.id}").json()["tags"][0]["id"]
    assert client.delete(f"{TAGS}/{tag_id}", headers=editor).status_code == 204
    assert client.get(f"/v1/articles/{article.id}").json()["tags"] == []


def test_category_still_used_by_a_live_version_is_kept(
    client: TestClient, factory: Factory
) -> None:
    from app.articles.models import ArticleStatus

    admin = factory.headers(factory.user(Role.admin))
    old, new = factory.category("Cũ"), factory.category("Mới")
    article = factory.article(category_id=old.id, status=ArticleStatus.published)
    url = f"/v1/admin/articles/{article.id}"
    etag = client.get(url, headers=admin).headers["etag"]
    # The working copy moves; the live version is still filed under the old category.
    assert (
        client.patch(
            url, json={"category_id": new.id}, headers={**admin, "If-Match": etag}
        ).status_code
        == 200
    )
    category_url = f"{CATEGORIES}/{old.id}"
    etag = client.get(category_url, headers=admin).headers["etag"]
    assert client.delete(category_url, headers={**admin, "If-Match": etag}).status_code == 409
