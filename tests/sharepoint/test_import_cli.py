"""`newsdesk import-sharepoint` as a migration team runs it: against the live fake site, in a
process of its own, reading its exit code, its progress line and the report it writes."""

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func
from sqlmodel import select

from app.articles.models import Article
from app.core.db import make_engine, open_session
from app.core.migrations import upgrade
from app.sharepoint.cli import EXIT_OK, EXIT_SOURCE, EXIT_USAGE
from tests.conftest import scratch_database_url
from tests.sharepoint.archive import LIST_TITLE, Archive, generate_archive, serve_archive
from tests.sharepoint.fake_site import BEARER, FakeSite

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def small_archive() -> Archive:
    return generate_archive(count=40, seed=5)


@pytest.fixture
def database_url() -> Iterator[str]:
    for url in scratch_database_url("sp_cli"):
        upgrade("head", database_url=url)
        yield url


@pytest.fixture
def site(small_archive: Archive) -> Iterator[FakeSite]:
    with serve_archive(small_archive) as served:
        yield served


def _run(database_url: str, tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "NEWSDESK_MEDIA_ROOT": str(tmp_path / "media"),
        "NEWSDESK_RUN_JOBS": "false",
        "NEWSDESK_SP_TOKEN": "",
        "NEWSDESK_SP_COOKIE": "",
    }
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "import-sharepoint", *options],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def _article_count(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with open_session(engine=engine) as session:
            return session.exec(select(func.count()).select_from(Article)).one()
    finally:
        engine.dispose()


def test_a_live_site_import_prints_progress_with_an_eta_and_writes_its_report(
    database_url: str, site: FakeSite, small_archive: Archive, tmp_path: Path
) -> None:
    report_file = tmp_path / "report.json"
    done = _run(
        database_url, tmp_path, "--site-url", site.url, "--list", LIST_TITLE,
        "--bearer-token", BEARER, "--odata", "minimalmetadata", "--page-size", "15",
        "--report", str(report_file),
    )  # fmt: skip
    assert done.returncode == EXIT_OK, done.stderr[-2000:]
    # Not a terminal: a progress line at the first item, then every ten seconds, and the
    # final one; the site tells how many items the list holds, so there is an ETA.
    lines = done.stderr.splitlines()
    total = len(small_archive.expected)
    assert any(re.match(rf"1/{total} items, [0-9.]+/s, ETA \d+:\d\d \(", x) for x in lines), lines[
        -8:
    ]
    entries = total + len(small_archive.duplicate_ids)  # a duplicate is reported again
    final = [x for x in lines if re.match(rf"{entries} items, [0-9.]+/s \(", x)]
    assert final, lines[-5:]
    report = orjson.loads(report_file.read_bytes())
    imported = sum(1 for e in small_archive.expected.values() if e.outcome != "skipped")
    assert report["counts"]["imported"] + report["counts"]["flagged"] == imported
    assert f"report: {report_file}" in done.stdout
    assert _article_count(database_url) == imported


def test_refused_credentials_stop_the_run_with_exit_code_3_and_nothing_written(
    database_url: str, site: FakeSite, tmp_path: Path
) -> None:
    done = _run(
        database_url, tmp_path, "--site-url", site.url, "--list", LIST_TITLE,
        "--bearer-token", "not-the-token", "--report", str(tmp_path / "report.json"),
    )  # fmt: skip
    assert done.returncode == EXIT_SOURCE, done.stderr[-2000:]
    assert "401" in done.stderr or "refused" in done.stderr.lower()
    assert _article_count(database_url) == 0


@pytest.mark.parametrize(
    "options",
    [
        pytest.param([], id="no source"),
        pytest.param(["--site-url", "http://127.0.0.1:9", "--list", "x"], id="no credentials"),
    ],
)
def test_bad_options_are_refused_with_exit_code_2(
    database_url: str, tmp_path: Path, options: list[str]
) -> None:
    done = _run(database_url, tmp_path, *options)
    assert done.returncode == EXIT_USAGE, (done.stdout, done.stderr)
    assert done.stderr.startswith("error: ")


def test_a_mapping_file_of_the_wrong_shape_is_a_usage_error(
    database_url: str, tmp_path: Path
) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text("[columns]\ntitle = 3\n", encoding="utf-8")
    folder = tmp_path / "export"
    folder.mkdir()
    done = _run(database_url, tmp_path, "--from-folder", str(folder), "--mapping", str(mapping))
    assert done.returncode == EXIT_USAGE, (done.stdout, done.stderr)
    assert "mapping" in done.stderr.lower()
