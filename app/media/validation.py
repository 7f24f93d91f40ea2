"""What an uploaded file really is, decided from its bytes, and whether its name is safe.

The client's file name and Content-Type are never trusted: the type comes from the content
(signatures, and for ZIP-based office files their inner structure). The name is only a display
name; it must agree with the content and must not carry a path.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from app.core.errors import InvalidInput, NewsdeskError


class UnsupportedMediaType(NewsdeskError):
    status_code, problem, title = 415, "unsupported-media-type", "Unsupported file type"


class InvalidFile(InvalidInput):
    """A file of an accepted type that is damaged or over a limit (422)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, loc=["file"])


@dataclass(frozen=True)
class FileType:
    name: str  # the allow-list name (NEWSDESK_MEDIA_ALLOWED_TYPES)
    kind: str  # image | document
    content_type: str
    ext: str
    label: str  # for messages

    @property
    def is_image(self) -> bool:
        return self.kind == "image"


_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"
TYPES = {
    t.name: t
    for t in (
        FileType("jpeg", "image", "image/jpeg", "jpg", "a JPEG image"),
        FileType("png", "image", "image/png", "png", "a PNG image"),
        FileType("webp", "image", "image/webp", "webp", "a WebP image"),
        FileType("gif", "image", "image/gif", "gif", "a GIF image"),
        FileType("pdf", "document", "application/pdf", "pdf", "a PDF document"),
        FileType("docx", "document", f"{_OOXML}.wordprocessingml.document", "docx",
                 "a Word document"),
        FileType("xlsx", "document", f"{_OOXML}.spreadsheetml.sheet", "xlsx",
                 "an Excel workbook"),
        FileType("pptx", "document", f"{_OOXML}.presentationml.presentation", "pptx",
                 "a PowerPoint presentation"),
        FileType("odt", "document", f"{_ODF}.text", "odt", "an OpenDocument text"),
        FileType("ods", "document", f"{_ODF}.spreadsheet", "ods", "an OpenDocument spreadsheet"),
        FileType("odp", "document", f"{_ODF}.presentation", "odp",
                 "an OpenDocument presentation"),
    )
}  # fmt: skip
CONTENT_TYPE_BY_EXT = {t.ext: t.content_type for t in TYPES.values()}
TYPES_BY_CONTENT_TYPE = {t.content_type: t for t in TYPES.values()}

# Extensions people use for each type; any other extension on the name is a mismatch.
_EXTENSIONS = {
    "jpg": "jpeg", "jpeg": "jpeg", "jpe": "jpeg", "jfif": "jpeg", "png": "png",
    "webp": "webp", "gif": "gif", "pdf": "pdf", "docx": "docx", "xlsx": "xlsx",
    "pptx": "pptx", "odt": "odt", "ods": "ods", "odp": "odp",
}  # fmt: skip

# OOXML: the part that makes the package what it is, and that part's content type as declared
# in [Content_Types].xml. Macro-enabled and template variants declare other types: refused.
_OOXML_MAIN = {
    "docx": ("word/document.xml", b"wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", b"presentationml.presentation.main+xml"),
}
_ZIP_MAX_MEMBERS = 10_000
# Decompressed size an office file may claim: far above real documents, far below a zip bomb.
_ZIP_MAX_UNCOMPRESSED = 1024 * 1024 * 1024

_SVG_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+svg|<svg)", re.I | re.S
)
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<script)", re.I)


