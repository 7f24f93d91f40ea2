"""`newsdesk export-sharepoint` against the fake site serving a generated archive: the folder
it writes reads, through FolderSource, exactly as the live site reads through SiteSource; a
second run fetches only what is missing; failures are listed and the run goes on."""

from pathlib import Path
from urllib.parse import quote

import orjson
import pytest
from typer.testing import CliRunner, Result

from app.cli import app
from app.sharepoint.source import FolderSource, ODataFormat, SiteSource, expanded_query
from tests.sharepoint.archive import (
    LIST_TITLE,
    Archive,
    write_export_folder,
)
from tests.sharepoint.fake_site import BEARER, COOKIE, FakeSite


@pytest.fixture
def site(archive_site: FakeSite) -> FakeSite:
    return archive_site


def _export(site: FakeSite, out: Path, *options: str, token: str = BEARER) -> Result:
    arguments = ["export-sharepoint", "--site-url", site.url, "--list", LIST_TITLE]
    arguments += ["--out", str(out), "--page-size", "50", *options]
    return CliRunner().invoke(app, arguments, env={"NEWSDESK_SP_TOKEN": token})


def _file_requests(site: FakeSite) -> list[str]:
    return [request for request in site.requests if "/_api/" not in request]


@pytest.mark.parametrize("odata", ["verbose", "nometadata"])
def test_an_export_folder_reads_exactly_as_the_live_site(
    archive: Archive, site: FakeSite, tmp_path: Path, odata: ODataFormat
) -> None:
    result = _export(site, tmp_path, "--odata", odata)
    assert result.exit_code == 0, result.output
    missing = sorted({path for e in archive.expected.values() for path in e.missing_files})
    assert missing  # the archive has images the site lacks
    assert result.stdout == (
        f"exported 120 items (3 pages), 120 version histories and {len(archive.files)} files "
        f"to {tmp_path}\n"
    )
    progress = result.stderr.splitlines()
    assert progress[:3] == ["items: 50 (1 pages)", "items: 100 (2 pages)", "items: 120 (3 pages)"]
    assert "versions: 120/120" in progress
    referenced = len(archive.files) + len(missing)
    assert f"files: {referenced}/{referenced} (0 already there)" in progress
    problems_file = tmp_path / "export-problems.txt"
    assert progress[-1] == f"{len(missing)} problems, listed in {problems_file}"
    problems = problems_file.read_text(encoding="utf-8").splitlines()
    assert problems == [f"{path}: missing (404), the site answered 404" for path in missing]

    folder = FolderSource(tmp_path)
    with SiteSource(site.url, LIST_TITLE, cookie=COOKIE, odata=odata, page_size=50) as live:
        fields = live.fields()
        live.select, live.expand = expanded_query(fields)
        assert [page.items for page in folder.pages()] == [page.items for page in live.pages()]
        assert folder.fields() == fields == archive.fields
        for item in archive.items:
            assert folder.versions(item["Id"]) == live.versions(item["Id"])
        for path in archive.files:
            assert folder.download(path) == live.download(path) == archive.files[path]
        assert (folder.site_url, folder.list_url) == (live.site_url, live.list_url)
    saved = {
        "/" + str(path.relative_to(tmp_path / "files"))
        for path in (tmp_path / "files").rglob("*")
        if path.is_file()
    }
    assert saved == set(archive.files)  # every image and attachment, nothing else
    first_page = orjson.loads((tmp_path / "items" / "000001.json").read_bytes())
    assert ("d" in first_page) == (odata == "verbose")  # the pages as the site sent them
    assert orjson.loads((tmp_path / "site.json").read_bytes())["odata"] == odata


