"""Importing a generated SharePoint archive of 520 items, from a live (fake) site and from an
export folder, in both OData formats, into fresh databases of the engine under test.

Each import is checked item by item against what the archive says a correct import gives
(tests/sharepoint/archive.py derives it from what it generated, never from importer code):
statuses, live versions, revisions, files, views, categories, people, related picks, old
addresses and what the public sees through a real server. Then: a second run changes nothing,
the two sources give the same database, and a run killed midway (SIGKILL) and run again ends
equal to an uninterrupted one.
"""

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from app.accounts.api_keys import create_api_key
from app.accounts.models import Role, User
from app.accounts.permissions import Principal
from app.accounts.schemas import ApiKeyCreate
from app.articles.models import (
    Article,
    ArticleAttachment,
    ArticleHistory,
    ArticleLegacyUrl,
    ArticleLive,
    ArticleRelated,
    Category,
)
from app.core.db import make_engine, open_session
from app.core.migrations import upgrade
from app.core.text import fold, normalize_legacy_path
from app.events.models import OutboxEvent
from app.media.models import ArticleInlineImage, Media
from app.related.bulk import unindexed
from app.related.models import ArticleLiveRelated, RelatedSuggestion, RelatedTerm
from app.revisions.models import ArticleRevision
from app.royalties.models import ArticleRoyalty
from app.sharepoint.importer import Importer, ImportOptions
from app.sharepoint.mapping import Mapping
from app.sharepoint.models import SharePointItem
from app.sharepoint.report import Outcome, Report
from app.sharepoint.source import FolderSource, SiteSource
from app.views.models import ViewImport
from app.webhooks.models import WebhookDelivery
from tests.conftest import scratch_database_url
from tests.servers import free_port, start_server, stop_server
from tests.sharepoint.archive import (
    DUPLICATE,
    LIST_TITLE,
    SITE_ORIGIN,
    Archive,
    ExpectedItem,
    generate_archive,
    serve_archive,
    write_export_folder,
)
from tests.sharepoint.fake_site import BEARER

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def big_archive() -> Archive:
    # The issue asks for at least 500 items; SHAREPOINT_TEST_ITEMS=100 makes a quick local run.
    return generate_archive(count=int(os.environ.get("SHAREPOINT_TEST_ITEMS", 520)), seed=18)


