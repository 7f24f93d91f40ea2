"""The article form: writing and saving through the same services as the API, fields refused
with Vietnamese messages while the typed text stays, the 412 experience, and workflow buttons
that are exactly what the user may do."""

import re

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from app.accounts.models import Role, User
from app.articles.models import Article, ArticleStatus
from app.core.config import get_settings
from tests.desk.pages import csrf_of, sign_in
from tests.factories import Factory


def _form_of(page: Response) -> dict[str, str]:
    """The article form's fields as the page holds them (what a browser would post back)."""
    html = page.text.split('id="article-form"', 1)[1].split("</form>", 1)[0]
    fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', html))
    for name, text in re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = text
    for name, options in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        fields[name] = chosen.group(1) if chosen else ""
    for box in ("featured", "noindex"):
        if re.search(rf'name="{box}"[^>]*checked', html):
            fields[box] = "on"
    return {k: _unescape(v) for k, v in fields.items()}


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"')
            .replace("&#39;", "'").replace("&amp;", "&"))  # fmt: skip


def _buttons(page: Response) -> list[str]:
    return re.findall(r'<button type="submit" name="action" value="(\w+)"', page.text)


@pytest.fixture
def writer(client: TestClient, factory: Factory) -> User:
    user = factory.user(Role.contributor)
    sign_in(client, user)
    return user


def test_a_writer_creates_an_article_that_the_api_then_shows(
    client: TestClient, factory: Factory, writer: User, db: Session
) -> None:
    category = factory.default_category()
    page = client.get("/desk/articles/new")
    body = "<h2>Khai mạc</h2><p>Sáng nay <strong>đại hội</strong> khai mạc.</p><script>x()</script>"
    created = client.post(
        "/desk/articles/new",
        data={"csrf_token": csrf_of(page), "title": "Đại hội Đảng bộ tỉnh An Giang",
              "summary": "Tóm tắt", "content_html": body, "category_id": str(category.id),
              "article_type": "news", "byline": "Thanh Tâm", "tags": "Đại hội, An Giang"},
        follow_redirects=False,
    )  # fmt: skip
    assert created.status_code == 303, created.text
    article_id = int(created.headers["location"].split("/")[-1].split("?")[0])
    api = client.get(f"/v1/admin/articles/{article_id}", headers=factory.headers(writer)).json()
    assert api["title"] == "Đại hội Đảng bộ tỉnh An Giang"
    assert api["slug"] == "dai-hoi-dang-bo-tinh-an-giang"
    assert (
        api["content_html"] == "<h2>Khai mạc</h2><p>Sáng nay <strong>đại hội</strong> khai mạc.</p>"
    )
    assert [t["name"] for t in api["tags"]] == ["Đại hội", "An Giang"]
    assert api["author"]["id"] == writer.id
    shown = client.get(created.headers["location"])
    assert "Đã lưu." in shown.text
    assert _form_of(shown)["title"] == "Đại hội Đảng bộ tỉnh An Giang"


