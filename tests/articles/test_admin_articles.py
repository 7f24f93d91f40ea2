import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.articles.models import ArticleStatus
from tests.factories import Factory

URL = "/v1/admin/articles"


@pytest.fixture
def editor_headers(factory: Factory) -> dict[str, str]:
    return factory.headers(factory.user(Role.editor))


def _create(client: TestClient, headers: dict[str, str], **fields: object) -> dict:
    response = client.post(URL, json=fields, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_create_stores_every_field_as_a_draft(
    client: TestClient, factory: Factory, editor_headers: dict[str, str]
) -> None:
    category = factory.category("Xây dựng Đảng")
    image = factory.image()
    related = factory.article()
    publish_at = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)
    body = _create(
        client,
        editor_headers,
        title="Xây dựng Đảng",
        category_id=category.id,
        summary="Tóm tắt bài viết",
        content_html="<p>Nội dung</p><figure><img src='/media/x.jpg'></figure>",
        image_id=image.id,
        image_caption="Ảnh: Trung Hiếu",
        alternate_url="https://baoangiang.com.vn/bai-goc.html",
        publish_at=publish_at.isoformat(),
        featured=True,
        featured_rank=2,
        byline="Trung Hiếu",
        article_type="interview",
        tags=["Đại hội Đảng", "đại hội đảng", "Chuyển đổi số"],
        related_ids=[related.id],
    )
    assert body["status"] == "draft"
    assert body["version"] == "0.1"
    assert body["slug"] == "xay-dung-dang"
    assert body["category"] == {"id": category.id, "name": "Xây dựng Đảng", "slug": "xay-dung-dang"}
    assert body["image"]["id"] == image.id
    assert body["image"]["width"] == 1200
    assert [t["name"] for t in body["tags"]] == ["Đại hội Đảng", "Chuyển đổi số"]
    assert body["related_ids"] == [related.id]
    assert body["photo_count"] == 2  # one inline image plus the lead image
    assert (body["page_count"], body["royalty_amount"]) == (0, 0)  # set through the royalty
    assert body["is_live"] is False
    assert datetime.fromisoformat(body["publish_at"]) == publish_at
    assert body["created_by"] == body["updated_by"] == body["author_id"]


def test_text_is_stored_nfc(
    client: TestClient, factory: Factory, editor_headers: dict[str, str]
) -> None:
    title = "Đảng bộ tỉnh An Giang"
    decomposed = unicodedata.normalize("NFD", title)
    body = _create(
        client,
        editor_headers,
        title=decomposed,
        summary=unicodedata.normalize("NFD", "Dân vận khéo"),
        category_id=factory.default_category().id,
    )
    assert body["title"] == title
    assert body["summary"] == "Dân vận khéo"
    assert body["slug"] == "dang-bo-tinh-an-giang"


def test_slugs_get_numbered_suffixes_and_explicit_clash_is_409(
    client: TestClient, factory: Factory, editor_headers: dict[str, str]
) -> None:
    category_id = factory.default_category().id
    slugs = [
        _create(client, editor_headers, title="Xây dựng Đảng", category_id=category_id)["slug"]
        for _ in range(3)
    ]
    assert slugs == ["xay-dung-dang", "xay-dung-dang-2", "xay-dung-dang-3"]
    clash = client.post(
        URL,
        json={"title": "Khác", "slug": "xay-dung-dang", "category_id": category_id},
        headers=editor_headers,
    )
    assert clash.status_code == 409
    assert clash.headers["content-type"] == "application/problem+json"


def test_script_never_comes_back(
    client: TestClient, factory: Factory, editor_headers: dict[str, str]
) -> None:
    created = _create(
        client,
        editor_headers,
        title="An toàn",
        category_id=factory.default_category().id,
        content_html='<p>ok</p><script>alert(1)</script><img src="x" onerror="alert(1)">',
    )
    patched = client.patch(
        f"{URL}/{created['id']}",
        headers={
            **editor_headers,
            "If-Match": client.get(f"{URL}/{created['id']}", headers=editor_headers).headers[
                "etag"
            ],
        },
        json={"content_html": '<a href="javascript:alert(1)">x</a>'},
    )
    for body in (
        created,
        patched.json(),
        client.get(f"{URL}/{created['id']}", headers=editor_headers).json(),
    ):
        assert "script" not in body["content_html"]
        assert "onerror" not in body["content_html"]
        assert "javascript" not in body["content_html"]


