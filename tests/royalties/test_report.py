"""The royalty report: what is in the period, grouping, totals equal to the sum of the lines,
and a CSV that survives a round trip through Python's csv module with Vietnamese intact."""

import csv
import io
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from app.accounts.models import Role, User
from app.articles.models import Article, ArticleStatus
from app.core.db import utcnow
from tests.factories import Factory
from tests.royalties.conftest import (
    AFTER_CHANGE,
    BEFORE_CHANGE,
    photographer,
    post,
    put_lines,
    writer,
)

pytestmark = pytest.mark.usefixtures("rate_tables")
REPORT = "/v1/admin/reports/royalties"
NOVEMBER = "from=2026-11-01&to=2026-11-30"
# 00:30 on 1 November in Vietnam, and 23:30 on 31 October.
FIRST_MINUTES_OF_NOVEMBER = datetime(2026, 10, 31, 17, 30, tzinfo=UTC)
LAST_MINUTES_OF_OCTOBER = datetime(2026, 10, 31, 16, 30, tzinfo=UTC)


@pytest.fixture
def editor(factory: Factory) -> dict[str, str]:
    return factory.headers(factory.user(Role.editor))


@pytest.fixture
def month(client: TestClient, factory: Factory, editor: dict[str, str]) -> dict[str, object]:
    """Three items with royalties published in November, and some that are not in it."""
    hieu = factory.user(Role.contributor, display_name="Trung Hiếu")
    culture = factory.category("Văn hóa – Xã hội")

    def published(when: datetime, title: str, **fields: object) -> Article:
        return factory.article(
            status=ArticleStatus.published, publish_at=when, title=title, **fields
        )

    # 180,000 VND table: text 2.0 → 360,000 split 216,000 / 144,000; photos 1.5 → 270,000.
    a1 = published(FIRST_MINUTES_OF_NOVEMBER, "Đại hội Đảng bộ tỉnh An Giang")
    lines = [
        writer(hieu.id, 60),
        # Typed decomposed (as macOS and Unikey "tổ hợp" send it): stored composed.
        writer(unicodedata.normalize("NFD", "Lê Thị Ngọc Ánh"), 40),
        photographer("Nguyễn Văn Ảnh"),
    ]
    assert put_lines(client, editor, a1.id, lines).status_code == 200
    assert post(client, editor, a1.id, "/approve").status_code == 200
    bonus = {"payee_user_id": hieu.id, "amount": 50_000, "reason": "Thưởng tin nhanh"}
    adjusted = post(client, editor, a1.id, "/adjustments", bonus)
    assert adjusted.status_code == 201
    # 234,000 VND table, commentary grade B: 1 page × 2.0 → 468,000 (a draft).
    a2 = published(AFTER_CHANGE, "Bình luận: Chuyển đổi số ở Đồng Tháp",
                   article_type="commentary", category_id=culture.id)  # fmt: skip
    put_lines(client, editor, a2.id, [writer(hieu.id, page_units=1)])
    # 180,000 VND table, news grade B: 1 page → 180,000; a payee name a spreadsheet would run.
    a3 = published(BEFORE_CHANGE, "Lễ hội Bà Chúa Xứ núi Sam", category_id=culture.id)
    put_lines(client, editor, a3.id, [writer("=SUM(A1)", page_units=1)])

    # Not in November's report: published a minute before it, scheduled (not yet
    # published), published without a royalty.
    october = published(LAST_MINUTES_OF_OCTOBER, "Tin tháng Mười")
    put_lines(client, editor, october.id, [writer("Ngoài kỳ")])
    scheduled = factory.article(
        status=ArticleStatus.scheduled, publish_at=utcnow() + timedelta(hours=1),
        title="Tin hẹn giờ",
    )  # fmt: skip
    put_lines(client, editor, scheduled.id, [writer("Chưa đăng")])
    published(AFTER_CHANGE, "Tin không có nhuận bút")
    return {"hieu": hieu, "a1": a1, "a2": a2, "a3": a3, "culture": culture}


def _lines_total(report: dict) -> int:
    return sum(line["amount"] for g in report["groups"] for i in g["items"] for line in i["lines"])


def test_grouped_by_author(client: TestClient, editor: dict[str, str], month) -> None:
    report = client.get(f"{REPORT}?{NOVEMBER}&group_by=author", headers=editor).json()
    groups = {g["label"]: g for g in report["groups"]}
    assert [g["label"] for g in report["groups"]] == [
        "=SUM(A1)", "Lê Thị Ngọc Ánh", "Nguyễn Văn Ảnh", "Trung Hiếu",
    ]  # fmt: skip
    hieu = groups["Trung Hiếu"]
    assert hieu["key"] == f"user:{month['hieu'].id}"
    assert [(i["article_id"], i["amount"]) for i in hieu["items"]] == [
        (month["a1"].id, 216_000 + 50_000), (month["a2"].id, 468_000),
    ]  # fmt: skip
    assert hieu["amount"] == 734_000
    assert hieu["page_units"] == 3  # 2 (shared text of a1) + 1
    assert groups["Lê Thị Ngọc Ánh"]["amount"] == 144_000
    assert groups["Nguyễn Văn Ảnh"]["amount"] == 270_000
    assert groups["Nguyễn Văn Ảnh"]["photos"] == 3
    assert report["totals"] == {
        "items": 3, "lines": 6, "page_units": 4, "photos": 3,
        "amount": 1_328_000, "approved_amount": 680_000,
    }  # fmt: skip
    assert _lines_total(report) == report["totals"]["amount"]
    assert sum(g["amount"] for g in report["groups"]) == report["totals"]["amount"]