@pytest.fixture(scope="module")
def export_folder(big_archive: Archive, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    write_export_folder(big_archive, folder, odata="nometadata", page_size=100)
    return folder


def _scratch(label: str) -> Iterator[tuple[str, Engine]]:
    for url in scratch_database_url(label):
        upgrade("head", database_url=url)
        engine = make_engine(url)
        try:
            yield url, engine
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def from_site(big_archive: Archive) -> Iterator[tuple[str, Engine, Report]]:
    """The archive imported from the live fake site, verbose OData."""
    for url, engine in _scratch("sp_site"):
        with serve_archive(big_archive) as site:
            source = SiteSource(
                site_url=site.url, list_title=LIST_TITLE, bearer_token=BEARER, odata="verbose"
            )
            with source:
                report = Importer(source, Mapping(), engine=engine).run()
        yield url, engine, report


@pytest.fixture(scope="module")
def from_folder(export_folder: Path) -> Iterator[tuple[str, Engine, Report]]:
    """The same archive imported from its export folder, nometadata OData; past its first 50
    published items, the related index waits for the rebuild at the end (as a whole archive's
    import does past 500)."""
    for url, engine in _scratch("sp_folder"):
        options = ImportOptions(index_each_up_to=50)
        report = Importer(
            FolderSource(export_folder), Mapping(), engine=engine, options=options
        ).run()
        yield url, engine, report


# --- what one import must hold -------------------------------------------------------------------


def _entries(report: Report) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    for entry in report.items:
        assert entry.item_id is not None
        found.setdefault(entry.item_id, []).append(entry)
    return found


def _check_report(report: Report, archive: Archive) -> None:
    entries = _entries(report)
    assert set(entries) == set(archive.expected)
    for item_id, expected in archive.expected.items():
        first = entries[item_id][0]
        if expected.outcome == "skipped":
            assert first.outcome is Outcome.skipped, (item_id, first)
            assert any(expected.reason in r for r in first.reasons), (item_id, first.reasons)
            continue
        if expected.reason == DUPLICATE:
            assert [e.outcome for e in entries[item_id][1:]] == [Outcome.skipped]
            assert "twice" in entries[item_id][1].reasons[0]
        elif expected.reason is not None:
            assert first.outcome is Outcome.flagged, (item_id, first)
            column = expected.reason.removeprefix("wrong type: ")
            assert any((column in r) or (expected.reason in r) for r in first.reasons), (
                item_id,
                first.reasons,
            )
        flagged = expected.reason not in (None, DUPLICATE) or bool(expected.missing_files)
        assert first.outcome is (Outcome.flagged if flagged else Outcome.imported), (
            item_id, first.outcome, first.reasons,
        )  # fmt: skip
        assert sorted(first.missing_files) == expected.missing_files, item_id
        if expected.legacy_encoding:
            assert any(expected.legacy_encoding.upper() in n for n in first.notes), first.notes
    # The source lists each missing file once more, as a problem of the site.
    missing = {path for e in archive.expected.values() for path in e.missing_files}
    assert {p.split(":", 1)[0] for p in report.problems} == missing, report.problems
    assert not report.interrupted


def _check_database(engine: Engine, archive: Archive) -> None:
    mapped = _imported(engine)
    with Session(engine) as session:
        imported = {i for i, e in archive.expected.items() if e.outcome != "skipped"}
        assert set(mapped) == imported
        assert session.exec(select(func.count()).select_from(Article)).one() == len(imported)
        item_of = {article_id: item_id for item_id, article_id in mapped.items()}
        now = datetime.now(UTC)
        for item_id in sorted(imported):
            _check_article(session, archive.expected[item_id], mapped[item_id], item_of, now)


def _category_path(session: Session, category_id: int) -> list[str]:
    path: list[str] = []
    current: int | None = category_id
    while current is not None:
        category = session.get(Category, current)
        assert category is not None
        path.insert(0, category.name)
        current = category.parent_id
    return path


def _check_article(
    session: Session,
    expected: ExpectedItem,
    article_id: int | None,
    item_of: dict[int, int],
    now: datetime,
) -> None:
    assert article_id is not None
    article = session.get(Article, article_id)
    assert article is not None
    what = (expected.source_id, sorted(expected.cases))
    assert article.status == expected.status, what
    assert article.title == expected.title, what
    assert article.byline == (expected.byline or ""), what
    assert article.featured == expected.featured, what
    assert _category_path(session, article.category_id) == (
        expected.category_path or ["Tin tức"]
    ), what
    author = session.get(User, article.author_id) if article.author_id else None
    assert author is not None, what
    assert author.display_name == expected.author_display_name, what
    assert not author.is_active, what
    assert author.password_hash == "!", what
    if expected.publish_at is not None:
        assert article.publish_at == expected.publish_at, what
    # Views: the imported total, nothing counted on top.
    imported_views = session.get(ViewImport, article_id)
    assert article.view_count == expected.views, what
    assert (imported_views.views if imported_views else 0) == expected.views, what
    # Versions: one revision per SharePoint version, labels in order, the current one last.
    revisions = session.exec(
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article_id)
        .order_by(col(ArticleRevision.number))
    ).all()
    assert [r.version for r in revisions] == expected.version_labels, what
    assert article.version == expected.version_labels[-1], what
    assert all(r.created_by is not None for r in revisions), what
    notes = session.exec(
        select(ArticleHistory.comment)
        .where(ArticleHistory.article_id == article_id, ArticleHistory.action == "sharepoint_note")
        .order_by(col(ArticleHistory.id))
    ).all()
    assert list(notes) == expected.history, what
    # The live version: what readers of the old site saw.
    live_row = session.get(ArticleLive, article_id)
    expected_live = expected.live_version if expected.status != "unpublished" else None
    if expected.status in ("published", "scheduled"):
        expected_live = expected.version_labels[-1]
    assert (live_row.version if live_row else None) == expected_live, what
    if live_row is not None:
        assert live_row.public_json is not None, what
        visible = live_row.publish_at <= now
        assert visible == (expected.status != "scheduled"), what
    # Files: the lead image and the body's images that exist, the attachments by name.
    shown = set(
        session.exec(
            select(ArticleInlineImage.media_id).where(ArticleInlineImage.article_id == article_id)
        ).all()
    )
    images = {
        m.sha256
        for m in session.exec(
            select(Media).where(col(Media.id).in_(shown | {article.image_id or 0}))
        ).all()
    }
    assert len(images) <= expected.image_count, what
    assert ("data-media-id" in article.content_html) == bool(shown), what
    attachments = session.exec(
        select(Media.filename)
        .join(ArticleAttachment, col(ArticleAttachment.media_id) == col(Media.id))
        .where(ArticleAttachment.article_id == article_id)
        .order_by(col(ArticleAttachment.position))
    ).all()
    assert list(attachments) == expected.attachment_names, what
    # Old addresses, each resolving to this article.
    paths = set(
        session.exec(
            select(ArticleLegacyUrl.path).where(ArticleLegacyUrl.article_id == article_id)
        ).all()
    )
    assert paths == {normalize_legacy_path(p) for p in expected.legacy_paths}, what
    # Related picks, in the site's order, as item ids; live with the live version.
    picks = session.exec(
        select(ArticleRelated.related_id)
        .where(ArticleRelated.article_id == article_id)
        .order_by(col(ArticleRelated.position))
    ).all()
    assert [item_of[p] for p in picks] == expected.related_ids, what
    if live_row is not None:
        live_picks = session.exec(
            select(ArticleLiveRelated.related_id)
            .where(ArticleLiveRelated.article_id == article_id)
            .order_by(col(ArticleLiveRelated.position))
        ).all()
        assert list(live_picks) == list(picks), what
    royalty = session.get(ArticleRoyalty, article_id)
    if royalty is not None:
        assert royalty.status == "approved", what


