"""An article's royalty over HTTP: suggestions from the rate table in force on the publish
date, shares, caps, overrides, the article's totals, and optimistic concurrency."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import Role, User
from app.articles.models import ArticleStatus
from app.core.db import utcnow
from tests.factories import Factory
from tests.royalties.conftest import (
    AFTER_CHANGE,
    BEFORE_CHANGE,
    photographer,
    put_lines,
    url,
    writer,
)

pytestmark = pytest.mark.usefixtures("rate_tables")


@pytest.fixture
def editor(factory: Factory) -> User:
    return factory.user(Role.editor, display_name="Biên tập Hồng Nhung")


@pytest.fixture
def headers(factory: Factory, editor: User) -> dict[str, str]:
    return factory.headers(editor)


def _team(factory: Factory) -> tuple[User, User]:
    return (
        factory.user(Role.contributor, display_name="Trung Hiếu"),
        factory.user(Role.contributor, display_name="Lê Thị Ngọc Ánh"),
    )


def test_worked_example_before_and_after_a_mid_month_rate_change(
    client: TestClient, factory: Factory, headers: dict[str, str]
) -> None:
    """Two co-writers (60/40) of 2 page units at grade B and a photographer of 3 photos at
    grade A, on two articles published an hour apart across the rate change.

    Before (180,000 VND): text 2 × 1.0 = 2.0 → 360,000 → 216,000 + 144,000;
                          photos 3 × 0.5 = 1.5 → 270,000. Total 630,000.
    After (234,000 VND):  text 2.0 → 468,000 → 280,800 + 187,200;
                          photos 1.5 → 351,000. Total 819,000.
    """
    hieu, anh = _team(factory)
    lines = [writer(hieu.id, 60), writer(anh.id, 40), photographer("Nguyễn Văn Ảnh")]
    expected = {
        BEFORE_CHANGE: ("2026-11-14", 180_000, [216_000, 144_000, 270_000], 630_000),
        AFTER_CHANGE: ("2026-11-15", 234_000, [280_800, 187_200, 351_000], 819_000),
    }
    for published, (basis, unit, amounts, total) in expected.items():
        article = factory.article(status=ArticleStatus.published, publish_at=published)
        response = put_lines(client, headers, article.id, lines)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["basis"] == "publish_date"
        assert body["basis_date"] == basis
        assert body["rate_table"]["unit_value"] == unit
        assert [line["suggested_amount"] for line in body["lines"]] == amounts
        assert [line["amount"] for line in body["lines"]] == amounts
        assert [line["coefficient"] for line in body["lines"]] == ["2.000", "2.000", "1.500"]
        assert [line["share_percent"] for line in body["lines"]] == ["60.00", "40.00", "100.00"]
        assert [line["payee_name"] for line in body["lines"]] == [
            "Trung Hiếu", "Lê Thị Ngọc Ánh", "Nguyễn Văn Ảnh",
        ]  # fmt: skip
        assert (body["page_count"], body["photo_count"]) == (2, 3)
        assert body["total_amount"] == body["lines_amount"] == total
        # The article's own fields are the totals.
        shown = client.get(f"/v1/admin/articles/{article.id}", headers=headers).json()
        assert (shown["page_count"], shown["photo_count"], shown["royalty_amount"]) == (
            2, 3, total,
        )  # fmt: skip


def test_caps_limit_the_units_and_the_coefficient(
    client: TestClient, factory: Factory, headers: dict[str, str]
) -> None:
    # Grade A news: 6 page units count as 4 (× 1.5 = 6.0) and 12 photos as 10 (× 0.5 = 5.0);
    # 11.0 is over the 8.0 cap: 8.0 × 180,000 = 1,440,000.
    article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    line = {"payee_name": "Phạm Quang", "role": "writer", "grade": "A", "page_units": 6,
            "photos": 12}  # fmt: skip
    body = put_lines(client, headers, article.id, [line]).json()
    assert body["lines"][0]["coefficient"] == "8.000"
    assert body["lines"][0]["amount"] == 1_440_000
    # The article's units are what was delivered, not what the caps counted.
    assert (body["page_count"], body["photo_count"]) == (6, 12)


@pytest.mark.parametrize(
    ("shares", "message"),
    [(["60", "30"], "add up to 90.00%"), (["60", "50"], "add up to 110.00%")],
)
def test_shares_of_a_contribution_must_make_100_percent(
    client: TestClient, factory: Factory, headers: dict[str, str], shares, message
) -> None:
    article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    response = put_lines(
        client, headers, article.id, [writer("Người A", shares[0]), writer("Người B", shares[1])]
    )
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert response.json()["errors"][0]["loc"] == ["body", "lines", 1, "share_percent"]
    # Nothing was stored.
    assert client.get(url(article.id), headers=headers).json()["lines"] == []


def test_each_contribution_makes_its_own_100_percent(
    client: TestClient, factory: Factory, headers: dict[str, str]
) -> None:
    # Two photographers with their own photos: separate contributions, 100% each.
    article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    lines = [
        photographer("Ảnh Một", contribution="ảnh trang 1"),
        photographer("Ảnh Hai", contribution="ảnh trang 2", grade="B", photos=2),
    ]
    body = put_lines(client, headers, article.id, lines).json()
    # 3 × 0.5 = 1.5 → 270,000; 2 × 0.4 = 0.8 → 144,000
    assert [x["amount"] for x in body["lines"]] == [270_000, 144_000]
    assert body["photo_count"] == 5


@pytest.mark.parametrize(
    ("lines", "fragment"),
    [
        ([writer("A", 50), writer("B", 50, page_units=3)], "same grade, page_units and photos"),
        ([writer("A", 50), writer("a", 50)], "listed twice"),
        ([writer("A", 100, grade="Z")], "has no grade 'Z' for 'news' (it has: A, B)"),
        ([writer(2**31 - 1)], "payee_user_id must name a staff user"),
    ],
)
def test_inconsistent_lines_are_422(
    client: TestClient, factory: Factory, headers: dict[str, str], lines, fragment
) -> None:
    article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    response = put_lines(client, headers, article.id, lines)
    assert response.status_code == 422, response.text
    assert fragment in response.json()["detail"]


@pytest.mark.parametrize(
    "line",
    [
        {"payee_name": "A", "payee_user_id": 1, "role": "writer", "grade": "B"},
        {"role": "writer", "grade": "B"},
        {"payee_name": "A", "role": "writer", "grade": "B", "override_amount": 5},
        {"payee_name": "A", "role": "writer", "grade": "B", "override_reason": "vì"},
        {"payee_name": "A", "role": "writer", "grade": "B", "share_percent": "33.333"},
        {"payee_name": "A", "role": "writer", "grade": "B", "share_percent": 0},
        {"payee_name": "   ", "role": "writer", "grade": "B"},
        {"payee_name": "A", "role": "writer", "grade": "B", "page_units": -1},
        {"payee_name": "A", "role": "writer", "grade": "B", "amount": 5},
    ],
)
def test_malformed_lines_are_422(
    client: TestClient, factory: Factory, headers: dict[str, str], line
) -> None:
    article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    response = put_lines(client, headers, article.id, [line])
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_override_replaces_the_suggestion_with_a_reason(
    client: TestClient, factory: Factory, headers: dict[str, str]
) -> None:
    article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    lines = [
        writer("Trần Bình", override_amount=500_000, override_reason="Bài điều tra đặc biệt"),
        # No rate for grade Z, but an override needs none.
        photographer("Ảnh Ba", grade="Z", override_amount=100_000, override_reason="Ảnh tư liệu"),
    ]
    body = put_lines(client, headers, article.id, lines).json()
    first, second = body["lines"]
    assert (first["suggested_amount"], first["override_amount"], first["amount"]) == (
        360_000, 500_000, 500_000,
    )  # fmt: skip
    assert first["override_reason"] == "Bài điều tra đặc biệt"
    assert (second["suggested_amount"], second["coefficient"], second["amount"]) == (
        None, None, 100_000,
    )  # fmt: skip
    assert body["total_amount"] == 600_000


def test_an_unpublished_article_goes_by_today_until_it_is_published(
    client: TestClient, factory: Factory, headers: dict[str, str], db: Session
) -> None:
    article = factory.article()  # a draft: no publish date yet
    body = put_lines(client, headers, article.id, [writer("Hà Giang")]).json()
    assert body["basis"] == "today"
    assert body["rate_table"]["unit_value"] == 234_000  # today is after 15 November 2026
    assert body["total_amount"] == 468_000
    etag_before = client.get(url(article.id), headers=headers).headers["ETag"]

    # Published with a date before the change: the draft royalty follows that date.
    db.refresh(article)  # the request above moved its lock_version on
    factory.transition(article, "publish", publish_at=BEFORE_CHANGE)
    body = client.get(url(article.id), headers=headers).json()
    assert (body["basis"], body["basis_date"]) == ("publish_date", "2026-11-14")
    assert body["total_amount"] == 360_000
    article_body = client.get(f"/v1/admin/articles/{article.id}", headers=headers).json()
    assert article_body["royalty_amount"] == 360_000
    assert client.get(url(article.id), headers=headers).headers["ETag"] != etag_before


def test_first_publication_date_stays_when_republished(
    client: TestClient, factory: Factory, headers: dict[str, str], db: Session
) -> None:
    article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    put_lines(client, headers, article.id, [writer("Hà Giang")])
    db.refresh(article)
    factory.transition(article, "unpublish")
    factory.transition(article, "publish", publish_at=utcnow() - timedelta(minutes=1))
    body = client.get(url(article.id), headers=headers).json()
    assert body["basis_date"] == "2026-11-14"
    assert body["total_amount"] == 360_000


def test_a_schedule_taken_back_before_going_live_is_not_a_publication(factory: Factory, db) -> None:
    article = factory.article(
        status=ArticleStatus.scheduled, publish_at=utcnow() + timedelta(days=2)
    )
    assert article.first_published_at == article.publish_at
    factory.transition(article, "unpublish")
    assert article.first_published_at is None


def test_changing_the_article_type_recomputes_a_draft(
    client: TestClient, factory: Factory, headers: dict[str, str]
) -> None:
    article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    put_lines(client, headers, article.id, [writer("Hà Giang")])
    etag = client.get(f"/v1/admin/articles/{article.id}", headers=headers).headers["ETag"]
    response = client.patch(
        f"/v1/admin/articles/{article.id}",
        json={"article_type": "commentary"},
        headers={**headers, "If-Match": etag},
    )
    assert response.status_code == 200, response.text
    # commentary grade B: 2 × 2.0 = 4.0 → 720,000
    assert response.json()["royalty_amount"] == 720_000
    assert client.get(url(article.id), headers=headers).json()["total_amount"] == 720_000


def test_article_totals_belong_to_the_royalty_once_it_has_lines(
    client: TestClient, factory: Factory, headers: dict[str, str]
) -> None:
    article = factory.article(
        status=ArticleStatus.published, publish_at=BEFORE_CHANGE,
        content_html="<p>x</p><img src='/a.jpg'><img src='/b.jpg'>",
    )  # fmt: skip
    assert (article.photo_count, article.photo_count_manual) == (2, False)
    article_url = f"/v1/admin/articles/{article.id}"
    before = client.get(article_url, headers=headers).headers["ETag"]
    put_lines(client, headers, article.id, [writer("Hà Giang", photos=1)])
    after = client.get(article_url, headers=headers)
    assert after.headers["ETag"] != before  # the article's representation changed
    assert (after.json()["photo_count"], after.json()["royalty_amount"]) == (1, 360_000 + 72_000)

    def patch(body: dict) -> int:
        etag = client.get(article_url, headers=headers).headers["ETag"]
        return client.patch(
            article_url, json=body, headers={**headers, "If-Match": etag}
        ).status_code

    # The article never takes royalty figures, not even the current ones (docs/royalties.md).
    assert patch({"royalty_amount": 1}) == 422
    assert patch({"page_count": 7}) == 422
    assert patch({"photo_count": None}) == 422
    assert patch({"royalty_amount": 432_000, "title": "Sửa tiêu đề"}) == 422
    assert patch({"title": "Sửa tiêu đề"}) == 200
    # More images in the content no longer move photo_count: the royalty counted the photos.
    assert patch({"content_html": "".join(f"<img src='/c{i}.jpg'>" for i in range(5))}) == 200
    assert client.get(article_url, headers=headers).json()["photo_count"] == 1

    # Removing every line hands the totals back to the article.
    put_lines(client, headers, article.id, [])
    shown = client.get(article_url, headers=headers).json()
    assert (shown["page_count"], shown["photo_count"], shown["royalty_amount"]) == (0, 5, 0)
    assert patch({"royalty_amount": 1}) == 422


def test_restoring_a_revision_leaves_the_royalty_totals_alone(
    client: TestClient, factory: Factory, headers: dict[str, str]
) -> None:
    article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    put_lines(client, headers, article.id, [writer("Hà Giang")])
    article_url = f"/v1/admin/articles/{article.id}"
    etag = client.get(article_url, headers=headers).headers["ETag"]
    response = client.post(
        f"{article_url}/revisions/1/restore", headers={**headers, "If-Match": etag}
    )
    assert response.status_code == 200, response.text
    assert (response.json()["page_count"], response.json()["royalty_amount"]) == (2, 360_000)


def test_writes_need_the_current_etag(
    client: TestClient, factory: Factory, headers: dict[str, str]
) -> None:
    article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    body = {"lines": [writer("Hà Giang")]}
    assert client.put(url(article.id), json=body, headers=headers).status_code == 428
    first = client.get(url(article.id), headers=headers)
    assert first.headers["ETag"] == f'"r{article.id}.0.20261114"'
    ok = client.put(
        url(article.id), json=body, headers={**headers, "If-Match": first.headers["ETag"]}
    )
    assert ok.status_code == 200
    assert ok.headers["ETag"] == f'"r{article.id}.1.20261114"'
    stale = client.put(
        url(article.id),
        json={"lines": [writer("Người khác")]},
        headers={**headers, "If-Match": first.headers["ETag"]},
    )
    assert stale.status_code == 412
    assert (
        client.get(url(article.id), headers=headers).json()["lines"][0]["payee_name"] == "Hà Giang"
    )
    # A conditional read of an unchanged royalty is a 304.
    again = client.get(url(article.id), headers={**headers, "If-None-Match": ok.headers["ETag"]})
    assert again.status_code == 304


def test_an_article_that_does_not_exist_is_404(client: TestClient, headers: dict[str, str]) -> None:
    assert client.get(url(2**31 - 1), headers=headers).status_code == 404


def test_saving_no_lines_on_a_new_royalty_leaves_the_article_alone(
    client: TestClient, factory: Factory, headers: dict[str, str]
) -> None:
    article = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    # Typed in before royalties existed (e.g. imported from SharePoint), straight into the row.
    article.page_count, article.photo_count, article.royalty_amount = 3, 4, 250_000
    article.photo_count_manual = True
    factory.session.add(article)
    factory.session.flush()
    assert put_lines(client, headers, article.id, []).status_code == 200
    shown = client.get(f"/v1/admin/articles/{article.id}", headers=headers).json()
    assert (shown["page_count"], shown["photo_count"], shown["royalty_amount"]) == (3, 4, 250_000)
