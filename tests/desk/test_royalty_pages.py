"""Royalties in the desk: an article's lines saved and approved through the API's services
(what the API then shows), the stale-page 412 that keeps what was typed, adjustments, the rate
tables, the monthly report equal to the API's (totals and CSV), and the API's refusals for
whoever may not."""

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from markupsafe import escape
from sqlmodel import Session, select

from app.accounts.models import Role, User
from app.articles.models import Article, ArticleStatus
from app.core.db import utcnow
from app.desk import royalty_forms as pages
from app.desk.i18n import _
from app.royalties import hooks
from app.royalties.models import ArticleRoyalty, RoyaltyRateTable
from app.royalties.schemas import RateTableIn
from app.royalties.suggestions import site_date
from tests.desk.pages import csrf_of, sign_in
from tests.factories import Factory
from tests.royalties.conftest import BEFORE_CHANGE, photographer, put_lines, rate_table_body, writer

FORBIDDEN = "You may not do this."


def _shows(page: Response, message: str) -> bool:
    return str(escape(message)) in page.text


def _version(page: Response) -> str:
    found = re.search(r'name="version" value="([^"]*)"', page.text)
    assert found, page.text
    return html.unescape(found[1])


@pytest.fixture
def tables(db: Session, factory: Factory) -> list[RoyaltyRateTable]:
    """180,000 VND per 1 of coefficient from 1 January 2026, 234,000 from 15 November."""
    return [
        hooks.create_rate_table(
            db,
            data=RateTableIn.model_validate(rate_table_body(name, day, unit)),
            actor=factory.admin_principal(),
        )
        for name, day, unit in (
            ("Bảng 2026", "2026-01-01", 180_000),
            ("Bảng từ 15/11/2026", "2026-11-15", 234_000),
        )
    ]


@pytest.fixture
def editor(client: TestClient, factory: Factory) -> User:
    user = factory.user(Role.editor, display_name="Biên tập Hồng Nhung")
    sign_in(client, user)
    return user


def _published(factory: Factory, **fields: Any) -> Article:
    return factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE, **fields)


def _row(payee: int | str, role: str = "writer", grade: str = "B", **cells: str) -> dict[str, str]:
    """One line of the form: a staff user by id, anyone else by name."""
    key = "payee_user_id" if isinstance(payee, int) else "payee_name"
    return {key: str(payee), "role": role, "grade": grade, **cells}


def _lines(*rows: dict[str, str], **extra: list[str]) -> dict[str, list[str]]:
    """Form fields of the lines table: one list per column, as the browser posts it."""
    return {c: [row.get(c, "") for row in rows] for c in pages.LINE_COLUMNS} | extra


def _api(client: TestClient, factory: Factory, user: User, article: Article) -> Any:
    return client.get(f"/v1/admin/articles/{article.id}/royalty", headers=factory.headers(user))


# --- an article's royalty ----------------------------------------------------------------------