def test_a_live_site_imports_as_the_archive_says(
    from_site: tuple[str, Engine, Report], big_archive: Archive
) -> None:
    _, engine, report = from_site
    _check_report(report, big_archive)
    _check_database(engine, big_archive)
    counts = report.counts()
    assert counts["failed"] == 0
    assert report.related_unresolved, "the archive has picks naming deleted items"


def test_an_export_folder_imports_as_the_archive_says(
    from_folder: tuple[str, Engine, Report], big_archive: Archive
) -> None:
    _, engine, report = from_folder
    _check_report(report, big_archive)
    _check_database(engine, big_archive)


# --- the same result whatever the path -----------------------------------------------------------

_MEDIA_ID = re.compile(r'data-media-id="(\d+)"')
_FAKE_ORIGIN = re.compile(r"http://127\.0\.0\.1:\d+")


def fingerprint(engine: Engine) -> dict[str, Any]:
    """Everything an import wrote, with database ids replaced by what they stand for (item ids,
    file hashes, names), so two databases that hold the same thing compare equal."""
    with Session(engine) as session:
        item_of = {
            row.article_id: row.item_id for row in session.exec(select(SharePointItem)).all()
        }
        sha_of = {m.id: m.sha256 for m in session.exec(select(Media)).all()}
        user_of = {u.id: u.username for u in session.exec(select(User)).all()}

        def body(html: str) -> str:
            # A file missing on the site keeps its address, which names the fake site's port.
            html = _FAKE_ORIGIN.sub(SITE_ORIGIN, html)
            return _MEDIA_ID.sub(lambda m: f'data-media="{sha_of[int(m.group(1))]}"', html)

        articles: dict[int, Any] = {}
        for article in session.exec(select(Article)).all():
            assert article.id is not None
            live_row = session.get(ArticleLive, article.id)
            articles[item_of[article.id]] = {
                "fields": [
                    article.title, article.slug, article.summary, body(article.content_html),
                    sha_of.get(article.image_id or 0), article.image_caption,
                    article.alternate_url, article.publish_at, article.featured, article.byline,
                    user_of.get(article.author_id or 0), article.article_type,
                    _category_path(session, article.category_id), article.page_count,
                    article.photo_count, article.royalty_amount, article.status, article.version,
                    article.has_unpublished_changes, article.view_count, article.created_at,
                    article.updated_at, article.first_published_at,
                ],
                "live": live_row
                and [live_row.version, live_row.title, live_row.slug, live_row.publish_at,
                     body(live_row.content_html), live_row.published_at],
                "revisions": [
                    (r.number, r.version, r.action, r.created_at, user_of.get(r.created_by or 0),
                     {k: v for k, v in orjson.loads(r.snapshot).items()
                      if k not in ("image_id", "category_id", "author_id", "attachment_ids",
                                   "content_html")},
                     body(orjson.loads(r.snapshot)["content_html"]))
                    for r in session.exec(
                        select(ArticleRevision)
                        .where(ArticleRevision.article_id == article.id)
                        .order_by(col(ArticleRevision.number))
                    ).all()
                ],
                "history": [
                    (h.action, h.from_status, h.to_status, h.version, user_of.get(h.actor_id or 0),
                     h.at, h.comment)
                    for h in session.exec(
                        select(ArticleHistory)
                        .where(ArticleHistory.article_id == article.id)
                        .order_by(col(ArticleHistory.at), col(ArticleHistory.id))
                    ).all()
                ],
                "attachments": [
                    sha_of[a.media_id]
                    for a in session.exec(
                        select(ArticleAttachment)
                        .where(ArticleAttachment.article_id == article.id)
                        .order_by(col(ArticleAttachment.position))
                    ).all()
                ],
                "legacy": sorted(
                    session.exec(
                        select(ArticleLegacyUrl.path).where(
                            ArticleLegacyUrl.article_id == article.id
                        )
                    ).all()
                ),
                "related": [
                    item_of[r]
                    for r in session.exec(
                        select(ArticleRelated.related_id)
                        .where(ArticleRelated.article_id == article.id)
                        .order_by(col(ArticleRelated.position))
                    ).all()
                ],
                "royalty": (royalty := session.get(ArticleRoyalty, article.id))
                and [royalty.status, royalty.basis_date],
            }  # fmt: skip
        return {
            "articles": articles,
            "users": sorted(
                (u.username, u.display_name, u.email, u.is_active)
                for u in session.exec(select(User)).all()
            ),
            "categories": sorted(
                tuple(_category_path(session, c.id or 0))
                for c in session.exec(select(Category)).all()
            ),
            "media": sorted((m.sha256, m.filename, m.kind) for m in session.exec(select(Media))),
        }


