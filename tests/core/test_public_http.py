"""HTTP details of every public read: absolute URLs never taken from the request's Host, HEAD
answered on every GET route like GET without the body, Last-Modified and If-Modified-Since."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.articles import taxonomy
from app.articles.models import ArticleStatus, Category
from app.articles.schemas import CategoryUpdate
from app.core import http
from app.core.config import get_settings
from tests.factories import Factory
from tests.media import files

LIVE = ArticleStatus.published
EVIL = "evil.example"
SPOOFED = {
    "Host": EVIL,
    "X-Forwarded-Host": EVIL,
    "X-Forwarded-Proto": "https",
    "Forwarded": f"host={EVIL}",
}


@dataclass(frozen=True)
class World:
    """Something to show on every public read, and the ids the admin routes take."""

    article_id: int
    slug: str
    category: str
    tag_id: int
    category_id: int
    user_id: int
    media_url: str
    admin: dict[str, str]


@pytest.fixture
def world(client: TestClient, factory: Factory) -> World:
    admin_user = factory.user(Role.admin)
    admin = factory.headers(admin_user)
    category = factory.category("Kinh tế")
    uploaded = client.post(
        "/v1/admin/media",
        headers=admin,
        files={"file": ("anh.png", files.png_with_alpha((40, 30)), "image/png")},
    )
    assert uploaded.status_code == 201, uploaded.text
    factory.article(category_id=category.id, tags=["Lúa gạo"], summary="Giá lúa", status=LIVE)
    article = factory.article(
        category_id=category.id,
        tags=["Lúa gạo"],
        image_id=uploaded.json()["id"],
        legacy_urls=["/Pages/TinTuc.aspx?ItemID=7"],
        byline="Trung Hiếu",
        summary="Lúa gạo xuất khẩu",
        status=LIVE,
    )
    assert article.id is not None
    assert category.id is not None
    tag_id = client.get("/v1/tags").json()[0]["id"]
    return World(
        article_id=article.id,
        slug=article.slug,
        category=category.slug,
        tag_id=tag_id,
        category_id=category.id,
        user_id=admin_user.id or 0,
        media_url=uploaded.json()["url"],
        admin=admin,
    )


def public_reads(world: World) -> list[str]:
    """Every public GET, each with what makes it emit its absolute URLs (a next page)."""
    return [
        "/v1/articles?limit=1",
        f"/v1/articles?limit=1&category={world.category}",
        "/v1/articles?limit=1&q=lua",
        "/v1/articles?limit=1&sort=published_at",
        "/v1/articles?page=1&per_page=1",
        f"/v1/articles/{world.article_id}",
        f"/v1/articles/by-slug/{world.slug}",
        f"/v1/articles/{world.article_id}/related",
        f"/v1/articles/{world.article_id}/related?limit=1",
        "/v1/articles/most-read",
        "/v1/categories",
        f"/v1/categories/{world.category}",
        "/v1/tags",
        "/v1/resolve?path=/Pages/TinTuc.aspx?ItemID=7",
        "/v1/feeds/rss",
        f"/v1/feeds/atom?category={world.category}",
        "/sitemap.xml",
        "/sitemap-articles-1.xml",
        "/sitemap-news.xml",
        world.media_url,
    ]


def test_no_public_read_takes_its_addresses_from_the_host_header(
    client: TestClient, world: World
) -> None:
    for path in public_reads(world):
        response = client.get(path, headers=SPOOFED)
        assert response.status_code == 200, path
        assert EVIL.encode() not in response.content, path
        assert all(EVIL not in value for value in response.headers.values()), path
    assert "evil" not in str(client.get("/v1/articles?limit=1", headers=SPOOFED).headers)


def test_links_and_self_links_are_on_the_api_base_url(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = get_settings()
    monkeypatch.setattr(settings, "public_base_url", "https://angiang.gov.vn")
    monkeypatch.setattr(settings, "api_base_url", "https://api.angiang.gov.vn/")
    lists = ("/v1/articles?limit=1", "/v1/articles?limit=1&q=lua", "/v1/admin/articles?limit=1")
    for path in lists:
        link = client.get(path, headers={**SPOOFED, **world.admin}).headers["link"]
        assert link.startswith("<https://api.angiang.gov.vn" + path.split("?")[0] + "?"), link
        assert link.endswith('>; rel="next"')
        assert "cursor=" in link
    numbered = client.get("/v1/articles?page=1&per_page=1", headers=SPOOFED).headers["link"]
    assert numbered == '<https://api.angiang.gov.vn/v1/articles?per_page=1&page=2>; rel="next"'
    rss = client.get("/v1/feeds/rss?category=" + world.category + "&utm=x", headers=SPOOFED)
    self_link = f"https://api.angiang.gov.vn/v1/feeds/rss?category={world.category}"
    assert f'href="{self_link}"'.encode() in rss.content
    # Without an API base URL, the API is taken to be served from the public site's address.
    monkeypatch.setattr(settings, "api_base_url", None)
    link = client.get("/v1/articles?limit=1", headers=SPOOFED).headers["link"]
    assert link.startswith("<https://angiang.gov.vn/v1/articles?")


def _concrete(path: str, world: World) -> str:
    """A route's path with real ids filled in (unknown ones answer 404 to GET and HEAD alike)."""
    values = {
        "{article_id}": str(world.article_id),
        "{slug}": world.category if path.startswith("/v1/categories") else world.slug,
        "{number}": "1",
        "{tag_id}": str(world.tag_id),
        "{category_id}": str(world.category_id),
        "{user_id}": str(world.user_id),
        "{page:int}": "1",
        "{key:path}": world.media_url.removeprefix("/media/"),
    }
    for name, value in values.items():
        path = path.replace(name, value)
    return path.replace("{", "").replace("}", "").replace(":int", "")