def test_an_editor_enters_the_lines_approves_and_adjusts(
    client: TestClient, factory: Factory, db: Session, tables: list[Any], editor: User
) -> None:
    hieu = factory.user(Role.contributor, display_name="Trung Hiếu")
    article = _published(factory, title="Đại hội Đảng bộ tỉnh")
    form = client.get(f"/desk/articles/{article.id}")
    assert f'href="/desk/articles/{article.id}/royalty" id="article-royalty"' in form.text
    page = client.get(f"/desk/articles/{article.id}/royalty")
    assert page.status_code == 200
    assert _version(page) == _api(client, factory, editor, article).headers["etag"]
    base = {"csrf_token": csrf_of(page), "version": _version(page)}

    # "Add a line" shows one more empty row and saves nothing.
    typed = _lines(_row(hieu.id or 0, page_units="2", share_percent="60"))
    more = client.post(f"/desk/articles/{article.id}/royalty", data={**base, **typed, "add": "1"})
    assert more.status_code == 200
    assert more.text.count('name="role"') == 2
    assert db.exec(select(ArticleRoyalty)).all() == []

    # Text by two co-writers (60/40) and photos; a fourth line is ticked for removal.
    lines = _lines(
        _row(hieu.id or 0, page_units="2", share_percent="60"),
        _row("Lê Thị Ngọc Ánh", page_units="2", share_percent="40,0"),
        _row("Nguyễn Văn Ảnh", "photographer", "A", photos="3"),
        _row("Bỏ đi", page_units="9"),
        remove=["3"],
    )
    saved = client.post(
        f"/desk/articles/{article.id}/royalty", data={**base, **lines}, follow_redirects=False
    )
    assert saved.status_code == 303, saved.text
    api = _api(client, factory, editor, article).json()
    assert [(x["payee_name"], x["suggested_amount"], x["amount"]) for x in api["lines"]] == [
        ("Trung Hiếu", 216_000, 216_000),
        ("Lê Thị Ngọc Ánh", 144_000, 144_000),
        ("Nguyễn Văn Ảnh", 270_000, 270_000),
    ]
    assert (api["status"], api["total_amount"], api["rate_table"]["unit_value"]) == (
        "draft",
        630_000,
        180_000,
    )
    shown = client.get(saved.headers["location"])
    assert _shows(shown, _("Saved."))
    assert 'id="total-amount"><strong>630.000 đ</strong>' in shown.text
    assert "<td>1,5</td><td>270.000 đ</td>" in shown.text  # coefficient and suggestion

    approved = client.post(
        f"/desk/articles/{article.id}/royalty/approve",
        data={"csrf_token": base["csrf_token"], "version": _version(shown)},
        follow_redirects=False,
    )
    assert approved.status_code == 303
    assert _api(client, factory, editor, article).json()["status"] == "approved"
    frozen = client.get(approved.headers["location"])
    assert 'id="lines-form"' not in frozen.text  # only adjustments now
    # A forced save of the lines is the service's 409, in Vietnamese.
    refused = client.post(
        f"/desk/articles/{article.id}/royalty",
        data={
            "csrf_token": base["csrf_token"],
            "version": _version(frozen),
            **_lines(_row("X")),
        },
    )
    assert refused.status_code == 409
    assert _shows(refused, _(pages.REFUSALS["royalty_frozen"]))

    bonus = {
        "csrf_token": base["csrf_token"],
        "version": _version(frozen),
        "payee_user_id": str(hieu.id),
        "amount": "50.000",
        "reason": "Thưởng tin nhanh",
    }
    added = client.post(
        f"/desk/articles/{article.id}/royalty/adjustments", data=bonus, follow_redirects=False
    )
    assert added.status_code == 303, added.text
    api = _api(client, factory, editor, article).json()
    assert [(a["payee_name"], a["amount"], a["reason"]) for a in api["adjustments"]] == [
        ("Trung Hiếu", 50_000, "Thưởng tin nhanh")
    ]
    assert api["total_amount"] == 680_000
    page = client.get(added.headers["location"])
    assert 'id="total-amount"><strong>680.000 đ</strong>' in page.text
    # Taking the total below 0 is refused next to the amount, the typing kept.
    below = client.post(
        f"/desk/articles/{article.id}/royalty/adjustments",
        data={**bonus, "version": _version(page), "amount": "-1.000.000"},
    )
    assert below.status_code == 422
    assert 'id="e-amount"' in below.text
    assert 'value="-1.000.000"' in below.text
    assert _api(client, factory, editor, article).json()["total_amount"] == 680_000


def test_refused_lines_come_back_with_the_reason_next_to_the_cell(
    client: TestClient, factory: Factory, tables: list[Any], editor: User
) -> None:
    article = _published(factory)
    page = client.get(f"/desk/articles/{article.id}/royalty")
    base = {"csrf_token": csrf_of(page), "version": _version(page)}
    url = f"/desk/articles/{article.id}/royalty"
    # The schema's rules: a whole number of photos, a reason with an amount given by hand.
    invalid = client.post(
        url,
        data={
            **base,
            **_lines(
                _row("Ánh", "photographer", "A", photos="ba"),
                _row("Hiếu", override_amount="100.000"),
            ),
        },
    )
    assert invalid.status_code == 422
    assert f'id="e-0-photos">{_("A whole number.")}<' in invalid.text
    assert _shows(
        invalid, _("An amount given by hand needs its reason, and a reason needs the amount.")
    )
    assert 'value="ba"' in invalid.text
    # The service's rules: shares of one contribution add up to 100; a grade the table has.
    shares = client.post(
        url,
        data={
            **base,
            **_lines(_row("Ánh", share_percent="50"), _row("Hiếu", share_percent="30")),
        },
    )
    assert shares.status_code == 422
    assert 'id="e-1-share_percent"' in shares.text
    assert _shows(shares, _(pages.REFUSALS["shares_not_100"]))
    grade = client.post(url, data={**base, **_lines(_row("Ánh", grade="Z"))})
    assert grade.status_code == 422
    assert 'id="e-0-grade"' in grade.text
    assert 'value="Z"' in grade.text
    assert _api(client, factory, factory.admin_principal().user, article).json()["lines"] == []


