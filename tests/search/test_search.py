"""Vietnamese search as SPEC §6 describes it, on both engines' indexes."""

import unicodedata

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import Role
from app.articles.models import ArticleStatus
from app.search.query import parse
from app.search.service import optimize
from tests.factories import Factory

LIVE = ArticleStatus.published


def _titles(client: TestClient, q: str, **params: object) -> list[str]:
    response = client.get("/v1/articles", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


@pytest.fixture
def newsroom(factory: Factory) -> None:
    factory.article(
        title="Dân vận khéo ở vùng biên giới",
        status=LIVE,
        content_html="<p>Mô hình <b>dân vận khéo</b> được nhân rộng.</p>",
    )
    factory.article(title="Đảng bộ tỉnh An Giang tổng kết năm", status=LIVE)
    factory.article(title="Giá lúa bán ra tăng mạnh", status=LIVE)
    factory.article(title="Bàn giải pháp phát triển du lịch", status=LIVE)
    factory.article(
        title="Tin khác về kinh tế",
        status=LIVE,
        summary="Hội nghị bàn về giải pháp vốn cho nông dân.",
    )
    factory.article(title="Dân vận khéo — bản nháp", status=ArticleStatus.draft)


@pytest.mark.usefixtures("newsroom")
def test_unaccented_query_finds_accented_text(client: TestClient) -> None:
    assert _titles(client, "dan van kheo") == ["Dân vận khéo ở vùng biên giới"]


@pytest.mark.usefixtures("newsroom")
def test_d_stroke_folds_to_d(client: TestClient) -> None:
    assert _titles(client, "dang bo") == ["Đảng bộ tỉnh An Giang tổng kết năm"]
    assert _titles(client, "ĐẢNG") == ["Đảng bộ tỉnh An Giang tổng kết năm"]


@pytest.mark.usefixtures("newsroom")
def test_decomposed_query_matches(client: TestClient) -> None:
    assert _titles(client, unicodedata.normalize("NFD", "Dân vận khéo")) == [
        "Dân vận khéo ở vùng biên giới"
    ]


@pytest.mark.usefixtures("newsroom")
def test_exact_diacritics_rank_first(client: TestClient) -> None:
    titles = _titles(client, "bàn")
    assert set(titles) == {
        "Bàn giải pháp phát triển du lịch",
        "Tin khác về kinh tế",
        "Giá lúa bán ra tăng mạnh",
    }
    # "bàn" (title, then body) before "bán", which only matches once diacritics are dropped.
    assert titles[-1] == "Giá lúa bán ra tăng mạnh"
    assert titles[0] == "Bàn giải pháp phát triển du lịch"
    assert _titles(client, "bán")[0] == "Giá lúa bán ra tăng mạnh"


@pytest.mark.usefixtures("newsroom")
def test_title_matches_rank_above_body_matches(client: TestClient, factory: Factory) -> None:
    factory.article(
        title="Chuyện nông thôn", status=LIVE, summary="Bài viết về biên giới phía Tây."
    )
    titles = _titles(client, "bien gioi")
    assert titles == ["Dân vận khéo ở vùng biên giới", "Chuyện nông thôn"]


@pytest.mark.usefixtures("newsroom")
def test_quoted_phrases_match_as_phrases(client: TestClient, factory: Factory) -> None:
    factory.article(title="Vận động dân cư khéo léo", status=LIVE)
    assert len(_titles(client, "dan van")) == 2  # both words, anywhere
    assert _titles(client, '"dan van"') == ["Dân vận khéo ở vùng biên giới"]


@pytest.mark.usefixtures("newsroom")
def test_search_never_shows_what_is_not_live(client: TestClient) -> None:
    assert "Dân vận khéo — bản nháp" not in _titles(client, "ban nhap")
    assert _titles(client, "ban nhap") == []


@pytest.mark.usefixtures("newsroom")
def test_results_carry_a_highlighted_snippet(client: TestClient) -> None:
    item = client.get("/v1/articles", params={"q": "dan van"}).json()["items"][0]
    assert "<mark>dân</mark> <mark>vận</mark>" in item["snippet"]


def test_index_follows_every_write(client: TestClient, factory: Factory) -> None:
    editor = factory.headers(factory.user(Role.editor))
    article = factory.article(title="Hội nghị xúc tiến đầu tư", status=LIVE)
    assert _titles(client, "xuc tien") == ["Hội nghị xúc tiến đầu tư"]
    url = f"/v1/admin/articles/{article.id}"

    def act(action: str) -> None:
        etag = client.get(url, headers=editor).headers["etag"]
        response = client.post(
            f"{url}/transitions", json={"action": action}, headers={**editor, "If-Match": etag}
        )
        assert response.status_code == 200, response.text

    etag = client.get(url, headers=editor).headers["etag"]
    client.patch(url, json={"title": "Hội thảo thu hút vốn"}, headers={**editor, "If-Match": etag})
    assert _titles(client, "thu hut") == []  # an unpublished edit is not searchable yet
    act("publish")
    assert _titles(client, "thu hut") == ["Hội thảo thu hút vốn"]
    assert _titles(client, "xuc tien") == []
    act("unpublish")
    assert _titles(client, "thu hut") == []
    act("publish")
    act("trash")
    assert _titles(client, "thu hut") == []


@pytest.mark.parametrize("q", ['"', "   ", "!!!", '""'])
def test_queries_without_words_are_a_clean_422(client: TestClient, q: str) -> None:
    response = client.get("/v1/articles", params={"q": q})
    assert response.status_code in (200, 422)
    assert response.headers["content-type"].startswith("application/")


@pytest.mark.parametrize(
    "q", ["AND", "OR NOT", "title:x", "a*", "NEAR(a b)", "'; DROP TABLE x; --", "a & b | !c"]
)
def test_query_syntax_is_never_interpreted(client: TestClient, factory: Factory, q: str) -> None:
    factory.article(title="Bài có chữ and or not", status=LIVE)
    assert client.get("/v1/articles", params={"q": q}).status_code in (200, 422)


def test_parse_keeps_phrases_and_folds() -> None:
    query = parse('"Dân vận" khéo')
    assert query is not None
    assert query.folded == (("dan", "van"), ("kheo",))
    assert query.exact == (("dân", "vận"), ("khéo",))
    assert query.has_diacritics
    plain = parse("dan van")
    assert plain is not None
    assert not plain.has_diacritics


def test_within_a_tier_newest_first(client: TestClient, factory: Factory) -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    for days, title in ((3, "Ba ngày trước"), (1, "Hôm qua"), (2, "Hai ngày trước")):
        factory.article(
            title=title,
            summary="Tin về khuyến nông.",
            status=LIVE,
            publish_at=now - timedelta(days=days),
        )
    factory.article(title="Khuyến nông cũ", status=LIVE, publish_at=now - timedelta(days=30))
    # The old title match first (title tier), then the body matches newest first.
    assert _titles(client, "khuyen nong") == [
        "Khuyến nông cũ",
        "Hôm qua",
        "Hai ngày trước",
        "Ba ngày trước",
    ]
    # Other sorts still apply to search results.
    assert _titles(client, "khuyen nong", sort="-published_at")[0] == "Hôm qua"
    assert _titles(client, "khuyen nong", sort="published_at")[0] == "Khuyến nông cũ"


def test_search_keys_order_like_publish_time_and_never_collide() -> None:
    from datetime import UTC, datetime, timedelta

    from app.search.service import published_by_bound, search_key

    moment = datetime(2026, 11, 27, 8, 30, tzinfo=UTC)
    later = moment + timedelta(seconds=1)
    assert search_key(2**31 - 1, moment) < search_key(1, later)
    assert search_key(7, moment) != search_key(8, moment)
    assert search_key(2**31 - 1, moment) < published_by_bound(moment) <= search_key(1, later)
    # Before 1970 (archives) still sorts right.
    assert search_key(1, datetime(1969, 1, 1, tzinfo=UTC)) < search_key(1, moment)


@pytest.mark.usefixtures("newsroom")
def test_optimizing_the_index_keeps_every_answer(client: TestClient, db: Session) -> None:
    queries = ["dan van", "bàn", "ban", "dang", '"dân vận khéo"']
    before = [_titles(client, q) for q in queries]
    assert all(before[:4])
    optimize(db)
    db.flush()
    assert [_titles(client, q) for q in queries] == before