def _without_volatile(headers: dict[str, str]) -> dict[str, str]:
    kept = {k: v for k, v in headers.items() if k not in ("date", "x-request-id")}
    # The desk's sign-in form hands out a fresh one-time token with every answer, HEAD's too.
    if "set-cookie" in kept:
        kept["set-cookie"] = re.sub(r"(newsdesk_desk_login=)[^;]+", r"\1…", kept["set-cookie"])
    return kept


# Dates sent at once: a GET in the last millisecond of a change's second and its HEAD in the
# next would otherwise differ by a withheld Last-Modified.
@pytest.mark.usefixtures("dates_settle_at_once")
def test_every_get_route_answers_head_like_get_without_a_body(
    client: TestClient, world: World
) -> None:
    routes = [
        rc.path
        for rc in iter_route_contexts(client.app.routes)  # type: ignore[attr-defined]
        if rc.methods and "GET" in rc.methods
    ]
    assert len(routes) > 40
    # The declared routes with real ids, then the public reads the fast lanes answer.
    paths = [_concrete(path, world) for path in routes] + public_reads(world)
    answered = set()
    for path in paths:
        for headers in ({}, world.admin):
            got = client.get(path, headers=headers)
            head = client.head(path, headers=headers)
            assert head.status_code == got.status_code, path
            assert head.content == b"", path
            assert _without_volatile(dict(head.headers)) == _without_volatile(dict(got.headers)), (
                path
            )
            answered.add((path, got.status_code))
    assert all(status == 200 for path, status in answered if path in public_reads(world))
    assert client.head("/healthz").status_code == 200
    etag = client.get(f"/v1/articles/{world.article_id}").headers["etag"]
    not_modified = client.head(f"/v1/articles/{world.article_id}", headers={"If-None-Match": etag})
    assert (not_modified.status_code, not_modified.content) == (304, b"")