def test_a_stale_save_is_refused_and_keeps_what_was_typed(
    client: TestClient, factory: Factory, tables: list[Any], editor: User
) -> None:
    article = _published(factory)
    page = client.get(f"/desk/articles/{article.id}/royalty")
    # Meanwhile someone else saves through the API.
    theirs = put_lines(client, factory.headers(editor), article.id, [writer("Người khác")])
    assert theirs.status_code == 200
    mine = _lines(_row("Người của tôi", page_units="3"))
    url = f"/desk/articles/{article.id}/royalty"
    stale = client.post(url, data={"csrf_token": csrf_of(page), "version": _version(page), **mine})
    assert stale.status_code == 412
    assert _shows(stale, _(pages.STALE))
    assert 'value="Người của tôi"' in stale.text
    assert 'value="3"' in stale.text
    # Staleness is said first, before what the form itself would refuse.
    both = client.post(
        url, data={"csrf_token": csrf_of(page), "version": _version(page), **mine, "photos": ["ba"]}
    )
    assert both.status_code == 412
    assert _shows(both, _(pages.STALE))
    saved_now = stale.text.split('id="saved-lines"', 1)[1].split("</table>", 1)[0]
    assert "<td>Người khác</td>" in saved_now
    assert "Người của tôi" not in saved_now
    api = _api(client, factory, editor, article)
    assert [x["payee_name"] for x in api.json()["lines"]] == ["Người khác"]
    # The answer carries the current version: saving again is knowing, and wins.
    assert _version(stale) == api.headers["etag"]
    again = client.post(
        url,
        data={"csrf_token": csrf_of(page), "version": _version(stale), **mine},
        follow_redirects=False,
    )
    assert again.status_code == 303
    lines = _api(client, factory, editor, article).json()["lines"]
    assert [(x["payee_name"], x["page_units"]) for x in lines] == [("Người của tôi", 3)]
    # An approval from a page opened before a change is refused too.
    approve = client.post(
        f"/desk/articles/{article.id}/royalty/approve",
        data={"csrf_token": csrf_of(page), "version": _version(page)},
    )
    assert approve.status_code == 412
    assert _api(client, factory, editor, article).json()["status"] == "draft"


def test_who_may_not_manage_royalties_sees_no_link_and_is_refused(
    client: TestClient, factory: Factory, db: Session, tables: list[Any]
) -> None:
    writer_ = factory.user(Role.contributor)
    own = factory.article(author=writer_, title="Bài của tôi")
    others = factory.article(title="Bản nháp của người khác")
    sign_in(client, writer_)
    form = client.get(f"/desk/articles/{own.id}")
    assert form.status_code == 200
    assert "/royalty" not in form.text
    token = csrf_of(form)
    lines = _lines(_row("Tôi", page_units="4"))
    for article, status in ((own, 403), (others, 404)):
        api = client.get(
            f"/v1/admin/articles/{article.id}/royalty", headers=factory.headers(writer_)
        )
        assert api.status_code == status
        url = f"/desk/articles/{article.id}/royalty"
        forced = {
            url: lines,
            f"{url}/approve": {},
            f"{url}/adjustments": {"payee_name": "Tôi", "amount": "1000", "reason": "x"},
        }
        assert client.get(url).status_code == status
        for target, fields in forced.items():
            answer = client.post(target, data={"csrf_token": token, "version": "x", **fields})
            assert answer.status_code == status, target
            assert "<title>" in answer.text
            assert "problem" not in answer.headers["content-type"]
    assert _shows(client.get(f"/desk/articles/{own.id}/royalty"), _(FORBIDDEN))
    assert db.exec(select(ArticleRoyalty)).all() == []
    # The report and the rates are editors' too.
    assert client.get("/desk/royalties").status_code == 403
    assert client.get("/desk/admin/royalty-rates").status_code == 403