def test_a_site_and_its_export_folder_give_the_same_database(
    from_site: tuple[str, Engine, Report], from_folder: tuple[str, Engine, Report]
) -> None:
    site_print = fingerprint(from_site[1])
    folder_print = fingerprint(from_folder[1])
    assert site_print.keys() == folder_print.keys()
    for key in site_print:
        assert site_print[key] == folder_print[key], key


def _indexed_items(engine: Engine) -> set[int]:
    """Item ids of the articles in the related index (the ones that have terms)."""
    with open_session(engine=engine) as session:
        return set(
            session.exec(
                select(SharePointItem.item_id).join(
                    RelatedTerm, col(RelatedTerm.article_id) == SharePointItem.article_id
                )
            ).all()
        )


def test_a_whole_archive_is_indexed_for_related_articles_by_one_rebuild_at_the_end(
    from_site: tuple[str, Engine, Report], from_folder: tuple[str, Engine, Report]
) -> None:
    _, site_engine, site_report = from_site
    _, folder_engine, folder_report = from_folder
    assert site_report.related_indexed is None  # fewer than 500 published: item by item
    with open_session(engine=folder_engine) as session:
        live_count = session.exec(select(func.count()).select_from(ArticleLive)).one()
    assert live_count > 50
    assert folder_report.related_indexed == live_count
    assert unindexed(site_engine) == unindexed(folder_engine) == 0
    # The same articles are in the index either way, and they are the live ones.
    assert _indexed_items(folder_engine) == _indexed_items(site_engine)
    assert len(_indexed_items(folder_engine)) == live_count
    with open_session(engine=folder_engine) as session:
        listed = session.exec(select(func.count(func.distinct(RelatedSuggestion.article_id)))).one()
    assert listed > live_count // 2  # lists were computed, not only terms stored


