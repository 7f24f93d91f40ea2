"""The plain list's driver-level path answers exactly like the general (ORM) path."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.articles import hot, public_router
from app.articles.models import ArticleLive, ArticleStatus
from tests.factories import Factory

VOLATILE = {"x-request-id", "date"}
# Both paths send Last-Modified even for data made this very second (app.core.http).
pytestmark = pytest.mark.usefixtures("dates_settle_at_once")
NOW = datetime.now(UTC)


def _answer(client: TestClient, url: str) -> tuple[int, bytes, dict[str, str]]:
    response = client.get(url)
    headers = {k: v for k, v in response.headers.items() if k not in VOLATILE}
    return response.status_code, response.content, headers


@pytest.fixture
def newsroom(factory: Factory) -> dict[str, object]:
    parent = factory.category("Kinh tế")
    child = factory.category("Nông nghiệp", parent_id=parent.id)
    other = factory.category("Thể thao")
    for days, category in ((1, parent), (2, child), (3, other), (4, child), (5, parent)):
        factory.article(
            status=ArticleStatus.published,
            category_id=category.id,
            publish_at=NOW - timedelta(days=days),
        )
    # Two in the same instant: the id breaks the tie.
    for _ in range(2):
        factory.article(
            status=ArticleStatus.published,
            category_id=child.id,
            publish_at=NOW - timedelta(days=6),
        )
    factory.article(
        status=ArticleStatus.scheduled, category_id=child.id, publish_at=NOW + timedelta(hours=3)
    )
    factory.article(
        status=ArticleStatus.published,
        category_id=parent.id,
        publish_at=NOW - timedelta(days=9),
        expire_at=NOW + timedelta(hours=1),
    )
    return {"parent": parent, "child": child}


def test_plain_lists_answer_alike_on_both_paths(
    client: TestClient, newsroom: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = newsroom["parent"]
    urls = [
        "/v1/articles",
        "/v1/articles?limit=2",
        f"/v1/articles?category={parent.slug}&limit=3",  # type: ignore[attr-defined]
        f"/v1/articles?category={parent.id}",  # type: ignore[attr-defined]
        "/v1/articles?category=khong-co",  # unknown: 404 from the general path
        "/v1/articles?category=3000000000",  # beyond 32-bit ids: 404, never a 500
        "/v1/articles?cursor=not-a-cursor",  # 400 from the general path
    ]
    # Follow the cursor chain of a small page size through every page.
    url: str | None = "/v1/articles?limit=2"
    while url:
        response = client.get(url)
        urls.append(url)
        cursor = response.json()["next_cursor"]
        url = f"/v1/articles?limit=2&cursor={cursor}" if cursor else None
    assert len(urls) > 8

    calls: list[object] = []
    real = hot.visible_list

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(kwargs)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(hot, "visible_list", counting)
    fast = [_answer(client, u) for u in urls]
    assert len(calls) >= len(urls) - 1  # every plain list went the fast way
    monkeypatch.setattr(public_router, "_hot_list_page", lambda *a, **k: None)
    general = [_answer(client, u) for u in urls]
    for u, a, b in zip(urls, fast, general, strict=True):
        assert a == b, u
    assert [status for status, _, _ in fast][:7] == [200, 200, 200, 200, 404, 404, 400]


def test_lists_with_other_options_take_the_general_path(
    client: TestClient, newsroom: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("not a plain list")

    monkeypatch.setattr(hot, "visible_list", refuse)
    for query in ("featured=true", "sort=published_at", "fields=id,title", "page=1", "q=kinh",
                  "tag=khong-co", "author=Ai"):  # fmt: skip
        assert client.get(f"/v1/articles?{query}").status_code in (200, 404), query


def test_rows_without_prepared_json_fall_back(
    client: TestClient, newsroom: dict[str, object], db: Session
) -> None:
    before = client.get("/v1/articles").json()
    row = db.exec(select(ArticleLive)).first()
    assert row is not None
    row.list_json = None
    db.add(row)
    db.flush()
    assert client.get("/v1/articles").json() == before
