"""Which column of the SharePoint list feeds which field of a Newsdesk article.

The built-in mapping is the "Tin Tức Mở Rộng" content type of the Vietnamese provincial portals.
A site whose columns are named differently, or whose choice values differ, passes a TOML file
(docs/migration.md shows one) that overrides any part of it. Columns are named as the list
settings show them (display names, Vietnamese) or by internal name; the list's `…/fields`
answer says which property of an item carries each one, since a column renamed after it was
created keeps its old internal name.
"""

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.sharepoint.names import encode_internal_name

# Newsdesk field → the column of "Tin Tức Mở Rộng" that feeds it.
DEFAULT_COLUMNS: dict[str, str] = {
    "title": "Tiêu đề",
    "image": "Hình ảnh",
    "image_caption": "Hình ảnh mô tả",
    "summary": "Tóm tắt",
    "content": "Nội dung",
    "alternate_url": "Link thay thế nội dung",
    "publish_at": "Ngày xuất bản",
    "featured": "Tin nổi bật",
    "byline": "Tác giả",
    "article_type": "Loại bài viết",
    "page_count": "Số Trang",
    "photo_count": "Số Ảnh",
    "royalty_amount": "Số tiền",
    "related": "Tin liên quan",
    "state": "Trạng thái",
    "history": "Lịch sử",
    "views": "Số lượt người đọc",
    "category": "Phân loại",
}
# "Loại bài viết" choices → article types (app settings' `article_types`).
DEFAULT_ARTICLE_TYPES: dict[str, str] = {
    "Tin": "news",
    "Tin tức": "news",
    "Bài": "news",
    "Ảnh": "photo",
    "Phóng sự ảnh": "photo",
    "Video": "video",
    "Phỏng vấn": "interview",
    "Bình luận": "commentary",
    "Văn bản": "document",
}
# "Trạng thái" choices → workflow status. It refines the approval status (`_ModerationStatus`):
# only "taken down" overrides an approval; the others matter when the list has no approval.
DEFAULT_STATES: dict[str, str] = {
    "Nháp": "draft",
    "Chờ duyệt": "in_review",
    "Đã duyệt": "published",
    "Đã xuất bản": "published",
    "Trả lại": "rejected",
    "Từ chối": "rejected",
    "Ngừng xuất bản": "unpublished",
    "Gỡ bỏ": "unpublished",
}
# Where the old portal showed an item: each becomes a legacy URL that /v1/resolve answers.
# `{list_url}` is the list's server-relative URL, `{id}` the item id.
DEFAULT_LEGACY_URLS: tuple[str, ...] = (
    "{list_url}/DispForm.aspx?ID={id}",
    "/Pages/ChiTietTin.aspx?ItemID={id}",
)
# Properties every list item carries that are not content: never reported as unmapped.
BUILT_IN_PROPERTIES = frozenset({
    "Id", "ID", "GUID", "Title", "Created", "Modified", "Author", "AuthorId", "Editor",
    "EditorId", "Attachments", "AttachmentFiles", "FileRef", "FileLeafRef", "FileDirRef",
    "FileSystemObjectType", "ContentType", "ContentTypeId", "ServerRedirectedEmbedUri",
    "ServerRedirectedEmbedUrl", "ComplianceAssetId", "OData__ModerationStatus",
    "OData__ModerationComments", "OData__UIVersionString", "OData__UIVersion",
    "OData__CopySource", "OData__ColorTag", "OData__ComplianceFlags", "OData__ComplianceTag",
    "OData__ComplianceTagUserId", "OData__ComplianceTagWrittenTime", "OData__IsRecord",
    "VersionLabel", "VersionId", "IsCurrentVersion", "odata.editLink", "odata.id",
    "odata.type", "odata.etag", "EncodedAbsUrl", "UniqueId", "owshiddenversion", "WorkflowVersion",
})  # fmt: skip