def test_a_second_run_changes_nothing(
    from_folder: tuple[str, Engine, Report], export_folder: Path, big_archive: Archive
) -> None:
    _, engine, _ = from_folder
    before = fingerprint(engine)
    report = Importer(FolderSource(export_folder), Mapping(), engine=engine).run()
    outcomes = {e.outcome for e in report.items}
    assert outcomes <= {Outcome.unchanged, Outcome.skipped}, report.summary()
    assert report.related_indexed is None  # nothing published: no rebuild
    assert sum(e.outcome is Outcome.unchanged for e in report.items) == sum(
        e.outcome != "skipped" for e in big_archive.expected.values()
    )
    assert fingerprint(engine) == before


def test_a_dry_run_writes_nothing_and_reports_what_a_run_would(
    export_folder: Path, from_folder: tuple[str, Engine, Report], tmp_path: Path
) -> None:
    # The first two pages of the export (a dry run is the same work as a run, rolled back).
    part = tmp_path / "part"
    (part / "items").mkdir(parents=True)
    for name in ("site.json", "fields.json", "versions", "files"):
        (part / name).symlink_to(export_folder / name)
    pages = sorted((export_folder / "items").glob("*.json"))[:2]
    for page in pages:
        (part / "items" / page.name).symlink_to(page)
    in_part = {item["Id"] for page in pages for item in _page_items(page)}
    for _, engine in _scratch("sp_dry"):
        report = Importer(
            FolderSource(part), Mapping(), engine=engine, options=ImportOptions(dry_run=True)
        ).run()
        with Session(engine) as session:
            assert session.exec(select(func.count()).select_from(Article)).one() == 0
            assert session.exec(select(func.count()).select_from(Media)).one() == 0
            assert session.exec(select(func.count()).select_from(User)).one() == 0
        real = from_folder[2]
        assert set(_first_entries(report)) == in_part
        assert len(in_part) >= 150
        # Each item's first entry (a second copy of a duplicate Id may come on a later page).
        assert _first_entries(report) == {
            item_id: entry for item_id, entry in _first_entries(real).items() if item_id in in_part
        }


def _first_entries(report: Report) -> dict[int | None, tuple[Outcome, list[str]]]:
    return {e.item_id: (e.outcome, e.reasons) for e in reversed(report.items)}


def _page_items(page: Path) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = orjson.loads(page.read_bytes())["value"]
    return items


# --- killed midway -------------------------------------------------------------------------------


