"""One list item (or one of its versions) read into typed values, whatever shape each column
came in. A value of the wrong type or out of range is not guessed at: it is left out and the
item carries a warning, which the report shows next to the item."""

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from app.core.text import nfc
from app.sharepoint.legacy_text import repair_html, repair_text
from app.sharepoint.mapping import ResolvedMapping
from app.sharepoint.odata import read_date

# Dates before or after these are placeholders (SharePoint's 0001-01-01, 1900-01-01) or typos.
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
# SharePoint's approval (`_ModerationStatus`) → workflow status.
MODERATION_STATES = {0: "published", 1: "rejected", 2: "in_review", 3: "draft", 4: "scheduled"}
_VERSION_LABEL = re.compile(r"^(\d{1,5})\.(\d{1,5})$")
_HISTORY_LINE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?")


@dataclass(frozen=True)
class Person:
    """Someone the old site named: its site user id when known, display name, e-mail, login."""

    site_user_id: int | None
    name: str
    email: str | None = None
    login: str | None = None


@dataclass
class ItemValues:
    """What one item (or version) says, in Newsdesk terms; None where it says nothing usable."""

    item_id: int | None
    title: str = ""
    summary: str = ""
    content_html: str = ""
    image_url: str | None = None
    image_caption: str = ""
    alternate_url: str | None = None
    publish_at: datetime | None = None
    featured: bool = False
    byline: str = ""
    article_type: str | None = None
    page_units: int = 0
    photos: int = 0
    amount: int = 0
    related_item_ids: list[int] = field(default_factory=list)
    state: str | None = None  # "Trạng thái" mapped to a workflow status
    moderation: int | None = None
    history_lines: list[str] = field(default_factory=list)
    views: int | None = None
    category_path: list[str] = field(default_factory=list)
    version_label: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
    modified_raw: str = ""
    author: Person | None = None
    editor: Person | None = None
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (file name, URL)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was repaired (legacy encodings)

    @property
    def status(self) -> str:
        """The workflow status this item is in on the old site (see MODERATION_STATES)."""
        if self.state == "unpublished":
            return "unpublished"  # taken down, whatever its approval says
        if self.moderation is not None:
            return MODERATION_STATES.get(self.moderation, "draft")
        return self.state or "published"

    @property
    def version(self) -> tuple[int, int] | None:
        match = _VERSION_LABEL.match(self.version_label or "")
        return (int(match.group(1)), int(match.group(2))) if match else None