def test_a_post_needs_the_session_token_and_our_origin(
    client: TestClient, factory: Factory, db: Session, tables: list[Any], editor: User
) -> None:
    article = _published(factory)
    page = client.get(f"/desk/articles/{article.id}/royalty")
    lines = _lines(_row("Ánh", page_units="1"))
    url = f"/desk/articles/{article.id}/royalty"
    assert (
        client.post(url, data={"csrf_token": "sai", "version": _version(page), **lines}).status_code
        == 403
    )
    elsewhere = client.post(
        url,
        data={"csrf_token": csrf_of(page), "version": _version(page), **lines},
        headers={"Origin": "https://evil.example"},
    )
    assert elsewhere.status_code == 403
    assert db.exec(select(ArticleRoyalty)).all() == []


# --- rate tables -------------------------------------------------------------------------------


def _rates_form(page: Response, **fields: Any) -> dict[str, Any]:
    rows = [
        {
            "article_type": "news",
            "grade": "A",
            "page_coefficient": "1,5",
            "photo_coefficient": "0,5",
            "max_page_units": "4",
            "max_coefficient": "8",
        },
        {"article_type": "commentary", "grade": "B", "page_coefficient": "2"},
    ]
    columns = {c: [r.get(c, "") for r in rows] for c in pages.RATE_COLUMNS}
    return {
        "csrf_token": csrf_of(page),
        "version": _version(page),
        "name": "Bảng 2027",
        "effective_from": "2027-01-01",
        "unit_value": "250.000",
        "note": "",
        **columns,
        **fields,
    }


def test_an_admin_creates_replaces_and_deletes_a_rate_table(
    client: TestClient, factory: Factory, tables: list[RoyaltyRateTable]
) -> None:
    admin = factory.user(Role.admin)
    sign_in(client, admin)
    headers = factory.headers(admin)
    listed = client.get("/desk/admin/royalty-rates")
    assert re.findall(r'<tr data-table="(\d+)"', listed.text) == [str(t.id) for t in tables[::-1]]
    assert "<td>234.000 đ</td>" in listed.text
    new = client.get("/desk/admin/royalty-rates/new")
    created = client.post(
        "/desk/admin/royalty-rates/new", data=_rates_form(new), follow_redirects=False
    )
    assert created.status_code == 303, created.text
    table_id = int(created.headers["location"].split("/")[-1].split("?")[0])
    api = client.get(f"/v1/admin/royalty-rates/{table_id}", headers=headers).json()
    assert (api["name"], api["effective_from"], api["unit_value"]) == (
        "Bảng 2027",
        "2027-01-01",
        250_000,
    )
    assert [
        (
            r["article_type"],
            r["grade"],
            float(r["page_coefficient"]),
            float(r["photo_coefficient"]),
            r["max_page_units"],
            r["max_coefficient"],
        )
        for r in api["rates"]
    ] == [("news", "A", 1.5, 0.5, 4, "8.000"), ("commentary", "B", 2.0, 0.0, None, None)]

    # One version per day: the service's 409 in Vietnamese, the typing kept.
    clash = client.post(
        "/desk/admin/royalty-rates/new",
        data=_rates_form(new, name="Trùng ngày", effective_from="2026-01-01"),
    )
    assert clash.status_code == 409
    assert _shows(clash, _(pages.REFUSALS["rate_table_date_taken"]))
    assert 'value="Trùng ngày"' in clash.text
    missing = client.post("/desk/admin/royalty-rates/new", data=_rates_form(new, name=""))
    assert missing.status_code == 422
    assert f'id="e-name">{_("Required.")}<' in missing.text

    page = client.get(created.headers["location"])
    assert _shows(page, _("Saved."))
    replaced = client.post(
        f"/desk/admin/royalty-rates/{table_id}",
        data=_rates_form(page, unit_value="260.000", remove=["1"]),
        follow_redirects=False,
    )
    assert replaced.status_code == 303
    api = client.get(f"/v1/admin/royalty-rates/{table_id}", headers=headers).json()
    assert (api["unit_value"], len(api["rates"])) == (260_000, 1)
    # The page opened before that save is stale: 412, what was typed kept, nothing written.
    stale = client.post(
        f"/desk/admin/royalty-rates/{table_id}", data=_rates_form(page, unit_value="999.000")
    )
    assert stale.status_code == 412
    assert _shows(stale, _(pages.STALE))
    assert 'value="999.000"' in stale.text
    also_invalid = client.post(
        f"/desk/admin/royalty-rates/{table_id}", data=_rates_form(page, name="")
    )
    assert also_invalid.status_code == 412
    assert (
        client.get(f"/v1/admin/royalty-rates/{table_id}", headers=headers).json()["unit_value"]
        == 260_000
    )

    fresh = client.get(f"/desk/admin/royalty-rates/{table_id}")
    deleted = client.post(
        f"/desk/admin/royalty-rates/{table_id}/delete",
        data={"csrf_token": csrf_of(fresh), "version": _version(fresh)},
        follow_redirects=False,
    )
    assert deleted.status_code == 303
    assert client.get(f"/v1/admin/royalty-rates/{table_id}", headers=headers).status_code == 404


