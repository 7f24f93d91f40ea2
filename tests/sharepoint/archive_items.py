"""One generated news item of the SharePoint archive (tests/sharepoint/archive.py): its plan
(what was drawn: texts, images, versions, dates), and the JSON the site serves from it (the item
fully expanded, its versions)."""

import io
import math
import random
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from urllib.parse import quote

from PIL import Image, ImageDraw

from app.sharepoint.legacy_text import encode_legacy
from app.sharepoint.names import encode_internal_name
from tests.media.files import docx, pdf
from tests.sharepoint import archive_text as text

SITE_ORIGIN = "http://tintuc.angiang.gov.vn"
SITE_PATH = "/sites/tintuc"
SITE_URL = SITE_ORIGIN + SITE_PATH
LIST_TITLE = "Tin Tức Mở Rộng"
LIST_URL = f"{SITE_PATH}/Lists/TinTuc"
IMAGES = f"{SITE_PATH}/PublishingImages"
EXTERNAL_IMAGES = "https://baoangiang.com.vn/image/fckeditor/upload"
NO_DATE = "0001-01-01T00:00:00Z"  # what SharePoint shows for a date it lost
# Scheduled items go out in 2099: "in the future" for as long as these tests live.
FUTURE = datetime(2099, 1, 1, 1, 0, tzinfo=UTC)

# The list's columns: display name, SharePoint type, and the property name when it is not the
# one SharePoint derives from the display name (fields created in English, renamed later).
COLUMNS: list[tuple[str, str, str | None]] = [
    ("Tiêu đề", "Text", "Title"), ("Hình ảnh", "URL", None), ("Hình ảnh mô tả", "Note", None),
    ("Tóm tắt", "Note", None), ("Nội dung", "Note", None),
    ("Link thay thế nội dung", "URL", None), ("Ngày xuất bản", "DateTime", None),
    ("Tin nổi bật", "Boolean", None), ("Tác giả", "Text", None),
    ("Loại bài viết", "Choice", None), ("Số Trang", "Number", None),
    ("Số Ảnh", "Number", None), ("Số tiền", "Currency", None),
    ("Tin liên quan", "LookupMulti", "TinLienQuan"), ("Trạng thái", "Choice", None),
    ("Lịch sử", "Note", None), ("Số lượt người đọc", "Number", "SoLuotNguoiDoc"),
    ("Phân loại", "TaxonomyFieldType", "PhanLoai"),
]  # fmt: skip
# Display name → the property name in item JSON.
PROPERTY = {display: name or encode_internal_name(display) for display, _, name in COLUMNS}
STATES = ["Nháp", "Chờ duyệt", "Đã duyệt", "Trả lại", "Ngừng xuất bản"]
_STATE_BY_MODERATION = {0: "Đã duyệt", 1: "Trả lại", 2: "Chờ duyệt", 3: "Nháp", 4: "Đã duyệt"}
_ACTIONS = {0: "Duyệt xuất bản", 1: "Trả lại", 2: "Gửi duyệt", 3: "Cập nhật", 4: "Hẹn giờ"}
_MODERATION_BY_CASE = {"rejected": 1, "pending": 2, "draft": 3, "scheduled": 4}
Status = Literal["draft", "in_review", "rejected", "scheduled", "published", "unpublished"]
_STATUS_BY_MODERATION: dict[int, Status] = {
    1: "rejected", 2: "in_review", 3: "draft", 4: "scheduled"
}  # fmt: skip
P = PROPERTY


@dataclass(frozen=True)
class Version:
    label: str
    moderation: int
    editor: text.Person
    saved: datetime

    @property
    def version_id(self) -> int:
        major, minor = self.label.split(".")
        return 512 * int(major) + int(minor)


