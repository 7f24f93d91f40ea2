"""Reading a list from a live site (a local fake of SharePoint's REST API) and from an export
folder holding the same pages: the same items either way, in every OData format."""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import httpx
import orjson
import pytest

from app.sharepoint.odata import read_page
from app.sharepoint.source import (
    CredentialsRefused,
    FolderSource,
    ODataFormat,
    SiteSource,
    Source,
    SourceError,
    expanded_query,
)
from tests.sharepoint.archive import (
    SITE_ORIGIN,
    SITE_URL,
    Archive,
    generate_archive,
    write_export_folder,
)
from tests.sharepoint.fake_site import BEARER, COOKIE, FakeSite, serve

LIST_TITLE = "Tin Tức Mở Rộng"
FORMATS: list[ODataFormat] = ["verbose", "nometadata", "minimalmetadata"]


def _items(count: int) -> list[dict[str, Any]]:
    return [
        {
            "Id": number,
            "Title": f"Tin số {number}: Đại hội Đảng bộ xã Vĩnh Xương",
            "OData__ModerationStatus": number % 5,
            "AuthorId": 7,
            "Tin_x0020_li_x00ea_n_x0020_quanId": [number - 1] if number > 1 else [],
        }
        # Ids with gaps, as deleted items leave them.
        for number in range(1, 3 * count, 3)
    ]


@pytest.fixture
def site() -> Iterator[FakeSite]:
    with serve(FakeSite(LIST_TITLE, _items(250))) as fake:
        yield fake


def _read(source: Source) -> list[dict[str, Any]]:
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


# The Source interface on a generated archive (tests/sharepoint/archive.py, conftest.py).


def _live(site: FakeSite, **options: Any) -> SiteSource:
    return SiteSource(site.url, LIST_TITLE, **{"bearer_token": BEARER, **options})


def _as_served(value: Any, site: FakeSite) -> Any:
    """The archive's data with its absolute links on the fake's own origin."""
    origin = f"http://{urlsplit(site.url).netloc}"
    return orjson.loads(orjson.dumps(value).replace(SITE_ORIGIN.encode(), origin.encode()))


def _ids(source: Source, since: datetime | None = None) -> list[int]:
    return [item["Id"] for page in source.pages(since) for item in page.items]


@pytest.mark.parametrize("odata", FORMATS)
def test_fields_versions_and_the_list_address_in_any_format(
    archive: Archive, archive_site: FakeSite, odata: ODataFormat
) -> None:
    item = archive.items[7]
    with _live(archive_site, odata=odata) as source:
        assert source.fields() == archive.fields
        versions = source.versions(item["Id"])
        assert source.versions(9999) == []  # no such item: nothing, and not a problem
        assert source.list_url == source.list_url == "/sites/tintuc/Lists/TinTuc"
        assert source.problems == []
    assert versions == _as_served(archive.versions[item["Id"]], archive_site)
    assert versions[0]["VersionLabel"] == item["OData__UIVersionString"]  # newest first
    version_ids = [version["VersionId"] for version in versions]
    assert version_ids == sorted(version_ids, reverse=True)
    assert sum("/RootFolder" in request for request in archive_site.requests) == 1


def test_people_lookups_and_attachments_are_objects_only_when_expanded(
    archive: Archive, archive_site: FakeSite
) -> None:
    expected = {item["Id"]: item for item in _as_served(archive.items, archive_site)}
    with _live(archive_site) as plain:
        item = next(plain.pages()).items[0]
    assert {"Author", "Editor", "TinLienQuan", "AttachmentFiles"}.isdisjoint(item)
    assert item["AuthorId"] == expected[item["Id"]]["AuthorId"]
    assert item["TinLienQuanId"] == expected[item["Id"]]["TinLienQuanId"]

    some = {"select": ["*", "Author/Title", "TinLienQuan/Id"], "expand": ["Author", "TinLienQuan"]}
    with _live(archive_site, odata="verbose", page_size=20, **some) as source:
        items = [item for page in source.pages() for item in page.items]
    assert "%24expand=Author%2CTinLienQuan" in archive_site.requests[-1]  # carried on
    for item in items:
        assert item["Author"] == {"Title": expected[item["Id"]]["Author"]["Title"]}
        assert item["TinLienQuan"] == [{"Id": i} for i in expected[item["Id"]]["TinLienQuanId"]]
        assert "Editor" not in item
        assert "EditorId" in item

    select, expand = expanded_query(archive.fields)
    with _live(archive_site, select=select, expand=expand, page_size=20) as whole:
        items = [item for page in whole.pages() for item in page.items]
    assert len(items) - len({item["Id"] for item in items}) == len(archive.duplicate_ids) > 0
    assert {item["Id"]: item for item in items} == expected