def test_a_table_an_approved_royalty_used_is_not_deleted(
    client: TestClient, factory: Factory, tables: list[RoyaltyRateTable]
) -> None:
    admin = factory.user(Role.admin)
    article = _published(factory)
    headers = factory.headers(admin)
    assert put_lines(client, headers, article.id, [writer("Ánh")]).status_code == 200
    etag = _api(client, factory, admin, article).headers["etag"]
    approved = client.post(
        f"/v1/admin/articles/{article.id}/royalty/approve", headers={**headers, "If-Match": etag}
    )
    assert approved.status_code == 200
    sign_in(client, admin)
    page = client.get(f"/desk/admin/royalty-rates/{tables[0].id}")
    refused = client.post(
        f"/desk/admin/royalty-rates/{tables[0].id}/delete",
        data={"csrf_token": csrf_of(page), "version": _version(page)},
    )
    assert refused.status_code == 409
    assert _shows(refused, _(pages.REFUSALS["rate_table_used"]))
    assert client.get(f"/v1/admin/royalty-rates/{tables[0].id}", headers=headers).status_code == 200


def test_editors_read_the_rates_and_only_admins_change_them(
    client: TestClient, factory: Factory, db: Session, tables: list[RoyaltyRateTable]
) -> None:
    editor = factory.user(Role.editor)
    sign_in(client, editor)
    listed = client.get("/desk/admin/royalty-rates")
    assert listed.status_code == 200
    assert "/desk/admin/royalty-rates/new" not in listed.text
    table = client.get(f"/desk/admin/royalty-rates/{tables[0].id}")
    assert table.status_code == 200
    assert 'data-rate="news-A"' in table.text
    assert 'id="rates-form"' not in table.text
    assert client.get("/desk/admin/royalty-rates/new").status_code == 403
    token = csrf_of(client.get("/desk/articles"))
    forced = {
        "/desk/admin/royalty-rates/new": {"name": "X", "effective_from": "2028-01-01"},
        f"/desk/admin/royalty-rates/{tables[0].id}": {"name": "X", "version": "0"},
        f"/desk/admin/royalty-rates/{tables[0].id}/delete": {"version": "0"},
    }
    for url, fields in forced.items():
        answer = client.post(url, data={"csrf_token": token, **fields})
        assert answer.status_code == 403, url
        assert _shows(answer, _(FORBIDDEN))
    db.expire_all()
    assert [t.name for t in db.exec(select(RoyaltyRateTable)).all()] == [t.name for t in tables]


# --- the report ----------------------------------------------------------------------------------


