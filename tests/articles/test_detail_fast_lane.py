"""The public detail's fast lane answers exactly like the declared FastAPI routes it shadows."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.articles.models import ArticleSlugRedirect, ArticleStatus
from app.articles.public_router import HotDetailRoute
from app.core.config import get_settings
from app.main import create_app
from tests.factories import Factory

# Headers that legitimately differ between two responses to the same request.
VOLATILE = {"x-request-id", "date"}
# Both paths send Last-Modified even for data made this very second (app.core.http).
pytestmark = pytest.mark.usefixtures("dates_settle_at_once")


@pytest.fixture
def declared_only(db: Session) -> Iterator[TestClient]:
    """The app as it would be without the fast lane: only the declared routes."""
    app = create_app()
    app.router.routes[:] = [r for r in app.router.routes if not isinstance(r, HotDetailRoute)]
    with TestClient(app) as test_client:
        yield test_client


def _same(fast: TestClient, declared: TestClient, path: str, **kwargs: object) -> None:
    a = fast.get(path, follow_redirects=False, **kwargs)  # type: ignore[arg-type]
    b = declared.get(path, follow_redirects=False, **kwargs)  # type: ignore[arg-type]
    assert (a.status_code, a.content) == (b.status_code, b.content), path
    strip = lambda r: {k: v for k, v in r.headers.items() if k not in VOLATILE}  # noqa: E731
    assert strip(a) == strip(b), path


def test_fast_lane_is_first_and_serves_live_details(client: TestClient) -> None:
    assert isinstance(client.app.router.routes[0], HotDetailRoute)  # type: ignore[attr-defined]


def test_fast_lane_and_declared_routes_answer_alike(
    client: TestClient, declared_only: TestClient, factory: Factory, db: Session
) -> None:
    live = factory.article(title="Tin công khai", status=ArticleStatus.published)
    hidden = factory.article(title="Tin nháp", status=ArticleStatus.draft)
    db.add(ArticleSlugRedirect(slug="duong-dan-cu", article_id=live.id))
    db.flush()
    etag = client.get(f"/v1/articles/{live.id}").headers["etag"]

    for path in (
        f"/v1/articles/{live.id}",
        f"/v1/articles/by-slug/{live.slug}",
        "/v1/articles/by-slug/duong-dan-cu",  # old slug: 301
        f"/v1/articles/{hidden.id}",  # not live: 404
        f"/v1/articles/by-slug/{hidden.slug}",
        "/v1/articles/2147483647",  # largest id: 404
        "/v1/articles/0",  # outside the declared range: 422 from the declared route
        "/v1/articles/2147483648",
        "/v1/articles/99999999999999999999",
        "/v1/articles/by-slug/Not-A-Slug",
        "/v1/articles/by-slug/" + "a" * 201,
        # The plain list, and lists the fast lane must leave to the declared route.
        "/v1/articles",
        "/v1/articles?limit=1",
        f"/v1/articles?category={live.category_id}&limit=100",
        "/v1/articles?category=",
        "/v1/articles?category=Khong-Hop-Le",
        "/v1/articles?limit=0",
        "/v1/articles?limit=101",
        "/v1/articles?limit=05",
        "/v1/articles?cursor=",
        "/v1/articles?cursor=abc",
        "/v1/articles?limit=1&limit=2",
        "/v1/articles?featured=true",
        "/v1/articles?q=c%C3%B4ng+khai",
    ):
        _same(client, declared_only, path)
    _same(client, declared_only, f"/v1/articles/{live.id}", headers={"If-None-Match": etag})


@pytest.mark.parametrize(
    ("method", "path", "query"),
    [
        ("GET", "/v1/articles/0", b""),
        ("HEAD", "/v1/articles/1", b""),
        ("GET", "/v1/articles/1/", b""),
        ("GET", "/v1/articles", b"sort=published_at"),
        ("GET", "/v1/articles", b"category=%C4%91"),
        ("POST", "/v1/articles", b""),
    ],
)
def test_fast_lane_leaves_other_requests_to_the_declared_routes(
    method: str, path: str, query: bytes
) -> None:
    scope = {"type": "http", "method": method, "path": path, "query_string": query}
    assert HotDetailRoute().matches(scope)[0].name == "NONE"


def test_fast_lane_takes_the_plain_list() -> None:
    scope = {"type": "http", "method": "GET", "path": "/v1/articles",
             "query_string": b"category=thoi-su&limit=20&cursor=abc"}  # fmt: skip
    assert HotDetailRoute().matches(scope)[0].name == "FULL"


def test_fast_lane_steps_aside_when_the_api_needs_a_key(
    client: TestClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = factory.article(status=ArticleStatus.published)
    monkeypatch.setattr(get_settings(), "public_requires_key", True)
    assert client.get(f"/v1/articles/{live.id}").status_code == 401
    assert client.get(f"/v1/articles/by-slug/{live.slug}").status_code == 401