def test_the_archive_writes_the_folder_an_export_writes(
    archive: Archive, site: FakeSite, tmp_path: Path
) -> None:
    assert _export(site, tmp_path / "exported", "--odata", "verbose").exit_code == 0
    pages = write_export_folder(
        archive, tmp_path / "written", odata="verbose", page_size=50, site_url=site.url
    )
    assert [len(ids) for ids in pages] == [50, 50 + len(archive.duplicate_ids), 20]
    exported = _tree(tmp_path / "exported")
    written = _tree(tmp_path / "written")
    assert exported.keys() - written.keys() == {"export-problems.txt"}
    del exported["export-problems.txt"], exported["site.json"], written["site.json"]
    assert exported == written


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_second_run_fetches_only_what_the_folder_lacks(
    archive: Archive, site: FakeSite, tmp_path: Path
) -> None:
    assert _export(site, tmp_path).exit_code == 0
    before = _tree(tmp_path)
    some_file = next(iter(archive.files))
    some_id = archive.items[3]["Id"]
    (tmp_path / "files" / some_file[1:]).unlink()
    (tmp_path / "versions" / f"{some_id}.json").unlink()
    site.requests.clear()

    result = _export(site, tmp_path)
    assert result.exit_code == 0
    assert f"({len(archive.files) - 1} already there)" in result.stderr
    missing = {path for e in archive.expected.values() for path in e.missing_files}
    assert sorted(_file_requests(site)) == sorted(quote(p) for p in {some_file, *missing})
    assert [r for r in site.requests if "/versions" in r] == [
        f"/sites/tintuc/_api/web/lists/GetByTitle('{quote(LIST_TITLE)}')/items({some_id})/versions"
    ]
    after = _tree(tmp_path)
    assert after.keys() == before.keys()
    assert {k for k in after if after[k] != before[k]} <= {"site.json"}  # its exported_at


def test_failures_are_listed_and_the_run_goes_on(
    archive: Archive, site: FakeSite, tmp_path: Path
) -> None:
    broken_file = next(path for path in archive.files if path.endswith(".pdf"))
    site.failing = {"%24skiptoken": 500, quote(broken_file): 500}
    result = _export(site, tmp_path)
    assert result.exit_code == 0
    problems = (tmp_path / "export-problems.txt").read_text(encoding="utf-8").splitlines()
    assert problems[0].startswith("items after page 1: ")
    assert problems[0].endswith(": the site answered 500")
    assert f"{broken_file}: unreadable, the site answered 500" in problems
    assert sorted(p.name for p in (tmp_path / "items").iterdir()) == ["000001.json"]
    first_ids = {item["Id"] for item in archive.items[:50]}
    assert {int(p.stem) for p in (tmp_path / "versions").iterdir()} == first_ids


def test_a_run_stopped_by_refused_credentials_resumes(
    archive: Archive, site: FakeSite, tmp_path: Path
) -> None:
    files = list(archive.files)
    # The session expires in the middle of the downloads.
    site.failing = {quote(files[len(files) // 2]): 401}
    stopped = _export(site, tmp_path / "resumed")
    assert stopped.exit_code == 1
    assert "refused the credentials (401)" in stopped.stderr
    assert "(run again to resume)" in stopped.stderr
    saved = {p for p in files if (tmp_path / "resumed" / "files" / p[1:]).exists()}
    assert 0 < len(saved) < len(files)
    site.failing = {}
    site.requests.clear()
    assert _export(site, tmp_path / "resumed").exit_code == 0
    missing = {path for e in archive.expected.values() for path in e.missing_files}
    # What was not saved yet (the 404s are asked again), nothing twice.
    assert sorted(_file_requests(site)) == sorted(quote(p) for p in {*files, *missing} - saved)
    assert _export(site, tmp_path / "whole").exit_code == 0
    resumed, whole = _tree(tmp_path / "resumed"), _tree(tmp_path / "whole")
    del resumed["site.json"], whole["site.json"]
    assert resumed == whole


def test_refused_or_missing_credentials_say_what_to_do(site: FakeSite, tmp_path: Path) -> None:
    refused = _export(site, tmp_path, token="expired")
    assert refused.exit_code == 1
    assert "renew the bearer token" in refused.stderr
    arguments = ["export-sharepoint", "--site-url", site.url, "--list", LIST_TITLE]
    anonymous = CliRunner().invoke(app, [*arguments, "--out", str(tmp_path)], env={})
    assert anonymous.exit_code == 2
    assert "--bearer-token or --cookie" in anonymous.stderr