@pytest.mark.parametrize(
    ("payload", "loc"),
    [
        ({}, ["body", "title"]),
        ({"title": ""}, ["body", "title"]),
        ({"title": "x" * 501}, ["body", "title"]),
        ({"title": "ok", "summary": "x" * 2001}, ["body", "summary"]),
        ({"title": "ok", "alternate_url": "/relative"}, ["body", "alternate_url"]),
        ({"title": "ok", "alternate_url": "ftp://x.vn/a"}, ["body", "alternate_url"]),
        ({"title": "ok", "publish_at": "2026-01-01T00:00:00"}, ["body", "publish_at"]),
        ({"title": "ok", "page_count": 1}, ["body"]),  # a royalty figure (docs/royalties.md)
        ({"title": "ok", "slug": "Có Dấu"}, ["body", "slug"]),
        ({"title": "ok", "unknown_field": 1}, ["body", "unknown_field"]),
        ({"title": "nul\u0000byte"}, ["body", "title"]),
        ({"title": "ok", "content_html": "<p>\u0000</p>"}, ["body", "content_html"]),
    ],
)
def test_invalid_input_is_a_422_problem(
    client: TestClient, factory: Factory, editor_headers: dict[str, str], payload: dict, loc: list
) -> None:
    payload = {"category_id": factory.default_category().id, **payload}
    response = client.post(URL, json=payload, headers=editor_headers)
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert problem["status"] == 422
    assert loc in [e["loc"] for e in problem["errors"]]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("category_id", 999999),
        ("image_id", 999999),
        ("related_ids", [999999]),
        ("attachment_ids", [999999]),
        ("article_type", "gossip"),
    ],
)
def test_unknown_references_are_422(
    client: TestClient, factory: Factory, editor_headers: dict[str, str], field: str, value: object
) -> None:
    payload = {"title": "Tham chiếu", "category_id": factory.default_category().id, field: value}
    response = client.post(URL, json=payload, headers=editor_headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", field]


def test_patch_requires_if_match_and_refuses_stale_versions(
    client: TestClient, factory: Factory, editor_headers: dict[str, str]
) -> None:
    created = _create(
        client, editor_headers, title="Bản gốc", category_id=factory.default_category().id
    )
    url = f"{URL}/{created['id']}"
    first_etag = client.get(url, headers=editor_headers).headers["etag"]

    missing = client.patch(url, json={"title": "Không có If-Match"}, headers=editor_headers)
    assert missing.status_code == 428

    ok = client.patch(
        url, json={"title": "Sửa lần một"}, headers={**editor_headers, "If-Match": first_etag}
    )
    assert ok.status_code == 200
    assert ok.json()["version"] == "0.2"
    assert ok.headers["etag"] != first_etag

    # The second editor still holds the first ETag: their save must not overwrite the first.
    stale = client.patch(
        url, json={"title": "Sửa lần hai"}, headers={**editor_headers, "If-Match": first_etag}
    )
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
    assert client.get(url, headers=editor_headers).json()["title"] == "Sửa lần một"

    weak = client.patch(
        url, json={"title": "x"}, headers={**editor_headers, "If-Match": "W/" + ok.headers["etag"]}
    )
    assert weak.status_code == 412


def test_patch_changes_only_sent_fields_and_null_rules(
    client: TestClient, factory: Factory, editor_headers: dict[str, str]
) -> None:
    created = _create(
        client,
        editor_headers,
        title="Một",
        summary="Giữ nguyên",
        featured_rank=3,
        category_id=factory.default_category().id,
    )
    url = f"{URL}/{created['id']}"
    etag = client.get(url, headers=editor_headers).headers["etag"]
    bad = client.patch(url, json={"title": None}, headers={**editor_headers, "If-Match": etag})
    assert bad.status_code == 422
    response = client.patch(
        url,
        json={"featured_rank": None, "byline": "Minh Châu"},
        headers={**editor_headers, "If-Match": etag},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["summary"] == "Giữ nguyên"
    assert body["featured_rank"] is None
    assert body["byline"] == "Minh Châu"


def test_expire_before_publish_is_rejected_across_stored_and_sent_values(
    client: TestClient, factory: Factory, editor_headers: dict[str, str]
) -> None:
    created = _create(
        client,
        editor_headers,
        title="Lịch",
        category_id=factory.default_category().id,
        publish_at="2026-12-10T00:00:00Z",
    )
    url = f"{URL}/{created['id']}"
    etag = client.get(url, headers=editor_headers).headers["etag"]
    response = client.patch(
        url,
        json={"expire_at": "2026-12-01T00:00:00Z"},
        headers={**editor_headers, "If-Match": etag},
    )
    assert response.status_code == 422


def test_changing_the_slug_keeps_the_old_one_as_a_redirect(
    client: TestClient, factory: Factory, editor_headers: dict[str, str], db
) -> None:
    article = factory.article(title="Tên cũ", status=ArticleStatus.published)
    url = f"{URL}/{article.id}"
    etag = client.get(url, headers=editor_headers).headers["etag"]
    response = client.patch(
        url, json={"slug": "ten-moi"}, headers={**editor_headers, "If-Match": etag}
    )
    assert response.status_code == 200
    old = client.get("/v1/articles/by-slug/ten-cu", follow_redirects=False)
    assert old.status_code == 301
    assert old.headers["location"] == "/v1/articles/by-slug/ten-moi"
    assert client.get("/v1/articles/by-slug/ten-cu").json()["id"] == article.id
    # The old slug stays reserved: a new article cannot take it over.
    other = _create(
        client, editor_headers, title="Tên cũ", category_id=factory.default_category().id
    )
    assert other["slug"] == "ten-cu-2"


def test_trash_requires_if_match_and_keeps_the_row(
    client: TestClient, factory: Factory, editor_headers: dict[str, str]
) -> None:
    article = factory.article(status=ArticleStatus.published)
    url = f"{URL}/{article.id}"
    assert client.delete(url, headers=editor_headers).status_code == 428
    etag = client.get(url, headers=editor_headers).headers["etag"]
    trashed = client.delete(url, headers={**editor_headers, "If-Match": etag})
    assert trashed.status_code == 200
    assert trashed.json()["status"] == "trashed"
    assert client.get(url, headers=editor_headers).json()["status"] == "trashed"
    assert client.get(f"/v1/articles/{article.id}").status_code == 404
    default_list = client.get(URL, headers=editor_headers).json()["items"]
    assert article.id not in [a["id"] for a in default_list]
    trash_list = client.get(URL, params={"status": "trashed"}, headers=editor_headers).json()[
        "items"
    ]
    assert [a["id"] for a in trash_list] == [article.id]
    history = client.get(f"{url}/history", headers=editor_headers).json()
    assert [h["action"] for h in history] == ["create", "publish", "trash"]
    assert history[2]["from_status"] == "published"


def test_history_records_who_and_what(client: TestClient, factory: Factory) -> None:
    editor = factory.user(Role.editor)
    headers = factory.headers(editor)
    created = _create(client, headers, title="Lịch sử", category_id=factory.default_category().id)
    url = f"{URL}/{created['id']}"
    etag = client.get(url, headers=headers).headers["etag"]
    client.patch(url, json={"summary": "Mới"}, headers={**headers, "If-Match": etag})
    history = client.get(f"{url}/history", headers=headers).json()
    assert [(h["action"], h["version"], h["actor_id"]) for h in history] == [
        ("create", "0.1", editor.id),
        ("update", "0.2", editor.id),
    ]


def test_admin_list_filters(
    client: TestClient, factory: Factory, editor_headers: dict[str, str]
) -> None:
    parent = factory.category("Kinh tế")
    child = factory.category("Nông nghiệp", parent_id=parent.id)
    other = factory.category("Giáo dục")
    author = factory.user(Role.contributor)
    in_child = factory.article(
        title="Đồng Tháp đẩy mạnh xuất khẩu gạo", category_id=child.id, author=author
    )
    in_parent = factory.article(
        title="Giá lúa bán ra tăng", category_id=parent.id, status=ArticleStatus.published
    )
    factory.article(title="Khai giảng năm học mới", category_id=other.id)

    def ids(**params: object) -> list[int]:
        response = client.get(URL, params=params, headers=editor_headers)
        assert response.status_code == 200
        return [a["id"] for a in response.json()["items"]]

    assert ids(category_id=parent.id) == [in_parent.id, in_child.id]
    assert ids(status="published") == [in_parent.id]
    assert ids(author_id=author.id) == [in_child.id]
    assert ids(q="dong thap") == [in_child.id]
    assert ids(q="ĐỒNG THÁP") == [in_child.id]


@pytest.mark.parametrize("window", [1, 3, 100])
def test_title_search_pages_are_exact_whether_the_newest_window_fills_them_or_not(
    client: TestClient,
    factory: Factory,
    editor_headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    window: int,
) -> None:
    """The search looks among the newest ids first (service.NEWEST_WINDOW) and scans every
    title otherwise: with matches inside and outside that window, on every page, the answer
    is the same list, newest first, trash left out."""
    from app.articles import service

    monkeypatch.setattr(service, "NEWEST_WINDOW", window)
    titles = ["Châu Đốc mùa nước nổi", "Khai giảng", "Lễ hội Bà Chúa Xứ Châu Đốc", "Giá lúa",
              "Giá lúa", "CHÂU ĐỐC đón khách", "Thể thao", "Châu Đốc về đêm"]  # fmt: skip
    made = [factory.article(title=t) for t in titles]
    factory.article(title="Châu Đốc trong thùng rác", status=ArticleStatus.trashed)
    expected = [a.id for a in reversed(made) if "chau doc" in a.title_folded]
    assert len(expected) == 4
    seen: list[int] = []
    cursor = None
    for _ in range(10):
        params: dict[str, object] = {"q": "chau doc", "limit": 2}
        response = client.get(URL, params=params | ({"cursor": cursor} if cursor else {}),
                              headers=editor_headers)  # fmt: skip
        seen += [a["id"] for a in response.json()["items"]]
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == expected


def test_admin_list_cursor_pagination(
    client: TestClient, factory: Factory, editor_headers: dict[str, str]
) -> None:
    created = [factory.article().id for _ in range(5)]
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, object] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        response = client.get(URL, params=params, headers=editor_headers)
        page = response.json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            assert "link" not in response.headers
            break
        assert 'rel="next"' in response.headers["link"]
    assert seen == sorted(created, reverse=True)


def test_contributor_edits_only_own_drafts(client: TestClient, factory: Factory) -> None:
    writer = factory.user(Role.contributor)
    headers = factory.headers(writer)
    own = _create(client, headers, title="Bài của tôi", category_id=factory.default_category().id)
    assert own["author_id"] == writer.id
    url = f"{URL}/{own['id']}"
    etag = client.get(url, headers=headers).headers["etag"]
    assert (
        client.patch(
            url, json={"summary": "sửa"}, headers={**headers, "If-Match": etag}
        ).status_code
        == 200
    )

    someone_elses = factory.article()
    # Not theirs: invisible, so 404 rather than 403.
    assert client.get(f"{URL}/{someone_elses.id}", headers=headers).status_code == 404
    assert (
        client.patch(
            f"{URL}/{someone_elses.id}",
            json={"summary": "x"},
            headers={**headers, "If-Match": '"x"'},
        ).status_code
        == 404
    )
    assert [a["id"] for a in client.get(URL, headers=headers).json()["items"]] == [own["id"]]

    published_own = factory.article(author=writer, status=ArticleStatus.published)
    etag = client.get(f"{URL}/{published_own.id}", headers=headers).headers["etag"]
    forbidden = client.patch(
        f"{URL}/{published_own.id}", json={"summary": "x"}, headers={**headers, "If-Match": etag}
    )
    assert forbidden.status_code == 403
    assert forbidden.json()["status"] == 403

    # Contributors cannot trash, nor file work under someone else's name.
    etag = client.get(url, headers=headers).headers["etag"]
    assert client.delete(url, headers={**headers, "If-Match": etag}).status_code == 403
    other_author = factory.user(Role.contributor)
    assert (
        client.post(
            URL,
            json={
                "title": "x",
                "category_id": factory.default_category().id,
                "author_id": other_author.id,
            },
            headers=headers,
        ).status_code
        == 403
    )


def test_editor_edits_anyones_article(
    client: TestClient, factory: Factory, editor_headers: dict[str, str]
) -> None:
    article = factory.article(author=factory.user(Role.contributor), status=ArticleStatus.published)
    url = f"{URL}/{article.id}"
    etag = client.get(url, headers=editor_headers).headers["etag"]
    assert (
        client.patch(
            url, json={"summary": "biên tập"}, headers={**editor_headers, "If-Match": etag}
        ).status_code
        == 200
    )


def test_admin_endpoints_require_a_valid_token(client: TestClient, factory: Factory) -> None:
    assert client.get(URL).status_code == 401
    assert client.get(URL, headers={"Authorization": "Bearer not-a-jwt"}).status_code == 401
    user = factory.user(Role.editor)
    headers = factory.headers(user)
    user.is_active = False
    factory.session.flush()
    response = client.get(URL, headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_admin_read_answers_if_none_match(
    client: TestClient, factory: Factory, editor_headers: dict[str, str]
) -> None:
    article = factory.article()
    url = f"{URL}/{article.id}"
    etag = client.get(url, headers=editor_headers).headers["etag"]
    assert client.get(url, headers={**editor_headers, "If-None-Match": etag}).status_code == 304


def test_scheduled_in_future_is_not_live_in_admin_view(
    client: TestClient, factory: Factory, editor_headers: dict[str, str]
) -> None:
    future = datetime.now(UTC) + timedelta(days=1)
    article = factory.article(status=ArticleStatus.published, publish_at=future)
    assert client.get(f"{URL}/{article.id}", headers=editor_headers).json()["is_live"] is False


def test_empty_patch_saves_no_new_version(
    client: TestClient, factory: Factory, editor_headers: dict[str, str]
) -> None:
    article = factory.article()
    url = f"{URL}/{article.id}"
    etag = client.get(url, headers=editor_headers).headers["etag"]
    response = client.patch(url, json={}, headers={**editor_headers, "If-Match": etag})
    assert response.status_code == 200
    assert response.json()["version"] == "0.1"
    assert response.headers["etag"] == etag
