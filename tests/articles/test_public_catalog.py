from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.articles import service
from app.articles.models import ArticleStatus
from tests.factories import Factory

LIVE = ArticleStatus.published


def test_category_tree_counts_live_articles_below(client: TestClient, factory: Factory) -> None:
    economy = factory.category("Kinh tế")
    farming = factory.category("Nông nghiệp", parent_id=economy.id)
    culture = factory.category("Văn hóa")
    factory.article(category_id=farming.id, status=LIVE)
    factory.article(category_id=economy.id, status=LIVE)
    factory.article(category_id=economy.id)  # draft: not counted
    factory.article(category_id=culture.id, status=ArticleStatus.trashed)

    tree = {n["slug"]: n for n in client.get("/v1/categories").json()}
    assert tree["kinh-te"]["article_count"] == 2
    assert [c["slug"] for c in tree["kinh-te"]["children"]] == ["nong-nghiep"]
    assert tree["kinh-te"]["children"][0]["article_count"] == 1
    assert tree["van-hoa"]["article_count"] == 0
    one = client.get("/v1/categories/nong-nghiep").json()
    assert (one["name"], one["article_count"], one["parent_id"]) == ("Nông nghiệp", 1, economy.id)
    assert client.get("/v1/categories/khong-co").status_code == 404


def test_tags_with_live_counts(client: TestClient, factory: Factory) -> None:
    factory.article(tags=["Lúa gạo", "Xuất khẩu"], status=LIVE)
    factory.article(tags=["Lúa gạo"], status=LIVE)
    factory.article(tags=["Bí mật"])  # a draft's tag is not public
    tags = client.get("/v1/tags").json()
    assert [(t["name"], t["article_count"]) for t in tags] == [("Lúa gạo", 2), ("Xuất khẩu", 1)]
    assert [t["name"] for t in client.get("/v1/tags", params={"q": "xuất"}).json()] == ["Xuất khẩu"]
    etag = client.get("/v1/tags").headers["etag"]
    assert client.get("/v1/tags", headers={"If-None-Match": etag}).status_code == 304


def test_tag_search_folds_like_article_search(client: TestClient, factory: Factory) -> None:
    factory.article(tags=["Dân vận khéo", "Đà Nẵng", "Xuất khẩu", "Bán lẻ"], status=LIVE)
    factory.article(tags=["Đảng bộ"])  # a draft's tag is not public

    def found(q: str, path: str = "/v1/tags") -> list[str]:
        response = client.get(path, params={"q": q}, headers=headers)
        assert response.status_code == 200, response.text
        return sorted(t["name"] for t in response.json())

    headers: dict[str, str] = {}
    assert found("dan") == ["Dân vận khéo"]
    assert found("DÂN") == ["Dân vận khéo"]
    assert found("van") == ["Dân vận khéo"]  # any word of the name
    assert found("da") == ["Dân vận khéo", "Đà Nẵng"]  # đ folds to d
    assert found("da nang") == ["Đà Nẵng"]
    assert found("ban") == ["Bán lẻ"]
    assert found("dang") == []
    assert found("%") == []
    # The staff tag finder folds alike.
    headers = factory.headers(factory.user(Role.editor))
    assert found("dang", "/v1/admin/tags") == ["Đảng bộ"]
    assert found("da", "/v1/admin/tags") == ["Dân vận khéo", "Đà Nẵng", "Đảng bộ"]


def test_legacy_sharepoint_urls_resolve_to_the_live_article(
    client: TestClient, factory: Factory
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    category = factory.category("Tin tức")
    created = client.post(
        "/v1/admin/articles",
        json={
            "title": "Bài chuyển từ cổng cũ",
            "category_id": category.id,
            "legacy_urls": [
                "https://angiang.gov.vn/Pages/TinTuc.aspx?ItemID=123",
                "/sites/sxd/Pages/chi-tiet.aspx?ItemID=9&CatID=2",
            ],
        },
        headers=editor,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["legacy_urls"] == [
        "/pages/tintuc.aspx?itemid=123",
        "/sites/sxd/pages/chi-tiet.aspx?catid=2&itemid=9",
    ]
    old = "/pages/TINTUC.aspx?ItemID=123"
    assert client.get("/v1/resolve", params={"path": old}).status_code == 404  # not live yet
    factory.transition(service.get_article(factory.session, body["id"]), "publish")
    resolved = client.get("/v1/resolve", params={"path": old})
    assert resolved.status_code == 200
    assert resolved.json()["id"] == body["id"]
    assert resolved.json()["url"].endswith(f"/tin-tuc/{body['slug']}-{body['id']}")
    assert client.get("/v1/resolve", params={"path": "/pages/khac.aspx"}).status_code == 404
    # One old address belongs to one article.
    clash = client.post(
        "/v1/admin/articles",
        json={
            "title": "Bài khác",
            "category_id": category.id,
            "legacy_urls": ["/Pages/TinTuc.aspx?ItemID=123"],
        },
        headers=editor,
    )
    assert clash.status_code == 409
