"""`newsdesk export-sharepoint`: a live site's list saved as an export folder.

The folder is what `FolderSource` reads (app/sharepoint/source.py): `site.json`, `fields.json`,
the items pages exactly as the site sent them (`items/000001.json`…, fully expanded: people,
lookups, attachments), `versions/<id>.json` for every item, and under `files/` every image the
items' bodies and image columns point to on the site, and every attachment. A migration team
runs it once, hands the folder over, and the import reads it offline as it would the site.

A run can be stopped and run again: a version history or file already in the folder is not
fetched again (each is written whole or not at all), and the pages, which hold no more than the
next page's address, are read again. A page, history or file that fails is named in
`export-problems.txt` and the run goes on; only refused credentials stop it.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

import orjson

from app.sharepoint.odata import MalformedPage, read_page
from app.sharepoint.source import (
    CredentialsRefused,
    SiteSource,
    SourceError,
    expanded_query,
    property_name,
    site_file_path,
)

PROBLEMS_FILE = "export-problems.txt"
_IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp", ".bmp"})
# Progress lines for versions and files come once per this many (pages: every page).
_PROGRESS_EVERY = 100
T = TypeVar("T", int, str)


@dataclass
class ExportReport:
    pages: int = 0
    items: int = 0
    versions: int = 0  # version histories in the folder
    files: int = 0  # files fetched by this run
    files_present: int = 0  # files already in the folder from an earlier run
    problems: list[str] = field(default_factory=list)


def export_list(
    source: SiteSource, out: Path, *, progress: Callable[[str], None] = lambda _: None
) -> ExportReport:
    """Write the list of `source` into the folder `out` (created, or resumed)."""
    report = ExportReport(problems=source.problems)
    out.mkdir(parents=True, exist_ok=True)
    try:
        _export(source, out, report, progress)
    finally:
        lines = "".join(f"{problem}\n" for problem in report.problems)
        (out / PROBLEMS_FILE).write_text(lines, encoding="utf-8")
    return report


def _export(
    source: SiteSource, out: Path, report: ExportReport, progress: Callable[[str], None]
) -> None:
    fields_answer = source.fields_answer()
    fields: list[dict[str, Any]] = []
    if fields_answer is not None:
        _write(out / "fields.json", fields_answer)
        fields = _read(fields_answer, "fields.json", report)
    source.select, source.expand = expanded_query(fields)
    image_columns = {
        property_name(f)
        for f in fields
        if f.get("TypeAsString") == "URL" and f.get("DisplayFormat") == 1
    }
    site = {
        "site_url": source.site_url, "list_title": source.list_title,
        "list_url": source.list_url, "odata": source.odata,
        "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }  # fmt: skip
    _write(out / "site.json", orjson.dumps(site, option=orjson.OPT_INDENT_2))

    item_ids: dict[int, None] = {}  # ordered sets
    paths: dict[str, None] = {}
    try:
        for answer, page in source.answers():
            report.pages += 1
            _write(out / "items" / f"{report.pages:06}.json", answer)
            for item in page.items:
                item_id = item.get("Id", item.get("ID"))
                if not isinstance(item_id, int):
                    report.problems.append(f"page {report.pages}: an item without an Id")
                    continue
                item_ids[item_id] = None
                paths.update(dict.fromkeys(_files(item, image_columns, source.site_url)))
            report.items = len(item_ids)
            progress(f"items: {report.items} ({report.pages} pages)")
    except CredentialsRefused:
        raise
    except SourceError as error:
        report.problems.append(f"items after page {report.pages}: {error}")
    # Pages of an earlier run beyond this run's last one would be read as if still there.
    for stale in (out / "items").glob("*.json"):
        if not stale.stem.isdigit() or int(stale.stem) > report.pages:
            stale.unlink()

    for done, item_id in enumerate(item_ids, start=1):
        target = out / "versions" / f"{item_id}.json"
        answer_bytes = target.read_bytes() if target.exists() else None
        if answer_bytes is None:
            answer_bytes = _tolerant(source.versions_answer, item_id, report)
            if answer_bytes is not None:
                _write(target, answer_bytes)
        if answer_bytes is not None:
            report.versions += 1
            for version in _read(answer_bytes, f"versions/{item_id}.json", report):
                paths.update(dict.fromkeys(_files(version, image_columns, source.site_url)))
        if done % _PROGRESS_EVERY == 0 or done == len(item_ids):
            progress(f"versions: {done}/{len(item_ids)}")

    for done, path in enumerate(paths, start=1):
        target = out / "files" / PurePosixPath(path).relative_to("/")
        if target.exists():
            report.files_present += 1
        else:
            content = _tolerant(source.download, path, report)
            if content is not None:
                _write(target, content)
                report.files += 1
        if done % _PROGRESS_EVERY == 0 or done == len(paths):
            progress(f"files: {done}/{len(paths)} ({report.files_present} already there)")


def _tolerant(fetch: Callable[[T], bytes | None], what: T, report: ExportReport) -> bytes | None:
    """What `fetch` gets; a failure (other than refused credentials) becomes a problem."""
    try:
        return fetch(what)
    except CredentialsRefused:
        raise
    except SourceError as error:
        report.problems.append(f"{what}: {error}")
        return None


def _read(answer: bytes, name: str, report: ExportReport) -> list[dict[str, Any]]:
    try:
        return read_page(answer).items
    except MalformedPage as error:
        report.problems.append(f"{name}: {error}")
        return []


def _files(values: dict[str, Any], image_columns: set[str], site_url: str) -> Iterator[str]:
    """Server-relative paths of the site's files an item (or a version) shows: `<img>` in its
    rich text, its image columns, its attachments."""
    urls: list[str] = []
    for name, value in values.items():
        if isinstance(value, str) and "<img" in value.lower():
            # Every text column is searched: which ones are rich text differs between sites,
            # and a plain one never holds an <img> tag.
            urls.extend(_image_sources(value))
        elif isinstance(value, dict) and isinstance(value.get("Url"), str):
            url = value["Url"]
            if (
                name in image_columns
                or PurePosixPath(url.split("?")[0]).suffix.lower() in _IMAGE_SUFFIXES
            ):
                urls.append(url)
    for attachment in values.get("AttachmentFiles") or []:
        if isinstance(attachment, dict) and isinstance(attachment.get("ServerRelativeUrl"), str):
            urls.append(attachment["ServerRelativeUrl"])
    for url in urls:
        path = site_file_path(url, site_url)
        if path is not None:
            yield path


class _ImageSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources.extend(value for name, value in attrs if name == "src" and value)


def _image_sources(html: str) -> list[str]:
    parser = _ImageSources()
    parser.feed(html)
    parser.close()
    return parser.sources


def _write(target: Path, content: bytes) -> None:
    """Whole or not at all: a run stopped mid-write leaves no half file to be taken as done."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    partial.write_bytes(content)
    partial.replace(target)
