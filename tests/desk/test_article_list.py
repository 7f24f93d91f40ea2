"""The desk's article list: the same visibility as the admin API (a contributor never sees
another's work), the saved views, the filters, and bad filters answered with a message."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session

from app.accounts.models import Role, User
from app.articles.models import Article, ArticleStatus
from app.core.config import get_settings
from app.desk.i18n import desk_datetime
from app.main import create_app
from tests.desk.pages import listed_ids, sign_in
from tests.factories import Factory


def _list(client: TestClient, **params: str) -> list[int]:
    page = client.get("/desk/articles", params=params)
    assert page.status_code == 200, page.text
    return listed_ids(page)


def test_a_contributor_sees_only_what_the_admin_api_lets_them_see(
    client: TestClient, factory: Factory
) -> None:
    writer = factory.user(Role.contributor)
    own_draft = factory.article(author=writer)
    others_draft = factory.article()
    others_in_review = factory.article(status=ArticleStatus.in_review)
    sign_in(client, writer)
    visible = _list(client)
    assert own_draft.id in visible
    assert others_draft.id not in visible
    assert others_in_review.id not in visible
    # What the admin API lists for the same user is what the desk lists.
    api = client.get("/v1/admin/articles", headers=factory.headers(writer)).json()
    assert {a["id"] for a in api["items"]} == set(visible)
    # Asking by author or category does not widen it.
    assert others_draft.id not in _list(client, author=str(others_draft.author_id))
    assert others_draft.id not in _list(client, category=str(others_draft.category_id))


def test_saved_views_mine_scheduled_and_trash(client: TestClient, factory: Factory) -> None:
    editor = factory.user(Role.editor)
    mine = factory.article(author=editor)
    someone_elses = factory.article()
    scheduled = factory.article(
        status=ArticleStatus.scheduled, publish_at=datetime.now(UTC) + timedelta(days=2)
    )
    trashed = factory.article(status=ArticleStatus.trashed)
    sign_in(client, editor)
    everything = _list(client)
    assert {mine.id, someone_elses.id, scheduled.id} <= set(everything)
    assert trashed.id not in everything  # trash only in its own view
    assert _list(client, view="mine") == [mine.id]
    assert _list(client, view="scheduled") == [scheduled.id]
    assert _list(client, view="trash") == [trashed.id]
    page = client.get("/desk/articles", params={"view": "trash"})
    assert 'aria-current="page">Thùng rác' in page.text


def test_awaiting_my_review_follows_the_review_chain_and_category_grants(
    client: TestClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "review_steps", ["editor", "chief_editor"])
    politics, economy = factory.category("Chính trị"), factory.category("Kinh tế")
    editor_of_politics = factory.user(None)
    factory.grant(editor_of_politics, politics, Role.editor)
    chief = factory.user(Role.chief_editor)
    first_step = factory.article(status=ArticleStatus.in_review, category_id=politics.id)
    elsewhere = factory.article(status=ArticleStatus.in_review, category_id=economy.id)
    second_step = factory.article(status=ArticleStatus.in_review, category_id=politics.id)
    factory.transition(second_step, "approve")  # the editor's step done: the chief's turn
    assert second_step.review_step == 1
    factory.article(status=ArticleStatus.draft, category_id=politics.id)

    sign_in(client, editor_of_politics)
    assert _list(client, view="review") == [first_step.id]
    client.cookies.clear()
    sign_in(client, chief)  # a chief editor holds the editor's step too, everywhere
    assert set(_list(client, view="review")) == {first_step.id, elsewhere.id, second_step.id}


@pytest.fixture
def editor(client: TestClient, factory: Factory) -> User:
    user = factory.user(Role.editor)
    sign_in(client, user)
    return user


def test_filters_by_status_category_type_title_and_dates(
    client: TestClient, factory: Factory, db: Session, editor: User
) -> None:
    news = factory.category("Tin tức")
    child = factory.category("Trong tỉnh", parent_id=news.id)
    sport = factory.category("Thể thao")
    a = factory.article(title="Đại hội Đảng bộ tỉnh An Giang", category_id=child.id)
    b = factory.article(title="Giải bóng đá thanh niên", category_id=sport.id,
                        article_type="video", status=ArticleStatus.published)  # fmt: skip
    c = factory.article(title="Dân vận khéo ở Châu Đốc", category_id=news.id)
    db.execute(
        update(Article)
        .where(Article.id == c.id)  # type: ignore[arg-type]
        .values(updated_at=datetime(2024, 3, 10, 20, 0, tzinfo=UTC))  # 11/03 03:00 in Vietnam
    )
    db.flush()
    assert _list(client, status="published") == [b.id]
    assert set(_list(client, category=str(news.id))) == {a.id, c.id}  # with subcategories
    assert _list(client, type="video") == [b.id]
    assert _list(client, q="dai hoi dang") == [a.id]  # folded, as the API searches titles
    assert _list(client, q="Đại hội") == [a.id]
    assert _list(client, updated_from="2024-03-11", updated_to="2024-03-11") == [c.id]
    assert _list(client, updated_to="2024-03-10") == []  # the site's day, not UTC's
    page = client.get("/desk/articles", params={"category": str(news.id)})
    assert "\u2003Trong tỉnh" in page.text  # the tree, indented


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "xuất bản"}, "Trạng thái không tồn tại."),
        ({"category": "-1"}, "Chuyên mục không tồn tại."),
        ({"author": "1e9"}, "Tác giả không tồn tại."),
        ({"type": "không-có"}, "Loại bài không tồn tại."),
        ({"updated_from": "31/12/2024"}, "Ngày được viết theo dạng dd/mm/yyyy."),
        ({"updated_to": "0001-01-01"}, "Ngày được viết theo dạng dd/mm/yyyy."),
    ],
)
def test_a_bad_filter_gets_a_message_not_an_error(
    client: TestClient, editor: User, params: dict[str, str], message: str
) -> None:
    page = client.get("/desk/articles", params=params)
    assert page.status_code == 400
    assert message in page.text
    assert page.headers["content-type"].startswith("text/html")


def test_errors_under_the_desk_are_pages_in_vietnamese(client: TestClient, editor: User) -> None:
    missing = client.get("/desk/khong-co")
    assert missing.status_code == 404
    assert "Trang này không tồn tại" in missing.text
    too_long = client.get("/desk/articles", params={"q": "x" * 500})
    assert too_long.status_code == 422
    assert "Yêu cầu không hợp lệ" in too_long.text
    # The API keeps answering problem+json.
    assert client.get("/v1/khong-co").headers["content-type"] == "application/problem+json"


def test_paging_keeps_the_filters(client: TestClient, factory: Factory, editor: User) -> None:
    from app.desk import router

    ids = [factory.article(article_type="photo").id for _ in range(3)]
    factory.article()  # another type
    original = router.PAGE_SIZE
    router.PAGE_SIZE = 2
    try:
        first = client.get("/desk/articles", params={"type": "photo"})
        assert listed_ids(first) == ids[::-1][:2]
        next_url = first.text.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
        second = client.get(next_url.replace("&amp;", "&"))
        assert listed_ids(second) == ids[::-1][2:]
        assert 'rel="next"' not in second.text
    finally:
        router.PAGE_SIZE = original


def test_an_htmx_request_gets_only_the_results(client: TestClient, editor: User) -> None:
    partial = client.get("/desk/articles", headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<section id="results"')
    restore = client.get(
        "/desk/articles", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert restore.text.startswith("<!doctype html>")


def test_desk_pages_are_not_cached_framed_or_given_to_other_origins(
    db: Session, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    portal = "https://portal.example.vn"
    monkeypatch.setattr(get_settings(), "cors_origins", [portal])
    with TestClient(create_app()) as client:  # CORS is set up when the app is made
        sign_in(client, factory.user(Role.editor))
        page = client.get("/desk/articles", headers={"Origin": portal})
        api = client.get("/v1/articles", headers={"Origin": portal})
        preflight = client.options(
            "/desk/logout",
            headers={"Origin": portal, "Access-Control-Request-Method": "POST"},
        )
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    # The portal's scripts may read the API with credentials, never a staff member's desk.
    assert api.headers["access-control-allow-origin"] == portal
    assert "access-control-allow-origin" not in page.headers
    assert "access-control-allow-origin" not in preflight.headers


def test_dates_are_written_the_vietnamese_way() -> None:
    assert desk_datetime(datetime(2023, 12, 14, 0, 0, tzinfo=UTC)) == "Thứ 5, 14/12/2023 07:00"
    assert desk_datetime(datetime(2023, 12, 16, 18, 30, tzinfo=UTC)) == "Chủ nhật, 17/12/2023 01:30"
    assert desk_datetime(None) == ""


def test_sortable_columns_page_by_keyset_in_the_desk_and_the_api(
    client: TestClient, factory: Factory, db: Session, editor: User
) -> None:
    from app.desk import router

    titles = ["Ba Chúc", "Ân Phú", "Đào Hữu Cảnh", "Cam Thành", "Bình Hòa"]
    made = {t: factory.article(title=t, article_type="interview") for t in titles}
    for n, title in enumerate(["Cam Thành", "Ân Phú", "Đào Hữu Cảnh", "Ba Chúc", "Bình Hòa"]):
        db.execute(
            update(Article)
            .where(Article.id == made[title].id)  # type: ignore[arg-type]
            .values(updated_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=n))
        )
    views = {"Ba Chúc": 5, "Ân Phú": 9, "Đào Hữu Cảnh": 5, "Cam Thành": 0, "Bình Hòa": 12}
    for title, count in views.items():
        db.execute(
            update(Article).where(Article.id == made[title].id).values(view_count=count)  # type: ignore[arg-type]
        )
    db.flush()
    by_title = [made[t].id for t in ["Ân Phú", "Ba Chúc", "Bình Hòa", "Cam Thành", "Đào Hữu Cảnh"]]
    by_update = [made[t].id for t in ["Bình Hòa", "Ba Chúc", "Đào Hữu Cảnh", "Ân Phú", "Cam Thành"]]
    # Most viewed first; a tie goes to the newer article.
    by_views = [made[t].id for t in ["Bình Hòa", "Ân Phú", "Đào Hữu Cảnh", "Ba Chúc", "Cam Thành"]]
    original = router.PAGE_SIZE
    router.PAGE_SIZE = 2
    try:
        for sort, expected in (("title", by_title), ("updated", by_update), ("views", by_views)):
            seen: list[int] = []
            page = client.get("/desk/articles", params={"type": "interview", "sort": sort})
            while True:
                seen += listed_ids(page)
                more = page.text.split('rel="next"')[0].rsplit('href="', 1)
                if 'rel="next"' not in page.text:
                    break
                page = client.get(more[1].split('"')[0].replace("&amp;", "&"))
            assert seen == expected, sort
        views_page = client.get("/desk/articles", params={"type": "interview", "sort": "views"})
        assert '<td class="view-count">12</td>' in views_page.text
    finally:
        router.PAGE_SIZE = original
    headers = factory.headers(editor)
    params = {"type": "interview", "sort": "title"}
    api = client.get("/v1/admin/articles", params=params | {"limit": "3"}, headers=headers)
    assert [a["id"] for a in api.json()["items"]] == by_title[:3]
    after = api.json()["next_cursor"]
    rest = client.get("/v1/admin/articles", params=params | {"cursor": after}, headers=headers)
    assert [a["id"] for a in rest.json()["items"]] == by_title[3:]
    # A cursor of another sort is refused, not misread.
    wrong = client.get(
        "/v1/admin/articles", params={"sort": "updated", "cursor": after}, headers=headers
    )
    assert wrong.status_code == 400
