"""`newsdesk import-sharepoint`: the source from the options, a progress line, the report."""

import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from app.sharepoint.importer import Importer, ImportOptions
from app.sharepoint.mapping import MappingError, load_mapping
from app.sharepoint.report import Outcome, Report
from app.sharepoint.source import FolderSource, SiteSource, Source, SourceError

REPORT_DIR = Path("var")
_ODATA_FORMATS = ("verbose", "nometadata", "minimalmetadata")
# Exit codes a migration script can act on.
EXIT_OK, EXIT_USAGE, EXIT_SOURCE, EXIT_ITEMS_FAILED, EXIT_INTERRUPTED = 0, 2, 3, 4, 130


class _Progress:
    """One line on stderr, rewritten at most twice a second: items done, rate, outcomes."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = 0.0
        self.interactive = sys.stderr.isatty()
        self.total: int | None = None  # items the source holds, when it says

    def __call__(self, report: Report, *, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self.shown < (0.5 if self.interactive else 10.0):
            return
        self.shown = now
        done = len(report.items)
        rate = done / max(now - self.started, 1e-6)
        counts = ", ".join(f"{n} {o}" for o, n in report.counts().items() if n)
        line = f"{done} items, {rate:.1f}/s ({counts})"
        if self.total and not final:
            left = max(self.total - done, 0) / max(rate, 1e-6)
            line = f"{done}/{self.total} items, {rate:.1f}/s, ETA {_duration(left)} ({counts})"
        end = "\n" if final or not self.interactive else ""
        sys.stderr.write(("\r" if self.interactive else "") + line + end)
        sys.stderr.flush()


def build_source(
    *,
    site_url: str | None,
    list_title: str,
    folder: Path | None,
    bearer_token: str | None,
    cookie: str | None,
    odata: str,
    page_size: int,
) -> Source:
    if (site_url is None) == (folder is None):
        raise ValueError("give either --site-url or --from-folder")
    if folder is not None:
        return FolderSource(folder)
    assert site_url is not None
    if odata not in _ODATA_FORMATS:
        raise ValueError(f"--odata must be one of {', '.join(_ODATA_FORMATS)}")
    if not bearer_token and not cookie:
        raise ValueError("a live site needs --bearer-token or --cookie (docs/migration.md)")
    return SiteSource(
        site_url=site_url,
        list_title=list_title,
        bearer_token=bearer_token,
        cookie=cookie,
        odata=odata,  # type: ignore[arg-type]
        page_size=page_size,
    )


def run_import(
    *,
    site_url: str | None,
    list_title: str,
    folder: Path | None,
    bearer_token: str | None,
    cookie: str | None,
    odata: str,
    page_size: int,
    mapping_file: Path | None,
    dry_run: bool,
    since: datetime | None,
    overwrite_edited: bool,
    report_file: Path | None,
    echo: Callable[..., None],
) -> int:
    """Run one import and write its report; the exit code says how it went."""
    try:
        source = build_source(
            site_url=site_url, list_title=list_title, folder=folder, bearer_token=bearer_token,
            cookie=cookie, odata=odata, page_size=page_size,
        )  # fmt: skip
        mapping = load_mapping(mapping_file)
    except (ValueError, MappingError) as error:
        echo(f"error: {error}", err=True)
        return EXIT_USAGE
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    started = datetime.now(UTC)
    progress = _Progress()
    options = ImportOptions(dry_run=dry_run, since=since, overwrite_edited=overwrite_edited)
    importer: Importer | None = None
    source_failed = False
    try:
        importer = Importer(source, mapping, options=options, progress=progress)
        # A delta touches few of the list's items: no ETA from the list's size then.
        progress.total = None if since else source.item_count()
        report = importer.run()
    except SourceError as error:  # the site stopped answering: what is in stays in
        source_failed = True
        report = importer.report if importer else Report(site_url or "", dry_run, started)
        report.problems.append(str(error))
        report.interrupted = True
        report.finished_at = datetime.now(UTC)
        echo(f"error: {error}", err=True)
    finally:
        if isinstance(source, SiteSource):
            source.close()
    progress(report, final=True)
    target = report_file or REPORT_DIR / (
        f"sharepoint-import-{report.started_at:%Y%m%d-%H%M%S}{'-dry-run' if dry_run else ''}.json"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(report.to_json())
    echo(report.summary())
    echo(f"report: {target}")
    if source_failed:
        return EXIT_SOURCE
    if report.interrupted:
        return EXIT_INTERRUPTED
    if report.counts()[Outcome.failed.value]:
        return EXIT_ITEMS_FAILED
    return EXIT_OK


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"