def test_a_refused_field_is_named_in_vietnamese_and_nothing_typed_is_lost(
    client: TestClient, factory: Factory, writer: User
) -> None:
    page = client.get("/desk/articles/new")
    long_summary = "Rất dài " * 200
    refused = client.post(
        "/desk/articles/new",
        data={"csrf_token": csrf_of(page), "title": "", "summary": long_summary,
              "content_html": "<p>Nội dung đã gõ</p>", "alternate_url": "không phải địa chỉ",
              "category_id": str(factory.default_category().id)},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "Một số trường cần sửa lại." in refused.text
    assert 'id="title-error">Bắt buộc.' in refused.text
    assert 'id="alternate_url-error">Không phải địa chỉ web' in refused.text
    kept = _form_of(refused)
    assert kept["content_html"] == "<p>Nội dung đã gõ</p>"
    assert kept["summary"] == long_summary
    assert 'aria-invalid="true" aria-describedby="title-error"' in refused.text


def test_a_contributor_cannot_write_into_a_category_they_hold_no_role_in(
    client: TestClient, factory: Factory
) -> None:
    allowed, other = factory.category("Được phép"), factory.category("Không được phép")
    writer = factory.user(None)
    factory.grant(writer, allowed, Role.contributor)
    sign_in(client, writer)
    page = client.get("/desk/articles/new")
    assert f'<option value="{allowed.id}"' in page.text
    assert f'<option value="{other.id}"' not in page.text  # not offered
    forced = client.post(
        "/desk/articles/new",
        data={"csrf_token": csrf_of(page), "title": "Bài ép buộc", "category_id": str(other.id)},
    )
    assert forced.status_code == 403  # and refused by the service when forced
    assert "Bạn không có quyền thực hiện thao tác này." in forced.text


def test_someone_elses_draft_is_answered_like_an_unknown_id(
    client: TestClient, factory: Factory, writer: User
) -> None:
    others = factory.article()
    page = client.get("/desk/articles")
    for article_id in (others.id, 999_999):
        assert client.get(f"/desk/articles/{article_id}").status_code == 404
        forced = client.post(
            f"/desk/articles/{article_id}", data={"csrf_token": csrf_of(page), "title": "Ghi đè"}
        )
        assert forced.status_code == 404
        assert "Trang này không tồn tại" in forced.text


def test_two_editors_saving_at_once_get_the_412_experience(
    client: TestClient, factory: Factory, db: Session
) -> None:
    first, second = factory.user(Role.editor), factory.user(Role.editor)
    article = factory.article(title="Bản gốc", summary="Tóm tắt gốc")
    sign_in(client, first)
    opened_by_first = client.get(f"/desk/articles/{article.id}")
    with TestClient(client.app) as other_browser:
        sign_in(other_browser, second)
        opened_by_second = other_browser.get(f"/desk/articles/{article.id}")
        theirs = _form_of(opened_by_second) | {"summary": "Tóm tắt của người thứ hai"}
        assert (
            other_browser.post(
                f"/desk/articles/{article.id}", data=theirs, follow_redirects=False
            ).status_code
            == 303
        )

    mine = _form_of(opened_by_first) | {"title": "Tiêu đề của tôi", "summary": "Tóm tắt của tôi"}
    conflict = client.post(f"/desk/articles/{article.id}", data=mine)
    assert conflict.status_code == 412
    assert "Người khác đã lưu bài này trong lúc bạn đang sửa." in conflict.text
    rows = dict(
        re.findall(r'<tr data-field="(\w+)">.*?class="saved-value">(.*?)</td>', conflict.text, re.S)
    )
    assert rows == {"title": "Bản gốc", "summary": "Tóm tắt của người thứ hai"}
    kept = _form_of(conflict)
    assert (kept["title"], kept["summary"]) == ("Tiêu đề của tôi", "Tóm tắt của tôi")
    db.expire_all()
    assert db.get(Article, article.id).summary == "Tóm tắt của người thứ hai"  # not overwritten
    # Saving again is a deliberate choice over the version now shown.
    again = client.post(f"/desk/articles/{article.id}", data=kept, follow_redirects=False)
    assert again.status_code == 303
    db.expire_all()
    assert db.get(Article, article.id).summary == "Tóm tắt của tôi"


def test_the_buttons_are_exactly_what_the_user_may_do(
    client: TestClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "review_steps", ["editor"])
    writer = factory.user(Role.contributor)
    draft = factory.article(author=writer)
    sign_in(client, writer)
    assert _buttons(client.get(f"/desk/articles/{draft.id}")) == ["submit"]
    in_review = factory.article(author=writer, status=ArticleStatus.in_review)
    page = client.get(f"/desk/articles/{in_review.id}")
    assert _buttons(page) == ["withdraw"]  # not approve, reject or publish
    forced = client.post(
        f"/desk/articles/{in_review.id}/action",
        data={"csrf_token": csrf_of(page), "action": "publish",
              "lock_version": str(in_review.lock_version)},
    )  # fmt: skip
    assert forced.status_code == 403
    client.cookies.clear()
    sign_in(client, factory.user(Role.editor))
    assert set(_buttons(client.get(f"/desk/articles/{in_review.id}"))) >= {"publish", "reject"}


def test_returning_an_article_needs_a_comment_that_the_history_keeps(
    client: TestClient, factory: Factory, db: Session
) -> None:
    article = factory.article(status=ArticleStatus.in_review)
    sign_in(client, factory.user(Role.editor))
    page = client.get(f"/desk/articles/{article.id}")
    post = {"csrf_token": csrf_of(page), "action": "reject",
            "lock_version": str(article.lock_version)}  # fmt: skip
    silent = client.post(f"/desk/articles/{article.id}/action", data=post)
    assert silent.status_code == 422
    assert "Hãy ghi rõ lý do" in silent.text
    db.expire_all()
    assert db.get(Article, article.id).status == ArticleStatus.in_review.value
    done = client.post(
        f"/desk/articles/{article.id}/action",
        data=post | {"comment": "Cần bổ sung nguồn tin"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    db.expire_all()
    assert db.get(Article, article.id).status == ArticleStatus.rejected.value
    history = client.get(f"/desk/articles/{article.id}")
    assert "<blockquote>Cần bổ sung nguồn tin</blockquote>" in history.text


def test_an_action_on_a_version_someone_changed_meanwhile_is_not_taken(
    client: TestClient, factory: Factory, db: Session
) -> None:
    article = factory.article(status=ArticleStatus.in_review)
    sign_in(client, factory.user(Role.editor))
    page = client.get(f"/desk/articles/{article.id}")
    stale = client.post(
        f"/desk/articles/{article.id}/action",
        data={"csrf_token": csrf_of(page), "action": "publish",
              "lock_version": str(article.lock_version - 1)},
    )  # fmt: skip
    assert stale.status_code == 412
    db.expire_all()
    assert db.get(Article, article.id).status == ArticleStatus.in_review.value


def test_the_slug_preview_follows_the_title(client: TestClient, writer: User) -> None:
    answer = client.get("/desk/slug-preview", params={"title": "Đắk Lắk: Đường về buôn"})
    assert answer.text == "dak-lak-duong-ve-buon"


def test_dates_in_the_site_time_featured_order_and_the_author(
    client: TestClient, factory: Factory, db: Session
) -> None:
    editor, writer = factory.user(Role.editor), factory.user(Role.contributor)
    article = factory.article(author=editor, title="Lịch tiếp dân")
    sign_in(client, editor)
    page = client.get(f"/desk/articles/{article.id}")
    assert f'<option value="{writer.id}"' in page.text  # an editor may give it to someone
    form = _form_of(page) | {
        "publish_at": "2025-01-02T07:30", "expire_at": "2025-01-09T07:30", "featured": "on",
        "featured_rank": "3", "featured_until": "2025-01-05T00:00", "author_id": str(writer.id),
    }  # fmt: skip
    saved = client.post(f"/desk/articles/{article.id}", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    api = client.get(f"/v1/admin/articles/{article.id}", headers=factory.headers(editor)).json()
    assert api["publish_at"] == "2025-01-02T00:30:00Z"  # 07:30 in Hồ Chí Minh City
    assert api["expire_at"] == "2025-01-09T00:30:00Z"
    assert (api["featured"], api["featured_rank"]) == (True, 3)
    assert api["author"]["id"] == writer.id
    again = _form_of(client.get(f"/desk/articles/{article.id}"))
    assert (again["publish_at"], again["featured_until"]) == (
        "2025-01-02T07:30",
        "2025-01-05T00:00",
    )
    backwards = client.post(
        f"/desk/articles/{article.id}",
        data=again | {"expire_at": "2025-01-01T00:00"},
    )
    assert backwards.status_code == 422
    assert "Thời điểm hết hạn phải sau ngày xuất bản." in backwards.text
    not_a_number = client.post(f"/desk/articles/{article.id}", data=again | {"featured_rank": "ba"})
    assert "Một số nguyên từ 0." in not_a_number.text


def test_a_contributor_picks_related_articles_only_among_those_they_may(
    client: TestClient, factory: Factory
) -> None:
    writer = factory.user(Role.contributor)
    own = factory.article(author=writer, title="Lúa Thu Đông được mùa")
    live = factory.article(title="Giá lúa Thu Đông tăng", status=ArticleStatus.published)
    hidden = factory.article(title="Lúa Thu Đông: bản nháp của người khác")
    sign_in(client, writer)
    found = client.get("/desk/related-search", params={"related_q": "lua thu dong",
                                                       "exclude": str(own.id)})  # fmt: skip
    ids = [int(i) for i in re.findall(r'data-id="(\d+)"', found.text)]
    assert live.id in ids
    assert hidden.id not in ids  # someone else's draft is not offered
    assert own.id not in ids  # not itself
    page = client.get(f"/desk/articles/{own.id}")
    chosen = client.post(
        f"/desk/articles/{own.id}",
        data={**_form_of(page), "related_ids": [str(live.id)]},
        follow_redirects=False,
    )
    assert chosen.status_code == 303
    shown = client.get(f"/desk/articles/{own.id}")
    assert f'data-related="{live.id}"' in shown.text
    assert "Giá lúa Thu Đông tăng" in shown.text
    forced = client.post(
        f"/desk/articles/{own.id}",
        data={**_form_of(shown), "related_ids": [str(live.id), str(hidden.id)]},
    )
    unknown = client.post(
        f"/desk/articles/{own.id}",
        data={**_form_of(shown), "related_ids": [str(live.id), "999999"]},
    )
    # Refused exactly as an id that does not exist, and nothing of it is shown.
    assert forced.status_code == unknown.status_code == 422
    assert "bản nháp của người khác" not in forced.text

    def shown(page: Response, missing: int) -> str:
        picked = page.text.split('id="related-picked"', 1)[1].split("</ol>", 1)[0]
        message = re.search(r'<p class="error"[^>]*>(.*?)</p>', page.text)
        assert message is not None
        pattern = rf'(data-related="|value="|>#){missing}\b'
        return message.group(1) + re.sub(pattern, r"\1X", picked)

    assert shown(forced, hidden.id or 0) == shown(unknown, 999999)


def test_the_preview_shows_the_working_copy_to_those_who_may_see_it(
    client: TestClient, factory: Factory
) -> None:
    writer = factory.user(Role.contributor)
    own = factory.article(author=writer, title="Bản xem trước", content_html="<p>Nội dung nháp</p>")
    others = factory.article()
    sign_in(client, writer)
    preview = client.get(f"/desk/articles/{own.id}/preview")
    assert preview.status_code == 200
    assert "<h1>Bản xem trước</h1>" in preview.text
    assert "<p>Nội dung nháp</p>" in preview.text
    assert client.get(f"/desk/articles/{others.id}/preview").status_code == 404


def test_search_and_sharing_fields_with_their_refusals(
    client: TestClient, factory: Factory, db: Session
) -> None:
    editor = factory.user(Role.editor)
    share = factory.image()
    article = factory.article(author=editor, title="Lễ hội Bà Chúa Xứ")
    sign_in(client, editor)
    form = _form_of(client.get(f"/desk/articles/{article.id}"))
    assert form["meta_title"] == ""
    assert form["og_image_id"] == ""
    bad = client.post(f"/desk/articles/{article.id}", data=form | {
        "meta_title": "Lễ hội Vía Bà 2027", "canonical_url": "không phải địa chỉ"})  # fmt: skip
    assert bad.status_code == 422
    assert '<details class="seo" open>' in bad.text  # the section with the error is open
    assert "Không phải địa chỉ web (https://…)." in bad.text
    assert 'value="Lễ hội Vía Bà 2027"' in bad.text  # what was typed stays
    saved = client.post(f"/desk/articles/{article.id}", follow_redirects=False, data=form | {
        "meta_title": "Lễ hội Vía Bà 2027", "meta_description": "Lịch và đường đi",
        "og_image_id": str(share.id), "canonical_url": "https://baoangiang.com.vn/le-hoi",
        "noindex": "on",
    })  # fmt: skip
    assert saved.status_code == 303, saved.text
    api = client.get(f"/v1/admin/articles/{article.id}", headers=factory.headers(editor)).json()
    assert (api["meta_title"], api["meta_description"], api["og_image_id"]) == (
        "Lễ hội Vía Bà 2027", "Lịch và đường đi", share.id,
    )  # fmt: skip
    assert (api["canonical_url"], api["noindex"]) == ("https://baoangiang.com.vn/le-hoi", True)
    # Emptied fields go back to their defaults; an unchecked box is false again.
    again = _form_of(client.get(f"/desk/articles/{article.id}"))
    assert again["noindex"] == "on"
    cleared = {k: v for k, v in again.items() if k != "noindex"}
    cleared |= {"og_image_id": "", "canonical_url": "", "meta_title": ""}
    assert client.post(f"/desk/articles/{article.id}", data=cleared,
                       follow_redirects=False).status_code == 303  # fmt: skip
    api = client.get(f"/v1/admin/articles/{article.id}", headers=factory.headers(editor)).json()
    assert (api["meta_title"], api["og_image_id"], api["canonical_url"], api["noindex"]) == (
        "", None, None, False,
    )  # fmt: skip
