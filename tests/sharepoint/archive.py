"""A generated SharePoint news archive, and what a correct import of it must give.

`generate_archive()` builds a "Tin Tức Mở Rộng" list the way a provincial portal holds one after
ten years: Vietnamese news with SharePoint's rich-text cruft, images in bodies and attachments
(real JPEG/PNG/PDF/DOCX bytes, some missing), 3-10 versions per item in every approval state,
related-news lookups (some to deleted items), categories from a term set, several authors,
items stored TCVN3/VNI-garbled or decomposed (NFD), and a few broken items. Beside each item it
writes down the outcome a correct importer must reach (`ExpectedItem`), derived from what it
generated, never from importer code. The same count and seed give the same archive.

`serve_archive()` serves it as a live site (tests/sharepoint/fake_site.py);
`write_export_folder()` writes the folder `newsdesk export-sharepoint` would write from it.
"""

import contextlib
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

import orjson

from app.sharepoint.odata import read_page
from app.sharepoint.source import ODataFormat, expanded_query
from tests.sharepoint import archive_items
from tests.sharepoint import archive_text as text
from tests.sharepoint.archive_items import (
    COLUMNS,
    LIST_TITLE,
    LIST_URL,
    PROPERTY,
    SITE_ORIGIN,
    SITE_PATH,
    SITE_URL,
    STATES,
    Plan,
    Status,
)
from tests.sharepoint.fake_site import FakeSite, serve

NO_TITLE, BAD_DATE, DUPLICATE = "no title", "date out of range", "duplicate id"
# Tests of the import need no other module of the archive.
__all__ = [
    "BAD_DATE", "CASES", "DUPLICATE", "LIST_TITLE", "LIST_URL", "NO_TITLE", "PROPERTY",
    "SITE_ORIGIN", "SITE_URL", "Archive", "ExpectedItem", "generate_archive", "serve_archive",
    "write_export_folder",
]  # fmt: skip
Outcome = Literal["imported", "skipped", "flagged"]


@dataclass(frozen=True)
class ExpectedItem:
    """What importing one source item must give."""

    source_id: int
    outcome: Outcome  # flagged: imported, with a warning that says `reason`
    # NO_TITLE (skipped), BAD_DATE, "wrong type: <column>", DUPLICATE (flagged); None if imported
    reason: str | None
    status: Status
    live_version: str | None  # the newest major version label ("2.0"); None if never approved
    title: str  # NFC, whatever encoding the site stored it in
    category_path: list[str]  # ["Tin tức", "Trong tỉnh"]; [] when uncategorised
    byline: str | None  # "Tác giả", free text
    author_display_name: str  # the Author person
    views: int  # 0 when the column holds no number
    featured: bool  # False when the column holds no boolean
    publish_at: datetime | None  # None when missing or out of range
    version_labels: list[str]  # oldest first
    related_ids: list[int]  # "Tin liên quan" that exist and are imported, in order
    image_count: int  # distinct images of the site, present, in the body and the lead image
    missing_files: list[str]  # server-relative paths of body/lead images the site lacks, sorted
    attachment_names: list[str]
    legacy_paths: list[str]  # DispForm, ChiTietTin and the attachments' addresses
    history: list[str]  # "Lịch sử" lines
    legacy_encoding: Literal["tcvn3", "vni"] | None  # how title, summary and body are stored
    cases: frozenset[str]  # the generated cases the item carries (CASES)


@dataclass
class Archive:
    fields: list[dict[str, Any]]
    items: list[dict[str, Any]]  # in Id order, as the site serves them fully expanded
    versions: dict[int, list[dict[str, Any]]]  # newest first
    files: dict[str, bytes]  # server-relative path → bytes
    expected: dict[int, ExpectedItem]
    # Ids the site lists a second time, at the top of the page after theirs.
    duplicate_ids: list[int] = field(default_factory=list)

    def site(self, *, odata: ODataFormat | None = None, url: str = SITE_URL) -> FakeSite:
        """The fake site holding this archive, not yet served."""
        return FakeSite(
            LIST_TITLE, self.items, url=url, fields=self.fields, versions=self.versions,
            files=self.files, list_url=LIST_URL, relisted=frozenset(self.duplicate_ids),
            odata=odata, origin_alias=SITE_ORIGIN,
        )  # fmt: skip


# Cases, each with the share of items that carry it (at least one item). The cases of one
# group exclude each other on an item.
CONTENT_CASES = {
    "legacy-tcvn3": 0.012, "legacy-vni": 0.01, "nfd": 0.01, "bad-date": 0.006,
    "wrong-views": 0.004, "wrong-featured": 0.004, "broken-html": 0.006, "no-title": 0.006,
    "duplicate": 0.004, "missing-image": 0.008, "external-image": 0.01,
    "rendition-query": 0.006, "encoded-image-name": 0.02, "no-category": 0.02,
}  # fmt: skip
STATUS_CASES = {
    "rejected": 0.05, "pending": 0.06, "draft": 0.06, "scheduled": 0.02, "future": 0.015,
    "unpublished": 0.04,
}  # fmt: skip
# Cases that come out of the draw rather than being drawn (the archive's tests check them).
FOUND_CASES = frozenset({
    "published", "related-missing", "related-skipped", "attachments", "lead-image",
    "absolute-image", "relative-image", "shared-image", "draft-over-approved",
})  # fmt: skip
CASES = frozenset(CONTENT_CASES) | frozenset(STATUS_CASES) | FOUND_CASES