def detect_type(source: BinaryIO) -> FileType:
    """The file's type from its content, or 415 when it is none of the types we know."""
    source.seek(0)
    head = source.read(4096)
    source.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return TYPES["jpeg"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES["png"]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return TYPES["webp"]
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return TYPES["gif"]
    if head.startswith(b"%PDF-"):
        _check_pdf(source)
        return TYPES["pdf"]
    if head.startswith(b"PK\x03\x04"):
        return _zip_document(source)
    text_head = head.removeprefix(b"\xef\xbb\xbf")
    if _SVG_START.match(text_head):
        raise UnsupportedMediaType(
            "SVG is not accepted: it can carry scripts; upload a PNG or WebP instead"
        )
    if _HTML_START.match(text_head):
        raise UnsupportedMediaType("HTML files are not accepted")
    raise UnsupportedMediaType(
        "the content is not an accepted type (JPEG, PNG, WebP, GIF, PDF, DOCX, XLSX, PPTX, "
        "ODT, ODS, ODP), whatever the file name says"
    )


def _check_pdf(source: BinaryIO) -> None:
    if not re.match(rb"%PDF-[12]\.[0-9]", source.read(8)):
        raise InvalidFile("the PDF header is not valid")
    # Readers look for the end marker near the end of the file; a file without one was cut off.
    source.seek(0, 2)
    size = source.tell()
    source.seek(max(0, size - 2048))
    tail = source.read()
    source.seek(0)
    if b"%%EOF" not in tail:
        raise InvalidFile("the PDF is incomplete (no %%EOF end marker)")


def _zip_document(source: BinaryIO) -> FileType:
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            if len(members) > _ZIP_MAX_MEMBERS:
                raise InvalidFile("the document has too many parts")
            if sum(m.file_size for m in members) > _ZIP_MAX_UNCOMPRESSED:
                raise InvalidFile("the document would decompress to more than 1 GiB")
            names = {m.filename for m in members}
            if any(_unsafe_member(name) for name in names):
                raise InvalidFile("the document contains a part with an unsafe path")
            file_type = _odf_type(archive, members) or _ooxml_type(archive, names)
    except zipfile.BadZipFile as exc:
        raise InvalidFile("the file looks like a ZIP-based document but is damaged") from exc
    finally:
        source.seek(0)
    if file_type is None:
        raise UnsupportedMediaType(
            "ZIP archives are accepted only as DOCX, XLSX, PPTX, ODT, ODS or ODP documents"
        )
    return file_type


def _unsafe_member(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    # Read at most `limit` decompressed bytes, whatever the member claims.
    with archive.open(name) as member:
        return member.read(limit)


def _odf_type(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> FileType | None:
    """OpenDocument: the first member is an uncompressed `mimetype` naming the type."""
    first = members[0] if members else None
    if first is None or first.filename != "mimetype":
        return None
    if first.compress_type != zipfile.ZIP_STORED:
        raise InvalidFile("the OpenDocument mimetype entry must be stored uncompressed")
    declared = _read_member(archive, "mimetype", 200).strip()
    names = {m.filename for m in members}
    for name in ("odt", "ods", "odp"):
        if declared == TYPES[name].content_type.encode():
            if "content.xml" not in names:
                raise InvalidFile("the OpenDocument file has no content.xml")
            return TYPES[name]
    raise UnsupportedMediaType(
        "only OpenDocument texts, spreadsheets and presentations are accepted"
    )


def _ooxml_type(archive: zipfile.ZipFile, names: set[str]) -> FileType | None:
    """Office Open XML: [Content_Types].xml plus the main part of one document kind."""
    if "[Content_Types].xml" not in names:
        return None
    content_types = _read_member(archive, "[Content_Types].xml", 1024 * 1024)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UnsupportedMediaType("documents with macros are not accepted")
    for type_name, (main_part, declared) in _OOXML_MAIN.items():
        if main_part in names:
            if declared not in content_types:
                raise UnsupportedMediaType(
                    "only plain Word, Excel and PowerPoint documents are accepted "
                    "(not macro-enabled files or templates)"
                )
            return TYPES[type_name]
    return None


# Characters that must never appear in a display name: control characters (C0, C1), and the
# bidirectional overrides that make "gpj.exe" render as "exe.jpg".
_FORBIDDEN_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_EXT = re.compile(r"\.([A-Za-z][A-Za-z0-9]{1,4})$")
MAX_NAME_LENGTH = 200


def clean_filename(raw: str | None, file_type: FileType) -> str:
    """The display name: NFC, whitespace tidied, Vietnamese kept, with an extension that matches
    the content. A name carrying a path or control characters is refused, and so is one whose
    extension claims another type (a PNG named .pdf)."""
    name = unicodedata.normalize("NFC", raw or "").strip()
    if "/" in name or "\\" in name:
        raise InvalidInput("the file name must not contain a path", loc=["file"])
    if _FORBIDDEN_NAME_CHARS.search(name):
        raise InvalidInput("the file name contains control characters", loc=["file"])
    name = " ".join(name.split()).lstrip(".").strip()
    match = _EXT.search(name)
    ext = match.group(1).lower() if match else None
    if ext is not None and _EXTENSIONS.get(ext) != file_type.name:
        raise UnsupportedMediaType(
            f"the name ends in .{ext} but the content is {file_type.label}; "
            "rename the file or upload the right one"
        )
    stem = (name[: match.start()] if match else name).rstrip(" .") or "tệp"
    # The extension stays as the user wrote it (.JPG); a name without one gets the content's.
    suffix = match.group(0) if match else "." + file_type.ext
    return stem[: MAX_NAME_LENGTH - len(suffix)] + suffix