def test_head_leaves_the_openapi_document_alone(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    operations = [
        (method, op["operationId"])
        for item in document["paths"].values()
        for method, op in item.items()
    ]
    assert all(method != "head" for method, _ in operations)
    ids = [operation_id for _, operation_id in operations]
    assert len(ids) == len(set(ids))


# Their answers move with view counts or the related index, which keep no time of change:
# ETag only (docs/api.md). Media files are immutable by key.
NO_LAST_MODIFIED = ("/related", "/most-read", "/media/")


def _dated_reads(client: TestClient, world: World) -> dict[str, tuple[bytes, str]]:
    """Each public read with a Last-Modified: its body and that date."""
    found = {}
    for path in public_reads(world):
        if any(part in path for part in NO_LAST_MODIFIED):
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["last-modified"].endswith(" GMT"), path
        found[path] = (response.content, response.headers["last-modified"])
    return found


def _assert_changed_answers_are_not_304(
    client: TestClient, before: dict[str, tuple[bytes, str]]
) -> set[str]:
    """A client holding an answer from `before` gets 200 wherever the answer changed since."""
    changed = set()
    for path, (body, last_modified) in before.items():
        response = client.get(path, headers={"If-Modified-Since": last_modified})
        current = client.get(path).content
        if current != body:
            changed.add(path)
            assert response.status_code == 200, path
    return changed


def test_every_public_read_has_a_last_modified_that_moves_with_its_answer(
    client: TestClient, world: World, factory: Factory
) -> None:
    factory.age_changes(timedelta(hours=3))
    first = _dated_reads(client, world)
    for path, (_, last_modified) in first.items():
        since = {"If-Modified-Since": last_modified}
        not_modified = client.get(path, headers=since)
        assert (not_modified.status_code, not_modified.content) == (304, b""), path
        assert client.head(path, headers=since).status_code == 304, path
        # If-None-Match decides when sent (RFC 9110 §13.2.2), whatever If-Modified-Since says.
        other = client.get(path, headers={**since, "If-None-Match": '"other"'})
        assert other.status_code == 200, path
        older = client.get(path, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
        assert older.status_code == 200, path
        assert client.get(path, headers={"If-Modified-Since": "not a date"}).status_code == 200

    # A new article: every list, the tree's counts, the tags, feeds and sitemaps change.
    newest = factory.article(
        category_id=world.category_id, tags=["Lúa gạo"], summary="Lúa mới", status=LIVE
    )
    factory.age_changes(timedelta(hours=2))
    changed = _assert_changed_answers_are_not_304(client, first)
    assert {"/v1/categories", "/v1/tags", "/v1/feeds/rss", "/sitemap.xml"} <= changed
    second = _dated_reads(client, world)

    # Withdrawn again: the lists show older articles than before, and still are not 304.
    factory.transition(newest, "unpublish")
    factory.age_changes(timedelta(hours=1))
    changed = _assert_changed_answers_are_not_304(client, second)
    assert {"/v1/articles?limit=1", "/v1/feeds/rss", "/sitemap-articles-1.xml"} <= changed
    third = _dated_reads(client, world)

    # A category renamed, and one deleted: the tree changes without any article changing.
    spare = factory.category("Tạm thời")
    factory.age_changes(timedelta(minutes=30))
    fourth = _dated_reads(client, world)
    taxonomy.delete_category(factory.session, category=spare)
    factory.age_changes(timedelta(minutes=10))
    assert "/v1/categories" in _assert_changed_answers_are_not_304(client, fourth)
    category = factory.session.get(Category, world.category_id)
    assert category is not None
    taxonomy.update_category(
        factory.session, category=category, data=CategoryUpdate(name="Kinh tế số")
    )
    factory.age_changes(timedelta(minutes=1))
    assert "/v1/categories" in _assert_changed_answers_are_not_304(client, third)


def test_a_change_in_the_current_second_withholds_last_modified(
    client: TestClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One-second dates cannot tell two changes in one second apart: until the second of the
    last change is over, no Last-Modified is sent (and so none can be sent back wrongly).
    The settling time is stretched to an hour, so that the reads below fall inside it however
    slow the machine is (a change at x.999 s and a read at x+1.001 s made this flaky)."""
    monkeypatch.setattr(http, "LAST_MODIFIED_SETTLE", timedelta(hours=1))
    factory.article(status=LIVE)
    for path in ("/v1/articles", "/v1/categories", "/v1/feeds/atom"):
        response = client.get(path)
        assert "last-modified" not in response.headers, path
        assert "etag" in response.headers
