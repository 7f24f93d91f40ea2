"""Rate tables over HTTP: admins write them, editors read them, drafts follow them."""

import pytest
from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.articles.models import ArticleStatus
from tests.factories import Factory
from tests.royalties.conftest import BEFORE_CHANGE, post, put_lines, rate_table_body, url, writer

RATES_URL = "/v1/admin/royalty-rates"


@pytest.fixture
def admin(factory: Factory) -> dict[str, str]:
    return factory.headers(factory.user(Role.admin))


def test_admin_creates_reads_replaces_and_deletes_a_table(
    client: TestClient, admin: dict[str, str]
) -> None:
    body = rate_table_body("Bảng thử", "2030-01-01", 250_000)
    created = client.post(RATES_URL, json=body, headers=admin)
    assert created.status_code == 201, created.text
    table = created.json()
    assert created.headers["Location"] == f"{RATES_URL}/{table['id']}"
    assert table["effective_from"] == "2030-01-01"
    assert table["unit_value"] == 250_000
    assert table["rates"][0] == {
        "article_type": "news", "grade": "A", "page_coefficient": "1.500",
        "photo_coefficient": "0.500", "max_page_units": 4, "max_photos": 10,
        "max_coefficient": "8.000",
    }  # fmt: skip
    assert table["rates"][2]["max_coefficient"] is None

    listed = client.get(RATES_URL, headers=admin).json()
    assert [t["name"] for t in listed] == ["Bảng thử"]

    one = client.get(f"{RATES_URL}/{table['id']}", headers=admin)
    body["unit_value"] = 260_000
    assert client.put(f"{RATES_URL}/{table['id']}", json=body, headers=admin).status_code == 428
    replaced = client.put(
        f"{RATES_URL}/{table['id']}", json=body, headers={**admin, "If-Match": one.headers["ETag"]}
    )
    assert replaced.status_code == 200
    assert replaced.json()["unit_value"] == 260_000
    stale = client.put(
        f"{RATES_URL}/{table['id']}", json=body, headers={**admin, "If-Match": one.headers["ETag"]}
    )
    assert stale.status_code == 412

    gone = client.delete(
        f"{RATES_URL}/{table['id']}", headers={**admin, "If-Match": replaced.headers["ETag"]}
    )
    assert gone.status_code == 204
    assert client.get(f"{RATES_URL}/{table['id']}", headers=admin).status_code == 404


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"unit_value": 0}, 422),
        ({"effective_from": "2026-13-01"}, 422),
        ({"rates": []}, 422),
        ({"rates": [{"article_type": "tin-vịt", "grade": "A", "page_coefficient": 1}]}, 422),
        ({"rates": [{"article_type": "news", "grade": "A", "page_coefficient": "1.2345"}]}, 422),
        ({"rates": [{"article_type": "news", "grade": "A", "page_coefficient": -1}]}, 422),
        ({"rates": [{"article_type": "news", "grade": "A", "page_coefficient": 1}] * 2}, 422),
        ({"surprise": True}, 422),
    ],
)
def test_bad_tables_are_refused(
    client: TestClient, admin: dict[str, str], change: dict, status: int
) -> None:
    body = {**rate_table_body("Bảng lỗi", "2031-01-01", 100_000), **change}
    response = client.post(RATES_URL, json=body, headers=admin)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_one_table_per_effective_date(client: TestClient, admin: dict[str, str]) -> None:
    body = rate_table_body("Bảng A", "2032-01-01", 100_000)
    assert client.post(RATES_URL, json=body, headers=admin).status_code == 201
    again = client.post(RATES_URL, json={**body, "name": "Bảng B"}, headers=admin)
    assert again.status_code == 409


def test_only_admins_write_and_only_editors_read(
    client: TestClient, factory: Factory, admin: dict[str, str]
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    contributor = factory.headers(factory.user(Role.contributor))
    body = rate_table_body("Bảng", "2033-01-01", 100_000)
    assert client.post(RATES_URL, json=body, headers=editor).status_code == 403
    created = client.post(RATES_URL, json=body, headers=admin).json()
    assert client.get(RATES_URL, headers=editor).status_code == 200
    assert client.get(f"{RATES_URL}/{created['id']}", headers=editor).status_code == 200
    assert client.get(RATES_URL, headers=contributor).status_code == 403
    assert client.get(RATES_URL).status_code == 401


def test_a_new_version_recomputes_drafts_it_applies_to(
    client: TestClient, factory: Factory, admin: dict[str, str], rate_tables
) -> None:
    """A version dated between the publication and the old one takes over the draft;
    the approved royalty beside it keeps its amounts."""
    editor = factory.headers(factory.user(Role.editor))
    draft = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    frozen = factory.article(status=ArticleStatus.published, publish_at=BEFORE_CHANGE)
    for article in (draft, frozen):
        put_lines(client, editor, article.id, [writer("Hà Giang")])
    post(client, editor, frozen.id, "/approve")
    etag_before = client.get(url(draft.id), headers=editor).headers["ETag"]

    created = client.post(
        RATES_URL, json=rate_table_body("Bảng giữa năm", "2026-06-01", 200_000), headers=admin
    )
    assert created.status_code == 201
    body = client.get(url(draft.id), headers=editor)
    assert body.json()["rate_table"]["name"] == "Bảng giữa năm"
    assert body.json()["total_amount"] == 400_000  # 2.0 × 200,000
    assert body.headers["ETag"] != etag_before
    shown = client.get(f"/v1/admin/articles/{draft.id}", headers=editor).json()
    assert shown["royalty_amount"] == 400_000
    assert client.get(url(frozen.id), headers=editor).json()["total_amount"] == 360_000

    # A table an approved royalty was computed with stays.
    old = rate_tables[0]
    etag = client.get(f"{RATES_URL}/{old.id}", headers=admin).headers["ETag"]
    refused = client.delete(f"{RATES_URL}/{old.id}", headers={**admin, "If-Match": etag})
    assert refused.status_code == 409

    # Deleting the mid-year version hands the draft back to the January one.
    table_id = created.json()["id"]
    etag = client.get(f"{RATES_URL}/{table_id}", headers=admin).headers["ETag"]
    assert (
        client.delete(f"{RATES_URL}/{table_id}", headers={**admin, "If-Match": etag}).status_code
        == 204
    )
    assert client.get(url(draft.id), headers=editor).json()["total_amount"] == 360_000