@pytest.mark.parametrize(
    ("group_by", "expected"),
    [
        ("category", {"Thời sự": 680_000, "Văn hóa – Xã hội": 648_000}),
        ("article_type", {"commentary": 468_000, "news": 860_000}),
    ],
)
def test_grouped_by_category_and_type(
    client: TestClient, editor: dict[str, str], month, group_by, expected
) -> None:
    report = client.get(f"{REPORT}?{NOVEMBER}&group_by={group_by}", headers=editor).json()
    assert {g["label"]: g["amount"] for g in report["groups"]} == expected
    for group in report["groups"]:
        assert group["amount"] == sum(i["amount"] for i in group["items"])
        for item in group["items"]:
            assert item["amount"] == sum(line["amount"] for line in item["lines"])
    assert _lines_total(report) == report["totals"]["amount"] == 1_328_000
    first = report["groups"][0]["items"][0] if group_by == "category" else None
    if first is not None:  # items keep their lines, adjustments included
        assert [line["kind"] for line in first["lines"]] == ["line", "line", "line", "adjustment"]
        assert first["royalty_status"] == "approved"
        assert first["published_at"] == "2026-10-31T17:30:00Z"


def test_approved_only(client: TestClient, editor: dict[str, str], month) -> None:
    report = client.get(f"{REPORT}?{NOVEMBER}&approved_only=true", headers=editor).json()
    assert report["totals"]["amount"] == report["totals"]["approved_amount"] == 680_000


def test_category_editors_see_their_categories(client: TestClient, factory: Factory, month) -> None:
    culture_editor = factory.user(role=None)
    factory.grant(culture_editor, month["culture"], Role.editor)
    report = client.get(
        f"{REPORT}?{NOVEMBER}&group_by=category", headers=factory.headers(culture_editor)
    ).json()
    assert [g["label"] for g in report["groups"]] == ["Văn hóa – Xã hội"]
    assert report["totals"]["amount"] == 648_000


def test_csv_round_trips_with_vietnamese_intact(
    client: TestClient, editor: dict[str, str], month
) -> None:
    response = client.get(f"{REPORT}?{NOVEMBER}&group_by=author&format=csv", headers=editor)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="royalties-2026-11-01-2026-11-30-author.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    json_report = client.get(f"{REPORT}?{NOVEMBER}&group_by=author", headers=editor).json()

    lines = [r for r in rows if r["kind"] in ("line", "adjustment")]
    assert len(lines) == json_report["totals"]["lines"] == 6
    (total,) = [r for r in rows if r["kind"] == "total"]
    assert int(total["amount"]) == sum(int(r["amount"]) for r in lines) == 1_328_000
    subtotals = {r["group"]: int(r["amount"]) for r in rows if r["kind"] == "subtotal"}
    assert subtotals == {
        ("'" if g["label"].startswith("=") else "") + g["label"]: g["amount"]
        for g in json_report["groups"]
    }
    names = {r["payee"] for r in lines}
    assert {"Lê Thị Ngọc Ánh", "Nguyễn Văn Ảnh", "Trung Hiếu"} <= names
    assert all(unicodedata.is_normalized("NFC", r["payee"]) for r in lines)
    titles = {r["title"] for r in lines}
    assert "Đại hội Đảng bộ tỉnh An Giang" in titles
    assert "Bình luận: Chuyển đổi số ở Đồng Tháp" in titles
    a1_rows = [r for r in lines if r["article_id"] == str(month["a1"].id)]
    assert {r["published_on"] for r in a1_rows} == {"2026-11-01"}  # the site's calendar day
    # Rows come group by group (here: payee by payee).
    assert sorted(r["share_percent"] for r in a1_rows if r["kind"] == "line") == [
        "100.00", "40.00", "60.00",
    ]  # fmt: skip
    # Text that would run as a formula is kept as text.
    assert "'=SUM(A1)" in names
    assert "=SUM(A1)" not in names


def test_period_boundaries_and_defaults(client: TestClient, editor: dict[str, str]) -> None:
    for query in ("from=2026-11-30&to=2026-11-01", "from=2020-01-01&to=2026-01-01",
                  "from=0001-01-01&to=0001-01-02", "from=yesterday", "group_by=payee",
                  "format=xlsx"):  # fmt: skip
        response = client.get(f"{REPORT}?{query}", headers=editor)
        assert response.status_code == 422, query
        assert response.headers["content-type"] == "application/problem+json"
    default = client.get(REPORT, headers=editor).json()
    today = utcnow().astimezone(UTC) + timedelta(hours=7)
    assert default["from_date"] == today.date().replace(day=1).isoformat()
    assert default["to_date"][:7] == default["from_date"][:7]
    february = client.get(f"{REPORT}?from=2028-02-01", headers=editor).json()
    assert february["to_date"] == "2028-02-29"


def test_payees_are_grouped_by_user_not_by_spelling(
    client: TestClient, factory: Factory, editor: dict[str, str]
) -> None:
    renamed: User = factory.user(Role.contributor, display_name="Tên cũ")
    article = factory.article(status=ArticleStatus.published, publish_at=AFTER_CHANGE)
    put_lines(
        client, editor, article.id, [writer(renamed.id), writer("hà giang", contribution="x")]
    )
    other = factory.article(status=ArticleStatus.published, publish_at=AFTER_CHANGE)
    put_lines(client, editor, other.id, [writer("Hà Giang")])
    report = client.get(f"{REPORT}?{NOVEMBER}", headers=editor).json()
    assert sorted(g["key"] for g in report["groups"]) == ["name:hà giang", f"user:{renamed.id}"]
    (giang,) = [g for g in report["groups"] if g["key"] == "name:hà giang"]
    assert len(giang["items"]) == 2
