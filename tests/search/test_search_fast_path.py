"""The plain search's driver-level path answers exactly like the general (ORM) path."""

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app.articles import hot, public_router
from app.articles.models import ArticleStatus
from tests.factories import Factory

VOLATILE = {"x-request-id", "date"}
# Both paths send Last-Modified even for data made this very second (app.core.http).
pytestmark = pytest.mark.usefixtures("dates_settle_at_once")
NOW = datetime.now(UTC)
LIVE = ArticleStatus.published


def _answer(client: TestClient, url: str) -> tuple[int, bytes, dict[str, str]]:
    response = client.get(url)
    headers = {k: v for k, v in response.headers.items() if k not in VOLATILE}
    return response.status_code, response.content, headers


@pytest.fixture
def newsroom(factory: Factory) -> None:
    articles = [
        ("Bàn giải pháp dân vận khéo", "Tóm tắt không có từ khóa.", "<p>Nội dung</p>"),
        ("Giá lúa bán ra tăng", "Nông dân bán lúa.", "<p>Thị trường</p>"),
        ("Tin kinh tế", "Tóm tắt khác.", "<p>Hội nghị <b>bàn</b> về vốn &amp; đất.</p>"),
        ("Ban dan van tinh uy", "Viết không dấu: dan van kheo.", "<p>...</p>"),
        ("Dân vận ở cơ sở", "Phong trào dân vận khéo lan rộng.", "<p>Dân vận</p>"),
    ]
    for days, (title, summary, body) in enumerate(articles * 2, start=1):
        factory.article(
            title=f"{title} {days}",
            summary=summary,
            content_html=body,
            status=LIVE,
            publish_at=NOW - timedelta(hours=days),
        )
    # Matches that must never show: scheduled, expired, a draft.
    factory.article(
        title="Dân vận sắp đăng",
        status=ArticleStatus.scheduled,
        publish_at=NOW + timedelta(hours=2),
    )
    factory.article(
        title="Dân vận đã hết hạn",
        status=LIVE,
        publish_at=NOW - timedelta(days=3),
        expire_at=NOW - timedelta(hours=1),
    )
    factory.article(title="Dân vận bản nháp")


def test_plain_searches_answer_alike_on_both_paths(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, newsroom: None
) -> None:
    queries = ["dan van", "dân vận", "bàn", "ban", '"dan van kheo"', "vốn", "không có gì", "DÂN"]
    urls = [f"/v1/articles?q={quote(q)}" for q in queries]
    urls += [f"/v1/articles?q={quote(q)}&limit=3" for q in queries]
    urls += ["/v1/articles?q=%20%20", "/v1/articles?q=dan&cursor=bad", "/v1/articles?q=!!!"]
    # Follow the cursor chain of a small page size through every page.
    url: str | None = "/v1/articles?q=dan&limit=2"
    while url:
        urls.append(url)
        cursor = client.get(url).json()["next_cursor"]
        url = f"/v1/articles?q=dan&limit=2&cursor={cursor}" if cursor else None
    assert len(urls) > len(queries) * 2 + 5

    calls: list[object] = []
    real = hot.visible_search

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(kwargs)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(hot, "visible_search", counting)
    fast = [_answer(client, u) for u in urls]
    assert len(calls) >= len(urls) - 3  # every well-formed plain search went the fast way
    monkeypatch.setattr(public_router, "_hot_search_page", lambda *a, **k: None)
    general = [_answer(client, u) for u in urls]
    for u, a, b in zip(urls, fast, general, strict=True):
        assert a == b, u
    seen = b"".join(body for _, body, _ in fast)
    for hidden in ("sắp đăng", "hết hạn", "bản nháp"):
        assert hidden.encode() not in seen
    # The tiers put exact diacritics first, and a body-only match shows its snippet.
    items = client.get("/v1/articles", params={"q": "bàn"}).json()["items"]
    assert items[0]["title"].startswith("Bàn giải pháp")
    assert any("<mark>bàn</mark>" in (item["snippet"] or "") for item in items)


def test_searches_with_other_options_take_the_general_path(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, newsroom: None
) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("not a plain search")

    monkeypatch.setattr(hot, "visible_search", refuse)
    for query in ("q=dan&category=khong-co", "q=dan&sort=published_at", "q=dan&fields=id,title",
                  "q=dan&page=1", "q=dan&featured=true", "q=dan&sort=-view_count"):  # fmt: skip
        assert client.get(f"/v1/articles?{query}").status_code in (200, 404), query


@pytest.mark.parametrize("query", ["dan van", "khong co gi"])  # matches and none
def test_a_search_is_cached_no_longer_than_the_next_go_live(
    client: TestClient, factory: Factory, newsroom: None, query: str
) -> None:
    # The next change comes with the matches (one query): with none, it is asked on its own.
    soon = datetime.now(UTC) + timedelta(seconds=12)  # the default max-age is 30
    factory.article(title="Tin sắp lên", status=ArticleStatus.scheduled, publish_at=soon)
    response = client.get("/v1/articles", params={"q": query})
    assert response.status_code == 200
    assert bool(response.json()["items"]) == (query == "dan van")
    max_age = int(response.headers["cache-control"].split("max-age=")[1].split(",")[0])
    assert 0 < max_age <= 12