@pytest.fixture
def november(client: TestClient, factory: Factory, tables: list[Any]) -> User:
    """Three items with royalties published in November 2026, one approved and adjusted."""
    editor = factory.user(Role.editor)
    headers = factory.headers(editor)
    hieu = factory.user(Role.contributor, display_name="Trung Hiếu")
    culture = factory.category("Văn hóa – Xã hội")
    a1 = _published(factory, title="Đại hội Đảng bộ tỉnh An Giang")
    lines = [writer(hieu.id, 60), writer("Lê Thị Ngọc Ánh", 40), photographer("Nguyễn Văn Ảnh")]
    assert put_lines(client, headers, a1.id, lines).status_code == 200
    etag = _api(client, factory, editor, a1).headers["etag"]
    url = f"/v1/admin/articles/{a1.id}/royalty"
    assert client.post(f"{url}/approve", headers={**headers, "If-Match": etag}).status_code == 200
    etag = _api(client, factory, editor, a1).headers["etag"]
    bonus = {"payee_user_id": hieu.id, "amount": -20_000, "reason": "Trừ lỗi chính tả"}
    adjusted = client.post(f"{url}/adjustments", json=bonus, headers={**headers, "If-Match": etag})
    assert adjusted.status_code == 201
    a2 = _published(factory, title="Lễ hội Bà Chúa Xứ", category_id=culture.id)
    put_lines(client, headers, a2.id, [writer(hieu.id, page_units=1)])
    a3 = _published(factory, title="Bình luận", article_type="commentary")
    put_lines(client, headers, a3.id, [writer("=SUM(A1)", page_units=1)])
    return editor


@pytest.mark.parametrize("group_by", ["author", "category", "article_type"])
def test_the_report_shows_the_apis_totals_and_gives_its_csv(
    client: TestClient, factory: Factory, november: User, group_by: str
) -> None:
    sign_in(client, november)
    headers = factory.headers(november)
    api_url = f"/v1/admin/reports/royalties?from=2026-11-01&to=2026-11-30&group_by={group_by}"
    for approved_only in (False, True):
        flag = "&approved_only=true" if approved_only else ""
        api = client.get(api_url + flag, headers=headers).json()
        page = client.get(f"/desk/royalties?month=2026-11&group_by={group_by}{flag}")
        assert page.status_code == 200
        totals = api["totals"]
        assert totals["amount"] == (610_000 if approved_only else 610_000 + 180_000 + 360_000)
        assert f'id="total-amount"><strong>{pages.money(totals["amount"])}<' in page.text
        assert f'id="approved-amount">{pages.money(totals["approved_amount"])}<' in page.text
        keys = re.findall(r'<tbody data-group="([^"]+)"', page.text)
        assert keys == [g["key"] for g in api["groups"]]
        for group in api["groups"]:
            body = page.text.split(f'<tbody data-group="{group["key"]}">', 1)[1]
            subtotal = body.split('class="subtotal"', 1)[1].split("</tr>", 1)[0]
            assert f"<strong>{pages.money(group['amount'])}</strong>" in subtotal
        link = re.search(r'href="(/desk/royalties/csv\?[^"]+)" id="csv"', page.text)
        assert link
        desk_csv = client.get(html.unescape(link[1]))
        api_csv = client.get(api_url + flag + "&format=csv", headers=headers)
        assert desk_csv.status_code == 200
        assert desk_csv.content == api_csv.content
        assert desk_csv.content.startswith("\ufeffgroup,".encode())
        assert desk_csv.headers["content-disposition"] == (
            f'attachment; filename="royalties-2026-11-01-2026-11-30-{group_by}.csv"'
        )


def test_the_report_defaults_to_this_month_and_refuses_nonsense(
    client: TestClient, factory: Factory, november: User
) -> None:
    sign_in(client, november)
    page = client.get("/desk/royalties")
    assert page.status_code == 200
    assert f'name="month" type="month" value="{site_date(utcnow()):%Y-%m}"' in page.text
    if f"{site_date(utcnow()):%Y-%m}" != "2026-11":
        assert _shows(page, _("No royalties for this month."))
        assert 'id="total-amount"><strong>0 đ<' in page.text
    for query in ("month=2026-13", "month=tháng", "group_by=payee"):
        bad = client.get(f"/desk/royalties?{query}")
        assert bad.status_code == 400, query
        assert 'id="report"' not in bad.text
    wrong = client.get("/desk/royalties/csv?month=2026-13", follow_redirects=False)
    assert (wrong.status_code, wrong.headers["location"]) == (303, "/desk/royalties?month=2026-13")
