"""Reading a list from a live site (a local fake of SharePoint's REST API) and from an export
folder holding the same pages: the same items either way, in every OData format."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.sharepoint.odata import read_page
from app.sharepoint.source import FolderSource, ODataFormat, SiteSource, SourceError
from tests.sharepoint.fake_site import BEARER, COOKIE, FakeSite, serve

LIST_TITLE = "Tin Tức Mở Rộng"
FORMATS: list[ODataFormat] = ["verbose", "nometadata", "minimalmetadata"]


def _items(count: int) -> list[dict[str, Any]]:
    return [
        {
            "Id": number,
            "Title": f"Tin số {number}: Đại hội Đảng bộ xã Vĩnh Xương",
            "OData__ModerationStatus": number % 5,
            "Author": {"Title": "Nguyễn Thị Ánh", "EMail": None},
            "Tin_x0020_li_x00ea_n_x0020_quanId": [number - 1] if number > 1 else [],
        }
        # Ids with gaps, as deleted items leave them.
        for number in range(1, 3 * count, 3)
    ]


@pytest.fixture
def site() -> Iterator[FakeSite]:
    with serve(FakeSite(LIST_TITLE, _items(250))) as fake:
        yield fake


def _read(source: SiteSource | FolderSource) -> list[dict[str, Any]]:
    return [item for page in source.pages() for item in page.items]


@pytest.mark.parametrize("odata", FORMATS)
def test_a_live_site_is_read_page_by_page_in_any_format(site: FakeSite, odata: ODataFormat) -> None:
    source = SiteSource(site.url, LIST_TITLE, bearer_token=BEARER, odata=odata, page_size=100)
    assert _read(source) == site.items
    assert len(site.requests) == 3  # 100 + 100 + 50, following the site's own next links
    assert "%24skiptoken=Paged%3DTRUE%26p_ID%3D298" in site.requests[1]


def test_a_browser_session_cookie_works_like_a_token(site: FakeSite) -> None:
    assert _read(SiteSource(site.url, LIST_TITLE, cookie=COOKIE)) == site.items


def test_throttling_is_waited_out_as_the_site_says(site: FakeSite) -> None:
    site.plan = [(429, "7"), (503, "not a number")]
    waited: list[float] = []
    source = SiteSource(site.url, LIST_TITLE, bearer_token=BEARER, sleep=waited.append)
    assert _read(source) == site.items
    assert waited == [7.0, 2.0]  # Retry-After, then the backoff when it is unreadable


def test_throttling_that_never_ends_stops_with_a_clear_error(site: FakeSite) -> None:
    site.plan = [(429, "0")] * 3
    source = SiteSource(site.url, LIST_TITLE, bearer_token=BEARER, retries=2, sleep=lambda _: None)
    with pytest.raises(SourceError, match="answered 429"):
        _read(source)


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"bearer_token": "expired"}, "refused the credentials"),
        ({}, "refused the credentials"),
        ({"bearer_token": BEARER, "list_title": "Tin khác"}, "no list 'Tin khác'"),
    ],
)
def test_refusals_say_what_to_do(site: FakeSite, options: dict[str, str], reason: str) -> None:
    source = SiteSource(site.url, options.pop("list_title", LIST_TITLE), **options)
    with pytest.raises(SourceError, match=reason):
        _read(source)


def _export(site: FakeSite, folder: Path, odata: ODataFormat) -> None:
    """What a migration team's export does: save every page as the site answered it."""
    (folder / "items").mkdir(parents=True)
    url: str | None = f"{site.url}/_api/web/lists/GetByTitle('{LIST_TITLE}')/items?$top=100"
    headers = {"Authorization": f"Bearer {BEARER}", "Accept": f"application/json;odata={odata}"}
    number = 0
    while url:
        number += 1
        answer = httpx.get(url, headers=headers)
        (folder / "items" / f"{number:04}.json").write_bytes(answer.content)
        url = read_page(answer.content).next_url


@pytest.mark.parametrize("odata", FORMATS)
def test_an_export_folder_reads_as_the_live_site(
    site: FakeSite, tmp_path: Path, odata: ODataFormat
) -> None:
    _export(site, tmp_path, odata)
    assert _read(FolderSource(tmp_path)) == site.items


def test_an_unreadable_page_of_a_folder_is_named_and_the_rest_read(
    site: FakeSite, tmp_path: Path
) -> None:
    _export(site, tmp_path, "nometadata")
    (tmp_path / "items" / "0002.json").write_bytes(b'{"value": [{"Id": 4')  # cut short
    source = FolderSource(tmp_path)
    items = _read(source)
    assert [item["Id"] for item in items] == [i["Id"] for i in site.items[:100] + site.items[200:]]
    assert len(source.problems) == 1
    assert source.problems[0].startswith("0002.json: not JSON")


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"no items/\*\.json"):
        _read(FolderSource(tmp_path))
