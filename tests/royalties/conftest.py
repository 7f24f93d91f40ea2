"""Rate tables and helpers shared by the royalty tests.

The two tables model a base-salary change in the middle of November 2026: 180,000 VND per
1.000 of coefficient from 1 January, 234,000 VND from 15 November (dates in the site time
zone, Asia/Ho_Chi_Minh, UTC+7).
"""

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.royalties import hooks
from app.royalties.models import RoyaltyRateTable
from app.royalties.schemas import RateTableIn
from tests.factories import Factory

# news:       grade A page 1.5 photo 0.5, grade B page 1.0 photo 0.4; caps: 4 pages, 10 photos,
#             coefficient 8
# commentary: grade B page 2.0 photo 0.4, no caps
RATES: list[dict[str, Any]] = [
    {"article_type": "news", "grade": "A", "page_coefficient": "1.5", "photo_coefficient": "0.5",
     "max_page_units": 4, "max_photos": 10, "max_coefficient": "8"},
    {"article_type": "news", "grade": "B", "page_coefficient": "1.0", "photo_coefficient": "0.4",
     "max_page_units": 4, "max_photos": 10, "max_coefficient": "8"},
    {"article_type": "commentary", "grade": "B", "page_coefficient": "2.0",
     "photo_coefficient": "0.4"},
]  # fmt: skip

# Just before and just after the rate change, in UTC: 23:30 on 14 November and 00:30 on
# 15 November in Vietnam.
BEFORE_CHANGE = datetime(2026, 11, 14, 16, 30, tzinfo=UTC)
AFTER_CHANGE = datetime(2026, 11, 14, 17, 30, tzinfo=UTC)


def rate_table_body(name: str, effective_from: str, unit_value: int) -> dict[str, Any]:
    return {"name": name, "effective_from": effective_from, "unit_value": unit_value,
            "rates": RATES}  # fmt: skip


@pytest.fixture
def rate_tables(db: Session, factory: Factory) -> tuple[RoyaltyRateTable, RoyaltyRateTable]:
    admin = factory.admin_principal()
    old = hooks.create_rate_table(
        db,
        data=RateTableIn.model_validate(rate_table_body("Bảng 2026", "2026-01-01", 180_000)),
        actor=admin,
    )
    new = hooks.create_rate_table(
        db,
        data=RateTableIn.model_validate(
            rate_table_body("Bảng từ 15/11/2026", "2026-11-15", 234_000)
        ),
        actor=admin,
    )
    return old, new


def url(article_id: int | None) -> str:
    return f"/v1/admin/articles/{article_id}/royalty"


def put_lines(
    client: TestClient, headers: dict[str, str], article_id: int | None, lines: list[dict]
) -> Any:
    """Read the royalty's ETag, then replace its lines; returns the response."""
    etag = client.get(url(article_id), headers=headers).headers["ETag"]
    return client.put(url(article_id), json={"lines": lines}, headers={**headers, "If-Match": etag})


def post(
    client: TestClient, headers: dict[str, str], article_id: int | None, path: str,
    body: dict | None = None,
) -> Any:  # fmt: skip
    etag = client.get(url(article_id), headers=headers).headers["ETag"]
    return client.post(url(article_id) + path, json=body, headers={**headers, "If-Match": etag})


def writer(payee: int | str, share: str | int = 100, **fields: Any) -> dict[str, Any]:
    key = "payee_user_id" if isinstance(payee, int) else "payee_name"
    return {key: payee, "role": "writer", "grade": "B", "page_units": 2,
            "share_percent": share, **fields}  # fmt: skip


def photographer(payee: int | str, **fields: Any) -> dict[str, Any]:
    key = "payee_user_id" if isinstance(payee, int) else "payee_name"
    return {key: payee, "role": "photographer", "grade": "A", "photos": 3, **fields}