@pytest.mark.parametrize("odata", ["verbose", "minimalmetadata"])
def test_since_asks_the_site_for_what_changed_and_checks_it(
    archive: Archive, archive_site: FakeSite, odata: ODataFormat, tmp_path: Path
) -> None:
    modified = {item["Id"]: datetime.fromisoformat(item["Modified"]) for item in archive.items}
    since = modified[archive.items[40]["Id"]]
    changed = sorted(item_id for item_id, moment in modified.items() if moment >= since)
    assert 0 < len(changed) < len(archive.items) - 20  # not simply the last ids
    with _live(archive_site, odata=odata, page_size=7) as source:
        assert sorted(set(_ids(source, since))) == changed
    moment = archive.items[40]["Modified"]
    assert all(f"$filter=Modified ge datetime'{moment}'" in unquote(request)
               for request in archive_site.requests)  # fmt: skip
    write_export_folder(archive, tmp_path)
    # A date without a zone is UTC, as SharePoint's are.
    assert sorted(set(_ids(FolderSource(tmp_path), since.replace(tzinfo=None)))) == changed


def _images(archive: Archive) -> tuple[str, str]:
    """A present image referenced with an absolute URL, and one with a Vietnamese file name."""
    absolute = next(path for path in archive.files if path.endswith(".jpg") and "/tin-" in path)
    vietnamese = next(path for path in archive.files if "Hội nghị" in path)
    return absolute, vietnamese


def test_files_are_downloaded_by_path_or_by_url_on_the_site(
    archive: Archive, archive_site: FakeSite, tmp_path: Path
) -> None:
    absolute, vietnamese = _images(archive)
    origin = f"http://{urlsplit(archive_site.url).netloc}"
    write_export_folder(archive, tmp_path, site_url=archive_site.url)
    with _live(archive_site) as live:
        for source in (live, FolderSource(tmp_path)):
            assert source.download(absolute) == archive.files[absolute]
            assert source.download(f"{origin}{absolute}?RenditionID=6") == archive.files[absolute]
            # Old bodies mix http and https for the same host.
            https = f"https://{urlsplit(archive_site.url).netloc}{quote(vietnamese)}"
            assert source.download(https) == archive.files[vietnamese]
            assert source.download("/sites/tintuc/PublishingImages/khong-co.jpg") is None
            assert source.download("https://baoangiang.com.vn/image/a.jpg") is None
            assert source.download("/sites/tintuc/../../etc/passwd") is None
        assert live.problems == [
            "/sites/tintuc/PublishingImages/khong-co.jpg: missing (404), the site answered 404"
        ]
    # Nothing was asked of another host, nor of a path climbing out of the site.
    assert not any(
        "passwd" in request or "baoangiang" in request for request in archive_site.requests
    )


def test_a_throttled_download_waits_as_the_site_says(
    archive: Archive, archive_site: FakeSite
) -> None:
    absolute, _ = _images(archive)
    archive_site.plan = [(429, "3"), (503, "1")]
    waited: list[float] = []
    with _live(archive_site, sleep=waited.append) as source:
        assert source.download(absolute) == archive.files[absolute]
    assert waited == [3.0, 1.0]


def test_a_download_refused_or_broken_is_said(archive: Archive, archive_site: FakeSite) -> None:
    absolute, _ = _images(archive)
    archive_site.failing = {quote(absolute): 500}
    with _live(archive_site, retries=1, sleep=lambda _: None) as source:
        assert source.download(absolute) is None
        assert source.problems == [f"{absolute}: unreadable, the site answered 500"]
    with pytest.raises(CredentialsRefused, match="refused the credentials"):
        _live(archive_site, bearer_token="expired").download(absolute)


def test_an_export_folder_says_where_it_came_from(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"site\.json"):
        _ = FolderSource(tmp_path).site_url
    write_export_folder(generate_archive(count=25), tmp_path)
    folder = FolderSource(tmp_path)
    assert (folder.site_url, folder.list_url) == (SITE_URL, "/sites/tintuc/Lists/TinTuc")
    assert folder.versions(9999) == []
    assert folder.problems == []
    (tmp_path / "fields.json").write_bytes(b'{"value": [')
    assert folder.fields() == []
    assert folder.problems == [
        "fields.json: not JSON: unexpected end of data: line 1 column 12 (char 11)"
    ]