class _Reader:
    def __init__(self, raw: dict[str, Any], mapping: ResolvedMapping, values: ItemValues) -> None:
        self.raw = raw
        self.mapping = mapping
        self.values = values

    def get(self, target: str) -> Any:
        prop = self.mapping.properties.get(target)
        return self.raw.get(prop) if prop else None

    def warn(self, target: str, message: str) -> None:
        column = self.mapping.mapping.columns.get(target, target)
        self.values.warnings.append(f"{column}: {message}")

    def text(self, target: str, *, html: bool = False) -> str:
        value = self.get(target)
        if value is None:
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.warn(target, f"expected text, got {_shown(value)}; left empty")
            return ""
        repaired = (repair_html if html else repair_text)(str(value))
        if repaired.encoding:
            self.values.notes.append(
                f"{self.mapping.mapping.columns.get(target, target)}: converted from "
                f"{repaired.encoding.upper()}"
            )
        if repaired.flagged:
            self.warn(target, repaired.flagged)
        return nfc(repaired.text).strip() if not html else nfc(repaired.text)

    def number(self, target: str) -> float | None:
        value = self.get(target)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                value = float(value.replace(",", "."))
            except ValueError:
                self.warn(target, f"expected a number, got {_shown(value)}; left out")
                return None
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            self.warn(target, f"expected a number, got {_shown(value)}; left out")
            return None
        if value < 0:
            self.warn(target, f"negative ({value}); left out")
            return None
        return float(value)

    def whole(self, target: str, *, ceiling: int) -> int | None:
        number = self.number(target)
        if number is None:
            return None
        if number > ceiling:
            self.warn(target, f"{number:g} is beyond {ceiling}; left out")
            return None
        rounded = math.floor(number + 0.5)
        if rounded != number:
            self.values.notes.append(
                f"{self.mapping.mapping.columns.get(target, target)}: {number:g} rounded to "
                f"{rounded}"
            )
        return rounded

    def flag(self, target: str) -> bool:
        value = self.get(target)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if value in (0, 1, "0", "1"):
            return value in (1, "1")
        self.warn(target, f"expected yes/no, got {_shown(value)}; taken as no")
        return False

    def date(self, target: str | None, value: Any = None) -> datetime | None:
        raw = self.get(target) if target else value
        try:
            moment = read_date(raw)
        except ValueError:
            self.warn(target or "date", f"not a date: {_shown(raw)}; left out")
            return None
        if moment is not None and not EARLIEST <= moment < LATEST:
            self.warn(target or "date", f"date out of range ({raw}); left out")
            return None
        return moment

    def url(self, target: str) -> str | None:
        value = self.get(target)
        if isinstance(value, dict):  # URL/Image field: {"Url": …, "Description": …}
            value = value.get("Url")
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.warn(target, f"expected an address, got {_shown(value)}; left out")
            return None
        image = re.search(r"""<img[^>]*\bsrc\s*=\s*["']([^"']+)["']""", value, re.IGNORECASE)
        if image:  # a publishing Image field holds an <img> tag
            value = image.group(1)
        value = value.strip()
        if len(value) > 2000:
            self.warn(target, "address longer than 2000 characters; left out")
            return None
        return value or None

    def lookup_ids(self, target: str) -> list[int]:
        prop = self.mapping.properties.get(target)
        if not prop:
            return []
        ids: list[int] = []
        expanded = self.raw.get(prop)
        plain = self.raw.get(prop + "Id")
        if isinstance(expanded, list):
            # items hold {Id, Title} when expanded, versions {LookupId, LookupValue}
            ids = [_first(v, "Id", "ID", "LookupId") for v in expanded if isinstance(v, dict)]
        elif isinstance(plain, list):
            ids = list(plain)
        elif isinstance(plain, int) and not isinstance(plain, bool):
            ids = [plain]
        elif isinstance(expanded, str) and expanded.strip():  # ";#"-joined: 3;#Tiêu đề;#7;#…
            parts = expanded.split(";#")
            ids = [int(p) for p in parts[::2] if p.strip().isdigit()]
        good = [i for i in ids if isinstance(i, int) and not isinstance(i, bool) and i > 0]
        if len(good) != len(ids):
            self.warn(target, "some related items are not item ids; left out")
        return list(dict.fromkeys(good))

    def category(self, target: str) -> list[str]:
        value = self.get(target)
        if isinstance(value, list):  # a multi-value taxonomy or choice: the first one
            value = value[0] if value else None
        if isinstance(value, dict):  # taxonomy {"Label", "TermGuid", "WssId"} or lookup
            value = value.get("Label") or value.get("Title") or value.get("LookupValue")
        if value is None or value == "":
            return []
        if not isinstance(value, str):
            self.warn(target, f"expected a category name, got {_shown(value)}; left out")
            return []
        label = nfc(value).strip()
        if "|" in label:  # a taxonomy value as text: "Kinh tế|3f2a…"
            label = label.split("|", 1)[0]
        label = self.mapping.mapping.categories.get(label, label)
        return [part.strip() for part in label.split(">") if part.strip()]