def _import_command(
    url: str, folder: Path, media_root: Path, report: Path
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "NEWSDESK_MEDIA_ROOT": str(media_root),
        "NEWSDESK_RUN_JOBS": "false",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "import-sharepoint", "--from-folder", str(folder),
         "--report", str(report)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def test_a_run_killed_midway_and_run_again_ends_as_an_uninterrupted_one(
    export_folder: Path, from_folder: tuple[str, Engine, Report], tmp_path: Path
) -> None:
    # Killed a third of the way in: well past the first pages, far from the end.
    kill_at = len(from_folder[2].items) // 3
    for url, engine in _scratch("sp_killed"):
        first = _import_command(url, export_folder, tmp_path / "media", tmp_path / "first.json")
        deadline = time.monotonic() + 120
        done = 0
        while time.monotonic() < deadline and first.poll() is None:
            with open_session(engine=engine) as session:
                done = session.exec(select(func.count()).select_from(SharePointItem)).one()
            if done >= kill_at:
                break
            time.sleep(0.05)
        assert first.poll() is None, "the import ended before it could be killed"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        with open_session(engine=engine) as session:
            partial = session.exec(select(func.count()).select_from(SharePointItem)).one()
            articles = session.exec(select(func.count()).select_from(Article)).one()
        assert kill_at <= partial < len(from_folder[2].items)
        assert articles == partial
        second = _import_command(url, export_folder, tmp_path / "media", tmp_path / "second.json")
        _, err = second.communicate(timeout=600)
        assert second.returncode == 0, err.decode()[-2000:]
        resumed = orjson.loads((tmp_path / "second.json").read_bytes())
        assert resumed["counts"]["unchanged"] >= partial
        assert fingerprint(engine) == fingerprint(from_folder[1])


# --- what the public sees ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def public_server(from_site: tuple[str, Engine, Report]) -> Iterator[httpx.Client]:
    """The imported site's database served by a real server process."""
    port = free_port()
    server = start_server(from_site[0], port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client
    finally:
        stop_server(server)


def _imported(engine: Engine) -> dict[int, int]:
    """Item id → article id of every imported item (none of the archive's is purged)."""
    with open_session(engine=engine) as session:
        rows = session.exec(select(SharePointItem)).all()
    assert all(row.article_id is not None for row in rows)
    return {row.item_id: row.article_id for row in rows if row.article_id is not None}


def _meant_to_be_visible(archive: Archive, article_of: dict[int, int]) -> set[int]:
    """Published items, and items whose last approved version stays live while a newer one
    waits (draft, in review, rejected)."""
    return {
        article_of[i]
        for i, e in archive.expected.items()
        if e.outcome != "skipped"
        and (
            e.status == "published"
            or (e.status in ("in_review", "draft", "rejected") and e.live_version)
        )
    }


def _pages(client: httpx.Client, path: str, key: str, **params: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        answer = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.text
        page = answer.json()
        found += page[key]
        cursor = page.get("next_cursor")
        if not cursor or page.get("has_more") is False:
            return found


def test_the_public_sees_exactly_the_live_items_and_every_old_address_resolves(
    from_site: tuple[str, Engine, Report], big_archive: Archive, public_server: httpx.Client
) -> None:
    article_of = _imported(from_site[1])
    visible = {a["id"] for a in _pages(public_server, "/v1/articles", "items", limit=100)}
    assert visible == _meant_to_be_visible(big_archive, article_of)
    for item_id, expected in big_archive.expected.items():
        if expected.outcome == "skipped":
            continue
        answer = public_server.get("/v1/resolve", params={"path": expected.legacy_paths[0]})
        if article_of[item_id] in visible:
            assert answer.status_code == 200, (item_id, answer.text)
            assert answer.json()["id"] == article_of[item_id]
        else:
            assert answer.status_code == 404, (item_id, answer.text)


def test_imported_items_reach_search_sitemaps_and_the_sync_feed_but_send_no_webhooks(
    from_site: tuple[str, Engine, Report], big_archive: Archive, public_server: httpx.Client
) -> None:
    engine = from_site[1]
    article_of = _imported(engine)
    visible = _meant_to_be_visible(big_archive, article_of)
    # Search, folded: a live item is found without its diacritics, a hidden one not at all.
    plain = [
        (i, e) for i, e in big_archive.expected.items()
        if e.outcome != "skipped" and not e.legacy_encoding and "nfd" not in e.cases
    ]  # fmt: skip
    live_item = next((i, e) for i, e in plain if article_of[i] in visible)
    hidden_item = next((i, e) for i, e in plain if article_of[i] not in visible)
    for (item_id, expected), found in ((live_item, True), (hidden_item, False)):
        query = fold(expected.title)
        hits = public_server.get("/v1/articles", params={"q": query, "limit": 50}).json()
        assert (article_of[item_id] in {a["id"] for a in hits["items"]}) is found, query
    # The sitemap lists exactly the live ones.
    sitemap = public_server.get("/sitemap-articles-1.xml")
    assert sitemap.status_code == 200
    assert sitemap.text.count("<url>") == len(visible)
    # The sync feed: one initial listing of exactly the live items, nothing deleted.
    with open_session(write=True, engine=engine) as session:
        _, secret = create_api_key(
            session, data=ApiKeyCreate(name="Mirror", scopes=["sync"]), actor=_no_one()
        )
        session.commit()
        # No webhook storm: the import queued no event and no delivery.
        assert session.exec(select(func.count()).select_from(OutboxEvent)).one() == 0
        assert session.exec(select(func.count()).select_from(WebhookDelivery)).one() == 0
    public_server.headers["X-API-Key"] = secret
    try:
        upserted = _pages(public_server, "/v1/sync", "upserted", limit=200)
    finally:
        del public_server.headers["X-API-Key"]
    assert sorted(a["id"] for a in upserted) == sorted(visible)


def _no_one() -> Principal:
    return Principal(user=User(username="test", display_name="", password_hash="!"),
                     site_role=Role.admin)  # fmt: skip
