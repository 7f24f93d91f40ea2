"""The public surface shows live articles and nothing else."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from app.articles.models import Article, ArticleStatus
from tests.factories import Factory

NOW = datetime.now(UTC)
PAST = NOW - timedelta(days=1)
FUTURE = NOW + timedelta(days=1)

NOT_LIVE = {
    "draft": {"status": ArticleStatus.draft},
    "draft_with_past_date": {"status": ArticleStatus.draft, "publish_at": PAST},
    "in_review": {"status": ArticleStatus.in_review, "publish_at": PAST},
    "rejected": {"status": ArticleStatus.rejected, "publish_at": PAST},
    "scheduled": {"status": ArticleStatus.scheduled, "publish_at": FUTURE},
    "published_for_later": {"status": ArticleStatus.published, "publish_at": FUTURE},
    "published_but_expired": {
        "status": ArticleStatus.published,
        "publish_at": PAST - timedelta(days=1),
        "expire_at": PAST,
    },
    "expired": {"status": ArticleStatus.expired, "publish_at": PAST},
    "unpublished": {"status": ArticleStatus.unpublished, "publish_at": PAST},
    "trashed": {"status": ArticleStatus.trashed, "publish_at": PAST},
}


@pytest.mark.parametrize("case", list(NOT_LIVE))
def test_not_live_articles_never_leak(client: TestClient, factory: Factory, case: str) -> None:
    hidden = factory.article(title=f"Bí mật {case}", **NOT_LIVE[case])
    live = factory.article(title="Công khai", status=ArticleStatus.published)

    listed = client.get("/v1/articles", params={"limit": 100}).json()["items"]
    assert [a["id"] for a in listed] == [live.id]
    by_id = client.get(f"/v1/articles/{hidden.id}")
    assert by_id.status_code == 404
    assert by_id.headers["content-type"] == "application/problem+json"
    assert client.get(f"/v1/articles/by-slug/{hidden.slug}").status_code == 404
    # Same answer as for an id that never existed: nothing to probe.
    assert client.get("/v1/articles/999999").json()["detail"] == by_id.json()["detail"]


def test_old_slug_of_a_hidden_article_does_not_redirect(
    client: TestClient, factory: Factory, db
) -> None:
    from app.articles.models import ArticleSlugRedirect

    hidden = factory.article(status=ArticleStatus.draft)
    db.add(ArticleSlugRedirect(slug="duong-dan-cu", article_id=hidden.id))
    db.flush()
    assert (
        client.get("/v1/articles/by-slug/duong-dan-cu", follow_redirects=False).status_code == 404
    )


def test_live_detail_has_public_fields_only(client: TestClient, factory: Factory) -> None:
    image = factory.image()
    article = factory.article(
        title="Đảng bộ tỉnh An Giang tổng kết năm",
        status=ArticleStatus.published,
        content_html="<p>Nội dung</p>",
        image_id=image.id,
        tags=["Đại hội Đảng"],
        byline="Trung Hiếu",
    )
    response = client.get(f"/v1/articles/{article.id}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Đảng bộ tỉnh An Giang tổng kết năm"
    assert body["content_html"] == "<p>Nội dung</p>"
    assert body["image"]["url"].endswith(image.storage_key)
    assert body["tags"][0]["name"] == "Đại hội Đảng"
    assert body["byline"] == "Trung Hiếu"
    assert "published_at" in body
    for private in (
        "royalty_amount",
        "page_count",
        "photo_count",
        "status",
        "version",
        "author_id",
        "created_by",
        "updated_by",
        "publish_at",
        "expire_at",
    ):
        assert private not in body
    by_slug = client.get(f"/v1/articles/by-slug/{article.slug}")
    assert by_slug.json() == body


def test_list_is_newest_first_without_body_and_paginates(
    client: TestClient, factory: Factory
) -> None:
    same_instant = NOW - timedelta(hours=2)
    articles: list[Article] = [
        factory.article(status=ArticleStatus.published, publish_at=NOW - timedelta(hours=h))
        for h in (5, 1, 3)
    ] + [factory.article(status=ArticleStatus.published, publish_at=same_instant) for _ in range(3)]
    expected = [a.id for a in sorted(articles, key=lambda a: (a.publish_at, a.id), reverse=True)]

    seen: list[int] = []
    cursor = None
    for _ in range(10):
        params: dict[str, object] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/articles", params=params).json()
        assert all("content_html" not in item for item in page["items"])
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == expected


def test_public_reads_are_cacheable_and_conditional(client: TestClient, factory: Factory) -> None:
    article = factory.article(status=ArticleStatus.published)
    for url in (
        f"/v1/articles/{article.id}",
        "/v1/articles",
        f"/v1/articles/by-slug/{article.slug}",
    ):
        first = client.get(url)
        etag = first.headers["etag"]
        assert etag.startswith('"')
        assert "max-age" in first.headers["cache-control"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""


def test_cache_never_outlives_expiry(client: TestClient, factory: Factory) -> None:
    article = factory.article(
        status=ArticleStatus.published,
        publish_at=PAST,
        expire_at=datetime.now(UTC) + timedelta(seconds=10),
    )
    cache_control = client.get(f"/v1/articles/{article.id}").headers["cache-control"]
    max_age = int(cache_control.split("max-age=")[1].split(",")[0])
    assert max_age <= 10


@pytest.mark.parametrize("cursor", ["garbage", "W10", "eyJhIjoxfQ", "WyJub3QtYS1kYXRlIiwgMV0"])
def test_tampered_cursor_is_a_400_problem(client: TestClient, cursor: str) -> None:
    response = client.get("/v1/articles", params={"cursor": cursor})
    assert response.status_code in (400, 422)
    assert response.headers["content-type"] == "application/problem+json"


def test_limit_is_capped(client: TestClient) -> None:
    assert client.get("/v1/articles", params={"limit": 101}).status_code == 422
    assert client.get("/v1/articles", params={"limit": 0}).status_code == 422


def test_slug_that_cannot_exist_is_refused_cleanly(client: TestClient) -> None:
    for slug in ("%00", "Có-Dấu", "a" * 201):
        response = client.get(f"/v1/articles/by-slug/{slug}")
        assert response.status_code in (404, 422)
        assert response.headers["content-type"] == "application/problem+json"


def test_detail_is_served_from_the_prepared_json_and_kept_current(
    client: TestClient, factory: Factory, db
) -> None:
    from app.accounts.models import Role
    from app.articles.models import ArticleLive

    admin = factory.headers(factory.user(Role.admin))
    category = factory.category("Thể thao")
    article = factory.article(
        title="Giải đua thuyền",
        category_id=category.id,
        tags=["Đua thuyền", "Lễ hội"],
        status=ArticleStatus.published,
    )
    live_row = db.get(ArticleLive, article.id)
    assert live_row.public_json is not None
    assert "Giải đua thuyền" in live_row.public_json
    first = client.get(f"/v1/articles/{article.id}").json()
    assert first["category"]["name"] == "Thể thao"
    assert first["view_count"] == 0

    # The view count is current on every read, not frozen at publish time.
    db.get(type(article), article.id).view_count = 7
    db.flush()
    assert client.get(f"/v1/articles/{article.id}").json()["view_count"] == 7

    # Renaming the category and deleting a tag re-render what the public sees.
    url = f"/v1/admin/categories/{category.id}"
    etag = client.get(url, headers=admin).headers["etag"]
    assert (
        client.patch(
            url, json={"name": "Thể thao - Giải trí"}, headers={**admin, "If-Match": etag}
        ).status_code
        == 200
    )
    tag_id = first["tags"][0]["id"]
    assert client.delete(f"/v1/admin/tags/{tag_id}", headers=admin).status_code == 204
    after = client.get(f"/v1/articles/{article.id}").json()
    assert after["category"]["name"] == "Thể thao - Giải trí"
    assert [t["name"] for t in after["tags"]] == ["Lễ hội"]
    assert client.get(f"/v1/articles/by-slug/{article.slug}").json() == after


def test_detail_without_prepared_json_is_rendered_on_the_fly(
    client: TestClient, factory: Factory, db
) -> None:
    from app.articles.models import ArticleLive

    article = factory.article(title="Bài cũ trước khi có JSON", status=ArticleStatus.published)
    prepared = client.get(f"/v1/articles/{article.id}").json()
    live_row = db.get(ArticleLive, article.id)
    live_row.public_json = None
    db.add(live_row)
    db.flush()
    assert client.get(f"/v1/articles/{article.id}").json() == prepared