@dataclass
class Plan:
    """What was drawn for one item; every JSON shape and the expected outcome come from it."""

    id: int
    cases: set[str]
    timeline: list[Version]  # oldest first
    title: str
    working_title: str  # the title of the first versions
    summary: str
    paragraphs: list[str]
    style: int
    class_id: str
    kind: str
    byline: str | None
    category: str | None
    views: int
    featured: bool
    publish: datetime | None
    lead_path: str | None = None
    lead: dict[str, str] | None = None
    pictures: list[tuple[str | None, text.Picture]] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)
    attachments: list[tuple[str, str]] = field(default_factory=list)  # name, path
    related: list[int] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # values that never change

    def encode(self, value: str) -> str:
        """A text as the site stores it: garbled by a legacy font, or decomposed."""
        for case in sorted(self.cases):  # sorted: a set's order changes with the hash seed
            if case.startswith("legacy-"):
                return encode_legacy(value, case.removeprefix("legacy-"))  # type: ignore[arg-type]
        return unicodedata.normalize("NFD", value) if "nfd" in self.cases else value

    def stored_title(self, title: str | None = None) -> str | None:
        """The title as the site holds it (`title`: an earlier version's)."""
        if "no-title" in self.cases:
            return [None, "", "   "][self.id % 3]
        return self.encode(title or self.title)

    def legacy_encoding(self) -> Literal["tcvn3", "vni"] | None:
        if "legacy-tcvn3" in self.cases:
            return "tcvn3"
        return "vni" if "legacy-vni" in self.cases else None

    def status(self) -> Status:
        if "unpublished" in self.cases:
            return "unpublished"
        moderation = self.timeline[-1].moderation
        if moderation == 0:
            return (
                "scheduled" if self.publish is not None and self.publish >= FUTURE else "published"
            )
        return _STATUS_BY_MODERATION[moderation]

    def history(self, upto: int | None = None) -> list[str]:
        """ "Lịch sử" as of version `upto` (the current one by default): one line per save,
        in the portal's local time."""
        last = len(self.timeline) - 1 if upto is None else upto
        lines = [
            f"{v.saved + timedelta(hours=7):%d/%m/%Y %H:%M} {v.editor.name}: "
            + ("Tạo mới" if n == 0 else _ACTIONS[v.moderation])
            for n, v in enumerate(self.timeline[: last + 1])
        ]
        if last == len(self.timeline) - 1 and "unpublished" in self.cases:
            current = self.timeline[-1]
            lines.append(f"{current.saved + timedelta(hours=7):%d/%m/%Y %H:%M} "
                         f"{current.editor.name}: Ngừng xuất bản")  # fmt: skip
        return lines

    def image_paths(self) -> list[str]:
        """The site's images the item shows, lead image first (repeats kept)."""
        paths = [self.lead_path] if self.lead_path else []
        return paths + [path for path, _ in self.pictures if path]

    def values(self, number: int) -> dict[str, Any]:
        """The list's columns as of version `number` (0: the first): the title and the body
        grow across versions, the summary comes with the second, views add up."""
        count = len(self.timeline)
        version = self.timeline[number]
        blocks: list[text.Block] = []
        pictures = [picture for _, picture in self.pictures]
        for index, paragraph in enumerate(self.paragraphs):
            blocks.append(paragraph)
            blocks.extend(pictures[index : index + 1])
        blocks = blocks[: math.ceil(len(blocks) * (number + 1) / count)]
        if "broken-html" in self.cases:
            body = text.broken_rich_text(blocks, class_id=self.class_id)
        else:
            body = text.rich_text(blocks, style=self.style, class_id=self.class_id)
        title = self.title if number >= max(1, count // 3) else self.working_title
        unpublished = number == count - 1 and "unpublished" in self.cases
        return {
            "Title": self.stored_title(title),
            P["Hình ảnh"]: self.lead,
            P["Hình ảnh mô tả"]: self.lead["Description"] if self.lead else None,
            P["Tóm tắt"]: self.encode(self.summary) if number else "",
            P["Nội dung"]: self.encode(body),
            P["Ngày xuất bản"]: (
                NO_DATE if "bad-date" in self.cases else self.publish and _iso(self.publish)
            ),
            P["Tin nổi bật"]: "có" if "wrong-featured" in self.cases else self.featured,
            P["Tác giả"]: self.byline,
            P["Loại bài viết"]: self.kind,
            **self.extra,
            P["Trạng thái"]: "Ngừng xuất bản" if unpublished else _STATE_BY_MODERATION[
                version.moderation],
            P["Lịch sử"]: "\n".join(self.history(number)),
            P["Số lượt người đọc"]: (
                "nhiều" if "wrong-views" in self.cases else self.views * (number + 1) // count
            ),
            P["Phân loại"]: self.category and {
                "Label": self.category,
                "TermGuid": str(uuid.uuid5(uuid.NAMESPACE_DNS, self.category)),
                "WssId": text.CATEGORIES.index(self.category) + 1,
            },
        }  # fmt: skip


def plan_item(
    rng: random.Random, item_id: int, age: float, cases: set[str], files: dict[str, bytes]
) -> Plan:
    """Draw one item (`age`: 0 for the oldest, 1 for the newest); its files go into `files`."""
    start = datetime(2010, 1, 4, 1, 30, tzinfo=UTC) + timedelta(days=age * 5300 + rng.random() * 4)
    year = start.year
    timeline = _timeline(rng, cases, start)
    plan = Plan(
        id=item_id, cases=cases, timeline=timeline,
        title=text.fill(rng.choice(text.TITLES), rng, year),
        working_title=text.fill(rng.choice(text.TITLES), rng, year),
        summary=text.fill(rng.choice(text.SUMMARIES), rng, year),
        paragraphs=[text.paragraph(rng, year) for _ in range(rng.randint(3, 6))],
        style=rng.randrange(4), class_id=uuid.UUID(int=rng.getrandbits(128)).hex.upper(),
        kind=rng.choice(text.KINDS),
        byline=rng.choice(text.BYLINES) if rng.random() < 0.9 else None,
        category=None if "no-category" in cases else rng.choice(text.CATEGORIES),
        views=rng.randint(0, 40_000), featured=rng.random() < 0.1,
        publish=_publish_at(rng, timeline, cases),
    )  # fmt: skip
    _images(rng, plan, year, files)
    if rng.random() < 0.2:
        cases.add("attachments")
        attached = [(f"QD-{item_id}-UBND.pdf", pdf(f"Quyet dinh so {item_id}/QD-UBND"))]
        if rng.random() < 0.5:
            attached.append((f"Kế hoạch {item_id}.docx", docx(f"Kế hoạch số {item_id}/KH-UBND")))
        for name, content in attached:
            path = f"{LIST_URL}/Attachments/{item_id}/{name}"
            plan.attachments.append((name, path))
            files[path] = content
    link = None
    if rng.random() < 0.05:
        link = {"Url": f"https://baoangiang.com.vn/tin-{item_id}.html", "Description": plan.title}
    plan.extra = {
        P["Link thay thế nội dung"]: link,
        P["Số Trang"]: rng.choice([1, 1, 1.5, 2, 0.5]),
        P["Số Ảnh"]: len(set(plan.image_paths())),
        P["Số tiền"]: float(rng.randrange(150, 900) * 1000),
    }
    return plan


def _timeline(rng: random.Random, cases: set[str], start: datetime) -> list[Version]:
    """3-10 versions: minor ones (0.1, 1.1) saved as drafts or sent for approval, major ones
    (1.0, 2.0) approved; the current one in the approval state the item's case asks."""
    count = rng.randint(3, 10)
    case = next((c for c in sorted(cases) if c in _MODERATION_BY_CASE), None)
    if case is not None:
        final = _MODERATION_BY_CASE[case]
    else:  # withdrawn items were withdrawn in any state
        final = rng.choice([0, 0, 2, 3]) if "unpublished" in cases else 0
    final_major = final in (0, 4)
    approved_before = final_major or rng.random() < 0.5
    majors = [approved_before and rng.random() < 0.3 for _ in range(count - 1)]
    if approved_before and not final_major and not any(majors):
        majors[rng.randrange(count - 1)] = True
    majors.append(final_major)
    versions = []
    major = minor = 0
    saved = start
    author = rng.choice(text.PEOPLE)
    for number, is_major in enumerate(majors):
        major, minor = (major + 1, 0) if is_major else (major, minor + 1)
        if number == count - 1:
            moderation = final
        elif is_major:
            moderation = 0
        else:  # sent for approval when the next version is the approved one
            moderation = 2 if majors[number + 1] else 3
        editor = author if number == 0 else rng.choice(text.PEOPLE)
        versions.append(Version(f"{major}.{minor}", moderation, editor, saved))
        saved += timedelta(minutes=rng.randint(7, 2900))
    return versions


def _publish_at(rng: random.Random, timeline: list[Version], cases: set[str]) -> datetime | None:
    if timeline[-1].moderation == 4 or "future" in cases:
        return FUTURE + timedelta(days=rng.randint(0, 300), hours=rng.randint(0, 12))
    approved = [version for version in timeline if version.label.endswith(".0")]
    if approved:
        return approved[0].saved.replace(second=0, microsecond=0)
    if rng.random() < 0.5:
        return None
    # Never approved: the date the author planned.
    return timeline[-1].saved.replace(second=0, microsecond=0) + timedelta(days=1)


def _images(rng: random.Random, plan: Plan, year: int, files: dict[str, bytes]) -> None:
    """The lead image and the body's: relative and absolute `src`, shared logos, Vietnamese
    file names percent-encoded, rendition queries, other sites' images, files gone missing."""
    cases, item_id = plan.cases, plan.id
    folder = f"{IMAGES}/{year}"
    if rng.random() < 0.8:
        cases.add("lead-image")
        plan.lead_path = f"{folder}/tin-{item_id}-dai-dien.jpg"
        if "missing-image" in cases and rng.random() < 0.5:
            plan.lead_path = f"{folder}/tin-{item_id}-dai-dien-da-xoa.jpg"
            plan.missing.add(plan.lead_path)
        address = quote(plan.lead_path)
        url = SITE_ORIGIN + address if rng.random() < 0.75 else address
        plan.lead = {"Url": url, "Description": text.fill(rng.choice(text.CAPTIONS), rng, year)}
    count = rng.choice([0, 1, 1, 2, 3])
    if cases & {"encoded-image-name", "rendition-query", "external-image", "missing-image"}:
        count = max(count, 1)
    for number in range(count):
        draw = rng.random()
        path: str | None
        if plan.lead_path and draw < 0.3:
            path = plan.lead_path
        elif draw < 0.4:
            cases.add("shared-image")
            path = f"{IMAGES}/chung/bieu-trung-{rng.randint(1, 3)}.png"
        else:
            path = f"{folder}/tin-{item_id}-{number + 1}.{'png' if draw > 0.85 else 'jpg'}"
        if number == 0 and "encoded-image-name" in cases:
            path = f"{folder}/Hội nghị tin {item_id}.jpg"
        if number == 0 and "missing-image" in cases and not plan.missing:
            path = f"{folder}/tin-{item_id}-da-xoa.jpg"
            plan.missing.add(path)
        if number == 0 and "external-image" in cases:
            path = None
            src = f"{EXTERNAL_IMAGES}/{year}/{item_id}.jpg"
        elif rng.random() < 0.5:
            cases.add("absolute-image")
            src = SITE_ORIGIN + quote(str(path))
        else:
            cases.add("relative-image")
            src = quote(str(path))
        if number == 0 and "rendition-query" in cases:
            src += "?RenditionID=6"
        caption = text.fill(rng.choice(text.CAPTIONS), rng, year)
        plan.pictures.append((path, text.Picture(src, caption)))
    for path in plan.image_paths():
        if path not in plan.missing and path not in files:
            files[path] = _image_bytes(len(files), png=path.endswith(".png"))


def _image_bytes(number: int, *, png: bool) -> bytes:
    """A 16×16 picture, different for every `number`: its bits drawn as white squares, so no
    two files are the same even once re-encoded by the media pipeline."""
    colour = (40 + number * 37 % 180, 40 + number * 91 % 180, 40 + number * 53 % 180)
    image = Image.new("RGB", (16, 16), colour)
    draw = ImageDraw.Draw(image)
    for bit in range(16):
        if number >> bit & 1:
            x, y = bit % 4 * 4, bit // 4 * 4
            draw.rectangle([x, y, x + 3, y + 3], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG" if png else "JPEG", quality=70)
    return buffer.getvalue()


def item_json(plan: Plan, titles: dict[int, str | None]) -> dict[str, Any]:
    """The item as the site serves it with every person, lookup and attachment expanded."""
    current = plan.timeline[-1]
    author = plan.timeline[0].editor
    return {
        "Id": plan.id, "ID": plan.id,
        "GUID": str(uuid.UUID(int=plan.id * 7919 + 104729, version=4)),
        **plan.values(len(plan.timeline) - 1),
        "TinLienQuanId": plan.related,
        "TinLienQuan": [{"Id": r, "Title": _related_title(r, titles)} for r in plan.related],
        "OData__ModerationStatus": current.moderation,
        "OData__UIVersionString": current.label,
        "Attachments": bool(plan.attachments),
        "AttachmentFiles": [
            {"FileName": name, "ServerRelativeUrl": path} for name, path in plan.attachments
        ],
        "Created": _iso(plan.timeline[0].saved), "Modified": _iso(current.saved),
        "AuthorId": author.id, "Author": author.expanded(),
        "EditorId": current.editor.id, "Editor": current.editor.expanded(),
        "FileRef": f"{LIST_URL}/{plan.id}_.000",
    }  # fmt: skip


def versions_json(plan: Plan, titles: dict[int, str | None]) -> list[dict[str, Any]]:
    """The item's versions as `…/items(ID)/versions` answers, newest first."""
    author = plan.timeline[0].editor
    related = [{"LookupId": r, "LookupValue": _related_title(r, titles)} for r in plan.related]
    versions = [
        {
            "VersionLabel": version.label, "VersionId": version.version_id,
            "IsCurrentVersion": number == len(plan.timeline) - 1,
            "Created": _iso(version.saved), "Modified": _iso(version.saved),
            "Author": author.in_version(), "Editor": version.editor.in_version(),
            "OData__ModerationStatus": version.moderation,
            "OData__UIVersionString": version.label,
            **plan.values(number),
            "TinLienQuan": related,
            "Attachments": bool(plan.attachments),
        }
        for number, version in enumerate(plan.timeline)
    ]  # fmt: skip
    return versions[::-1]


def _related_title(item_id: int, titles: dict[int, str | None]) -> str | None:
    # A lookup to a deleted item keeps the title it had.
    return titles.get(item_id, f"Tin số {item_id}")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