def read_item(raw: dict[str, Any], mapping: ResolvedMapping) -> ItemValues:
    """The values of one item, or of one entry of `…/items(ID)/versions` (same columns)."""
    item_id = raw.get("Id", raw.get("ID"))
    values = ItemValues(item_id=item_id if isinstance(item_id, int) else None)
    read = _Reader(raw, mapping, values)
    values.title = read.text("title")
    values.summary = read.text("summary")
    values.content_html = read.text("content", html=True)
    values.image_url = read.url("image")
    values.image_caption = read.text("image_caption")
    values.alternate_url = read.url("alternate_url")
    values.publish_at = read.date("publish_at")
    values.featured = read.flag("featured")
    byline = read.get("byline")
    if isinstance(byline, dict):  # "Tác giả" as a person field
        values.author = _person(byline)
        values.byline = values.author.name if values.author else ""
    else:
        values.byline = read.text("byline")[:300]
    raw_type = read.text("article_type")
    if raw_type:
        values.article_type = mapping.mapping.article_types.get(raw_type)
        if values.article_type is None:
            read.warn("article_type", f"{raw_type!r} is not mapped to a type; taken as news")
    values.page_units = read.whole("page_count", ceiling=1000) or 0
    values.photos = read.whole("photo_count", ceiling=1000) or 0
    values.amount = read.whole("royalty_amount", ceiling=10**12) or 0
    values.related_item_ids = read.lookup_ids("related")
    raw_state = read.text("state")
    if raw_state:
        values.state = mapping.mapping.states.get(raw_state)
        if values.state is None:
            read.warn("state", f"{raw_state!r} is not mapped to a status; ignored")
    values.history_lines = [
        line.strip() for line in read.text("history").splitlines() if line.strip()
    ]
    views = read.whole("views", ceiling=10**12)
    values.views = views
    values.category_path = read.category("category")
    moderation = raw.get("OData__ModerationStatus", raw.get("OData__x005f_ModerationStatus"))
    if isinstance(moderation, int) and not isinstance(moderation, bool):
        values.moderation = moderation
    label = raw.get("VersionLabel", raw.get("OData__UIVersionString"))
    values.version_label = label if isinstance(label, str) else None
    values.created = read.date(None, raw.get("Created"))
    modified = raw.get("Modified")
    values.modified_raw = modified if isinstance(modified, str) else ""
    values.modified = read.date(None, modified)
    if values.author is None:
        values.author = _person(raw.get("Author"))
    values.editor = _person(raw.get("Editor"))
    for entry in raw.get("AttachmentFiles") or []:
        if isinstance(entry, dict) and isinstance(entry.get("ServerRelativeUrl"), str):
            values.attachments.append(
                (str(entry.get("FileName") or ""), entry["ServerRelativeUrl"])
            )
    return values


def _person(value: Any) -> Person | None:
    """An expanded person (`{"Id", "Title", "EMail", "Name"}`) or a version's
    (`{"LookupId", "LookupValue", "Email"}`)."""
    if not isinstance(value, dict):
        return None
    name = value.get("Title") or value.get("LookupValue")
    user_id = value.get("Id", value.get("LookupId"))
    if not isinstance(name, str) or not name.strip():
        return None
    email = value.get("EMail") or value.get("Email")
    login = value.get("Name") or value.get("LoginName")
    return Person(
        site_user_id=user_id if isinstance(user_id, int) else None,
        name=nfc(name).strip()[:200],
        email=email.strip().lower() if isinstance(email, str) and "@" in email else None,
        login=login if isinstance(login, str) and login else None,
    )


def history_time(line: str, zone: tzinfo) -> datetime | None:
    """The moment a "Lịch sử" line starts with ("12/03/2015 08:10 …", day first, the site's
    local time), if any."""
    match = _HISTORY_LINE.match(line)
    if not match:
        return None
    day, month, year, hour, minute = match.groups()
    try:
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), tzinfo=zone
        )
    except ValueError:
        return None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _first(values: dict[str, Any], *names: str) -> Any:
    return next((values[name] for name in names if values.get(name) is not None), None)
