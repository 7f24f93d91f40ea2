"""One reader for every OData format a SharePoint site (or an export folder) answers in."""

from datetime import UTC, datetime
from typing import Any

import orjson
import pytest

from app.sharepoint.odata import MalformedPage, read_date, read_page

# Two news items as a "Tin Tức Mở Rộng" list holds them, in the plain shape the reader gives.
ITEMS: list[dict[str, Any]] = [
    {
        "Id": 7,
        "Title": "Đại hội Đảng bộ tỉnh An Giang lần thứ XI",
        "T_x00f3_m_x0020_t_x1eaf_t": "Sáng 14/10, Đại hội khai mạc.",
        "OData__ModerationStatus": 0,
        "Created": "2014-05-20T03:15:00Z",
        "Author": {"Title": "Nguyễn Văn Đạt", "EMail": "dat@angiang.gov.vn"},
        "Tin_x0020_li_x00ea_n_x0020_quanId": [3, 5],
        "Tin_x0020_li_x00ea_n_x0020_quan": [
            {"Id": 3, "Title": "Bài 3"},
            {"Id": 5, "Title": "Bài 5"},
        ],
    },
    {
        "Id": 8,
        "Title": "Dân vận khéo",
        "T_x00f3_m_x0020_t_x1eaf_t": None,
        "OData__ModerationStatus": 3,
        "Created": "2015-01-02T00:00:00Z",
        "Author": {"Title": "Trần Thị Hoa", "EMail": None},
        "Tin_x0020_li_x00ea_n_x0020_quanId": [],
        "Tin_x0020_li_x00ea_n_x0020_quan": [],
    },
]
NEXT = "https://portal.angiang.gov.vn/_api/web/lists/GetByTitle('Tin')/items?$skiptoken=Paged%3dTRUE%26p_ID%3d8"


def verbose(items: list[dict[str, Any]], next_url: str | None) -> bytes:
    """The page as `Accept: application/json;odata=verbose` gives it."""

    def item(plain: dict[str, Any]) -> dict[str, Any]:
        shaped: dict[str, Any] = {
            "__metadata": {"id": f"Web/Lists/Items({plain['Id']})", "type": "SP.Data.TinListItem"}
        }
        for name, value in plain.items():
            if isinstance(value, list):
                value = {
                    "__metadata": {"type": "Collection(Edm.Int32)"},
                    "results": [
                        {"__metadata": {"type": "SP.Data.TinListItem"}, **v}
                        if isinstance(v, dict)
                        else v
                        for v in value
                    ],
                }
            elif isinstance(value, dict):
                value = {"__metadata": {"type": "SP.Data.UserInfoItem"}, **value}
            shaped[name] = value
        shaped["AttachmentFiles"] = {"__deferred": {"uri": "…/AttachmentFiles"}}
        return shaped

    body: dict[str, Any] = {"results": [item(i) for i in items]}
    if next_url:
        body["__next"] = next_url
    return orjson.dumps({"d": body})


def light(items: list[dict[str, Any]], next_url: str | None, *, minimal: bool) -> bytes:
    """The page as `odata=nometadata` or `odata=minimalmetadata` gives it."""
    document: dict[str, Any] = {"value": items}
    if minimal:
        document["odata.metadata"] = "https://portal/_api/$metadata#SP.ListData.TinListItems"
        document["value"] = [
            {"odata.type": "SP.Data.TinListItem", "odata.etag": '"3"', **i} for i in items
        ]
    if next_url:
        document["odata.nextLink"] = next_url
    return orjson.dumps(document)


@pytest.mark.parametrize(
    "payload",
    [
        verbose(ITEMS, NEXT),
        light(ITEMS, NEXT, minimal=False),
        light(ITEMS, NEXT, minimal=True),
    ],
    ids=["verbose", "nometadata", "minimalmetadata"],
)
def test_every_format_reads_as_the_same_items_and_next_page(payload: bytes) -> None:
    page = read_page(payload)
    assert page.items == ITEMS
    assert page.next_url == NEXT


def test_the_last_page_has_no_next() -> None:
    assert read_page(verbose(ITEMS, None)).next_url is None
    assert read_page(light(ITEMS, None, minimal=False)).next_url is None
    newer = orjson.dumps({"value": ITEMS, "@odata.nextLink": NEXT})
    assert read_page(newer).next_url == NEXT


def test_one_item_without_the_list_wrapper() -> None:
    one_verbose = orjson.loads(verbose(ITEMS[:1], None))["d"]["results"][0]  # `…/items(7)`
    assert read_page(orjson.dumps({"d": one_verbose})).items == [ITEMS[0]]
    assert read_page(orjson.dumps(ITEMS[1])).items == [ITEMS[1]]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"<html>Sign in</html>", "not JSON"),
        (b"[1, 2]", "a JSON object"),
        (b'{"d": []}', "`d` is not an object"),
        (b'{"value": {"Id": 1}}', "not a list"),
        (b'{"something": 1}', "neither"),
        (
            orjson.dumps(
                {"error": {"code": "-2130575322", "message": {"value": "List does not exist"}}}
            ),
            "List does not exist",
        ),
        (b'{"value": [], "odata.nextLink": 5}', "not a string"),
    ],
)
def test_a_malformed_page_says_why(payload: bytes, reason: str) -> None:
    with pytest.raises(MalformedPage, match=reason):
        read_page(payload)


@pytest.mark.parametrize(
    ("value", "moment"),
    [
        ("2014-05-20T03:15:00Z", datetime(2014, 5, 20, 3, 15, tzinfo=UTC)),
        ("2014-05-20T10:15:00+07:00", datetime(2014, 5, 20, 3, 15, tzinfo=UTC)),
        ("2014-05-20T03:15:00", datetime(2014, 5, 20, 3, 15, tzinfo=UTC)),
        ("/Date(1400555700000)/", datetime(2014, 5, 20, 3, 15, tzinfo=UTC)),
        ("/Date(1400555700000+0700)/", datetime(2014, 5, 20, 3, 15, tzinfo=UTC)),
        (None, None),
        ("", None),
    ],
)
def test_dates_in_both_notations(value: str | None, moment: datetime | None) -> None:
    assert read_date(value) == moment


@pytest.mark.parametrize("value", ["hôm qua", "/Date(99999999999999999999)/", 20140520])
def test_a_date_that_is_not_one_is_a_value_error(value: object) -> None:
    with pytest.raises(ValueError, match=r"."):
        read_date(value)