def generate_archive(count: int = 520, seed: int = 18) -> Archive:
    """`count` news items (with gaps in their ids, as deleted items leave) and the outcome a
    correct import of each must reach."""
    rng = random.Random(seed)
    ids = sorted(rng.sample(range(1, count + count // 12 + 2), count))
    cases = _draw_cases(rng, ids)
    files: dict[str, bytes] = {}
    plans: dict[int, Plan] = {}
    for position, item_id in enumerate(ids):
        plan = archive_items.plan_item(rng, item_id, position / count, cases[item_id], files)
        _relate(rng, plan, plans, ids, position)
        plans[item_id] = plan
    titles = {item_id: plan.stored_title() for item_id, plan in plans.items()}
    return Archive(
        fields=_fields(),
        items=[archive_items.item_json(plan, titles) for plan in plans.values()],
        versions={i: archive_items.versions_json(plan, titles) for i, plan in plans.items()},
        files=files,
        expected={i: _expected(plan, plans) for i, plan in plans.items()},
        duplicate_ids=[i for i in ids if "duplicate" in cases[i]],
    )


def _draw_cases(rng: random.Random, ids: list[int]) -> dict[int, set[str]]:
    cases: dict[int, set[str]] = {item_id: set() for item_id in ids}
    for group in (CONTENT_CASES, STATUS_CASES):
        free = list(ids)
        rng.shuffle(free)
        for case, share in group.items():
            for _ in range(max(1, round(share * len(ids)))):
                # A duplicate must not be on the last page (no page follows to repeat it on);
                # a scheduled item needs a readable date.
                chosen = next(
                    i for i in free
                    if not (case == "duplicate" and i > ids[len(ids) // 2])
                    and not (case in ("scheduled", "future") and "bad-date" in cases[i])
                )  # fmt: skip
                free.remove(chosen)
                cases[chosen].add(case)
    return cases


def _relate(
    rng: random.Random, plan: Plan, earlier: dict[int, Plan], ids: list[int], position: int
) -> None:
    """ "Tin liên quan": older news mostly; now and then an item deleted since (a gap in the
    ids), and always the item just after one without a title points to it."""
    if not earlier:
        return
    previous = ids[position - 1]
    if "no-title" in earlier[previous].cases:
        plan.related.append(previous)
    if rng.random() < 0.3:
        candidates = ids[max(0, position - 60) : position]
        plan.related.extend(rng.sample(candidates, min(len(candidates), rng.randint(1, 3))))
    if position % 37 == 5:
        gaps = sorted(set(range(1, ids[position])) - set(ids))
        if gaps:
            plan.related.insert(0, rng.choice(gaps))
    plan.related = list(dict.fromkeys(plan.related))


def _expected(plan: Plan, plans: dict[int, Plan]) -> ExpectedItem:
    cases = plan.cases
    reason = None
    if "no-title" in cases:
        reason = NO_TITLE
    elif "bad-date" in cases:
        reason = BAD_DATE
    elif "wrong-views" in cases:
        reason = "wrong type: Số lượt người đọc"
    elif "wrong-featured" in cases:
        reason = "wrong type: Tin nổi bật"
    elif "duplicate" in cases:
        reason = DUPLICATE
    related = []
    for related_id in plan.related:
        target = plans.get(related_id)
        if target is None:
            cases.add("related-missing")
        elif "no-title" in target.cases:
            cases.add("related-skipped")
        else:
            related.append(related_id)
    on_site = [p for p in plan.image_paths() if p]
    present = {path for path in on_site if path not in plan.missing}
    majors = [version.label for version in plan.timeline if version.label.endswith(".0")]
    if plan.status() == "published":
        cases.add("published")
    if majors and plan.status() in ("draft", "in_review"):
        cases.add("draft-over-approved")
    return ExpectedItem(
        source_id=plan.id,
        outcome="skipped" if reason == NO_TITLE else "flagged" if reason else "imported",
        reason=reason, status=plan.status(), live_version=majors[-1] if majors else None,
        title="" if "no-title" in cases else plan.title,
        category_path=plan.category.split(" > ") if plan.category else [],
        byline=plan.byline, author_display_name=plan.timeline[0].editor.name,
        views=0 if "wrong-views" in cases else plan.views,
        featured=False if "wrong-featured" in cases else plan.featured,
        publish_at=None if "bad-date" in cases else plan.publish,
        version_labels=[version.label for version in plan.timeline], related_ids=related,
        image_count=len(present), missing_files=sorted(plan.missing),
        attachment_names=[name for name, _ in plan.attachments],
        legacy_paths=[
            f"{LIST_URL}/DispForm.aspx?ID={plan.id}", f"/Pages/ChiTietTin.aspx?ItemID={plan.id}",
            *(path for _, path in plan.attachments),
        ],
        history=plan.history(), legacy_encoding=plan.legacy_encoding(),
        cases=frozenset(cases),
    )  # fmt: skip


def _fields() -> list[dict[str, Any]]:
    """The list's `…/fields`: SharePoint's own columns, then the portal's."""
    built_in = [
        ("ID", "ID", "ID", "Counter"), ("Title", "Title", "Tiêu đề", "Text"),
        ("Created", "Created", "Ngày tạo", "DateTime"),
        ("Modified", "Modified", "Ngày sửa", "DateTime"),
        ("Author", "Author", "Người tạo", "User"), ("Editor", "Editor", "Người sửa", "User"),
        ("Attachments", "Attachments", "Tệp đính kèm", "Attachments"),
        ("_ModerationStatus", "OData__ModerationStatus", "Trạng thái phê duyệt", "ModStat"),
        ("_UIVersionString", "OData__UIVersionString", "Phiên bản", "Text"),
        ("GUID", "GUID", "GUID", "Guid"),
    ]  # fmt: skip
    answer = [
        {
            "InternalName": internal, "EntityPropertyName": entity, "StaticName": internal,
            "Title": title, "TypeAsString": kind, "Hidden": internal == "GUID",
            "ReadOnlyField": internal not in ("Title", "Attachments"), "FromBaseType": True,
        }
        for internal, entity, title, kind in built_in
    ]  # fmt: skip
    for display, kind, _ in COLUMNS[1:]:  # the first is the built-in Title, renamed
        name = PROPERTY[display]
        entry: dict[str, Any] = {
            "InternalName": name, "EntityPropertyName": name, "StaticName": name,
            "Title": display, "TypeAsString": kind, "Hidden": False, "ReadOnlyField": False,
            "FromBaseType": False, "Id": str(uuid.uuid5(uuid.NAMESPACE_URL, name)),
        }  # fmt: skip
        if display == "Loại bài viết":
            entry["Choices"] = text.KINDS
        elif display == "Trạng thái":
            entry["Choices"] = STATES
        elif kind == "Note":
            entry["RichText"] = display == "Nội dung"
        elif kind == "URL":
            entry["DisplayFormat"] = 1 if display == "Hình ảnh" else 0  # 1: an image
        elif kind == "LookupMulti":
            lookup_list = f"{{{uuid.uuid5(uuid.NAMESPACE_URL, LIST_URL)}}}"
            entry.update(
                {"LookupField": "Title", "AllowMultipleValues": True, "LookupList": lookup_list}
            )
        answer.append(entry)
    return answer


@contextlib.contextmanager
def serve_archive(archive: Archive, *, odata: ODataFormat | None = None) -> Iterator[FakeSite]:
    """The archive as a live site on 127.0.0.1 (credentials: fake_site.BEARER or COOKIE).
    `odata` makes it answer in that format whatever it is asked, like a SharePoint 2013."""
    with serve(archive.site(odata=odata)) as site:
        yield site


def write_export_folder(
    archive: Archive,
    folder: Path,
    *,
    odata: ODataFormat = "nometadata",
    page_size: int = 100,
    site_url: str = SITE_URL,
    broken_page: int | None = None,
) -> list[list[int]]:
    """The export folder of the archive, written from what its site would answer (no HTTP):
    items pages fully expanded, fields, versions and files. `broken_page` (from 1) is cut
    short, as a crashed export leaves a page. Returns each page's item ids."""
    site = archive.site(odata=odata, url=site_url)
    api = f"{SITE_PATH}/_api/web/lists/GetByTitle('{LIST_TITLE}')"

    def answer(path: str, query: dict[str, list[str]]) -> bytes:
        status, body, _ = site.answer(path, query)
        assert status == 200, body
        return body

    def write(name: str, content: bytes) -> None:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)

    site_json = {
        "site_url": site_url, "list_title": LIST_TITLE, "list_url": LIST_URL, "odata": odata,
        "exported_at": "2025-06-30T17:00:00Z",
    }  # fmt: skip
    write("site.json", orjson.dumps(site_json))
    write("fields.json", answer(f"{api}/fields", {}))
    select, expand = expanded_query(archive.fields)
    query = {"$top": [str(page_size)], "$select": [",".join(select)], "$expand": [",".join(expand)]}
    pages: list[list[int]] = []
    while True:
        body = answer(f"{api}/items", query)
        page = read_page(body)
        pages.append([item["Id"] for item in page.items])
        broken = len(pages) == broken_page
        write(f"items/{len(pages):06}.json", body[: len(body) // 2] if broken else body)
        if page.next_url is None:
            break
        query = parse_qs(urlsplit(page.next_url).query)
    for item in archive.items:
        write(f"versions/{item['Id']}.json", answer(f"{api}/items({item['Id']})/versions", {}))
    for path, content in archive.files.items():
        write(f"files{path}", content)
    return pages
