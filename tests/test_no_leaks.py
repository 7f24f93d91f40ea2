"""Nothing that is not live reaches any public surface. One article in every non-live state,
each carrying a unique marker word in its title, tag, legacy URL and old slug; then every public
endpoint is searched for the markers."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.articles.models import Article, ArticleSlugRedirect, ArticleStatus
from app.core.db import utcnow
from tests.factories import Factory

S = ArticleStatus
HIDDEN_STATES = {
    "draft": {"status": S.draft},
    "in_review": {"status": S.in_review},
    "rejected": {"status": S.rejected},
    "scheduled": {"status": S.scheduled},
    "expired": {"status": S.expired},
    "unpublished": {"status": S.unpublished},
    "trashed": {"status": S.trashed},
}


@pytest.fixture
def hidden(factory: Factory, db) -> dict[str, Article]:
    category = factory.category("Chuyên mục bí mật")
    articles = {}
    for n, (name, state) in enumerate(HIDDEN_STATES.items()):
        marker = f"bimat{n}x"
        options = dict(state)
        if name == "scheduled":
            options["publish_at"] = utcnow() + timedelta(days=1)
        article = factory.article(
            title=f"Tin {marker}", summary=f"Tóm tắt {marker}", tags=[f"the{marker}"],
            category_id=category.id, featured=True, legacy_urls=[f"/Pages/{marker}.aspx"],
            **options,
        )  # fmt: skip
        db.add(ArticleSlugRedirect(slug=f"cu-{marker}", article_id=article.id))
        articles[marker] = article
    db.flush()
    # A live article whose unpublished working copy carries a marker too.
    visible = factory.article(title="Tin công khai", status=S.published, category_id=category.id)
    visible.title = "Tin bimatwcx"
    db.add(visible)
    db.flush()
    return articles


def _public_urls(hidden: dict[str, Article], category_slug: str) -> list[str]:
    urls = [
        "/v1/articles?limit=100",
        "/v1/articles?featured=true&limit=100",
        f"/v1/articles?category={category_slug}&limit=100",
        "/v1/articles?sort=published_at&limit=100",
        "/v1/articles?sort=-view_count&limit=100",
        "/v1/articles?page=1&per_page=100",
        "/v1/articles?fields=title,summary,content_html,tags&limit=100",
        "/v1/articles?q=bimat0x",
        "/v1/articles?q=tin&limit=100",
        "/v1/categories",
        f"/v1/categories/{category_slug}",
        "/v1/tags?limit=100",
    ]
    for marker, article in hidden.items():
        urls += [
            f"/v1/articles/{article.id}",
            f"/v1/articles/by-slug/{article.slug}",
            f"/v1/articles/by-slug/cu-{marker}",
            f"/v1/articles?q={marker}",
            f"/v1/articles?tag=the{marker}",
            f"/v1/resolve?path=/Pages/{marker}.aspx",
            f"/v1/preview/articles/{article.id}",
        ]
    return urls


def test_no_public_endpoint_shows_anything_not_live(
    client: TestClient, factory: Factory, hidden: dict[str, Article]
) -> None:
    category_slug = "chuyen-muc-bi-mat"
    for url in _public_urls(hidden, category_slug):
        response = client.get(url, follow_redirects=False)
        assert response.status_code in (200, 401, 404), f"{url}: {response.status_code}"
        if response.status_code == 200:
            assert "bimat" not in response.text, f"{url} leaks: {response.text[:300]}"
        else:  # a problem body that says nothing about the article
            assert response.json()["detail"] in (
                "no such article",
                "no article has that address",
                "a valid preview token or a preview-scoped API key is required",
            ) or response.json()["detail"].startswith("no tag"), f"{url}: {response.text}"
    counts = {c["slug"]: c["article_count"] for c in client.get("/v1/categories").json()}
    assert counts[category_slug] == 1  # only the live one


def test_feeds_and_sitemaps_show_nothing_not_live(
    client: TestClient, factory: Factory, hidden: dict[str, Article]
) -> None:
    feed_urls = ("/v1/feeds/rss", "/v1/feeds/atom", "/sitemap.xml", "/sitemap-articles-1.xml",
                 "/sitemap-news.xml", "/v1/feeds/rss?category=chuyen-muc-bi-mat")  # fmt: skip
    for url in feed_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "bimat" not in response.text, f"{url} leaks"
        for article in hidden.values():
            assert f"{article.slug}-{article.id}" not in response.text, f"{url} leaks a URL"


def test_staff_still_see_them(
    client: TestClient, factory: Factory, hidden: dict[str, Article]
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    for article in hidden.values():
        assert client.get(f"/v1/admin/articles/{article.id}", headers=editor).status_code == 200