class MappingError(ValueError):
    """The mapping file cannot be used; the message says which line of it and why."""


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))
    article_types: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ARTICLE_TYPES))
    states: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_STATES))
    # "Phân loại" value → category path ("Tin tức > Trong tỉnh"); unlisted values are used as
    # they are, " > " separating levels.
    categories: dict[str, str] = field(default_factory=dict)
    # Items without a category go here (created if needed).
    default_category: str = "Tin tức"
    ignore: frozenset[str] = frozenset()
    legacy_urls: tuple[str, ...] = DEFAULT_LEGACY_URLS

    def resolve(self, fields: list[dict[str, Any]]) -> "ResolvedMapping":
        """The item property of each mapped column, by what the list says its fields are
        (display name or internal name), else guessed from the display name."""
        by_name: dict[str, str] = {}
        for list_field in fields:
            internal = str(list_field.get("InternalName") or "")
            prop = str(list_field.get("EntityPropertyName") or internal)
            if not prop:
                continue
            for name in (list_field.get("Title"), internal, prop):
                if isinstance(name, str) and name:
                    by_name.setdefault(name.casefold(), prop)
        properties: dict[str, str] = {}
        for target, column in self.columns.items():
            if not column:
                continue
            properties[target] = by_name.get(column.casefold()) or _guess_property(column)
        ignored = {by_name.get(name.casefold(), name) for name in self.ignore}
        return ResolvedMapping(mapping=self, properties=properties, ignored=frozenset(ignored))


def _guess_property(column: str) -> str:
    if column == "Tiêu đề":
        return "Title"
    return encode_internal_name(column) if not column.isascii() or " " in column else column


@dataclass(frozen=True)
class ResolvedMapping:
    mapping: Mapping
    # Newsdesk field → item property name.
    properties: dict[str, str]
    ignored: frozenset[str]

    def unmapped(self, item: dict[str, Any]) -> list[str]:
        """The item's properties that nothing maps or ignores (listed in the report)."""
        known = set(self.properties.values()) | self.ignored | BUILT_IN_PROPERTIES
        return sorted(
            prop
            for prop in item
            if prop not in known
            and not (prop.endswith("Id") and prop[:-2] in known)
            and not (prop.endswith("StringId") and prop[:-8] in known)
        )


_SECTIONS = ("columns", "article_types", "states", "categories")


def load_mapping(path: Path | None) -> Mapping:
    """The built-in mapping, overridden by the TOML file's sections when one is given."""
    if path is None:
        return Mapping()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise MappingError(f"{path}: {error}") from None
    unknown = set(document) - {*_SECTIONS, "ignore", "default_category", "legacy_urls"}
    if unknown:
        raise MappingError(f"{path}: unknown keys {sorted(unknown)}")
    mapping = Mapping()
    changes: dict[str, Any] = {}
    for section in _SECTIONS:
        values = document.get(section, {})
        if not isinstance(values, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in values.items()
        ):
            raise MappingError(f"{path}: [{section}] must map names to strings")
        if section == "columns":
            unknown_fields = set(values) - set(DEFAULT_COLUMNS)
            if unknown_fields:
                raise MappingError(
                    f"{path}: [columns] names no Newsdesk field {sorted(unknown_fields)}; "
                    f"known: {', '.join(DEFAULT_COLUMNS)}"
                )
        changes[section] = {**getattr(mapping, section), **values}
    if "ignore" in document:
        ignore = document["ignore"]
        if not isinstance(ignore, list) or not all(isinstance(i, str) for i in ignore):
            raise MappingError(f"{path}: ignore must be a list of column names")
        changes["ignore"] = frozenset(ignore)
    if "default_category" in document:
        if not isinstance(document["default_category"], str) or not document["default_category"]:
            raise MappingError(f"{path}: default_category must be a category name")
        changes["default_category"] = document["default_category"]
    if "legacy_urls" in document:
        patterns = document["legacy_urls"]
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise MappingError(f"{path}: legacy_urls must be a list of URL patterns")
        changes["legacy_urls"] = tuple(patterns)
    return replace(mapping, **changes)
