"""Accepted uploads: real images and documents, checked by content, cleaned, resized, stored
content-addressed and de-duplicated."""

import hashlib
import io
import unicodedata
from pathlib import Path

from fastapi.testclient import TestClient
from PIL import Image

from app.media.storage import LocalStorage
from tests.media import files
from tests.media.conftest import stored_files, upload

WEBP = "image/webp"


def fetch(client: TestClient, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def test_jpeg_loses_gps_and_personal_metadata_and_is_turned_upright(
    client: TestClient, storage: LocalStorage, editor_headers: dict[str, str]
) -> None:
    original = files.jpeg_with_gps((1200, 800), orientation=6)  # stored sideways, shown upright
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(files.GPS_IFD)  # the input has GPS

    response = upload(
        client, editor_headers, original, "Ảnh Đại hội.jpg",
        content_type="image/jpeg", alt="Quang cảnh đại hội", caption="Đại hội Đảng bộ",
        credit="Ảnh: Trung Hiếu",
    )  # fmt: skip

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == "image"
    assert body["content_type"] == "image/jpeg"
    assert body["filename"] == "Ảnh Đại hội.jpg"
    assert (body["alt"], body["caption"], body["credit"]) == (
        "Quang cảnh đại hội", "Đại hội Đảng bộ", "Ảnh: Trung Hiếu",
    )  # fmt: skip
    # Orientation 6 means "rotate 90° clockwise to show": the stored image is upright.
    assert (body["width"], body["height"]) == (800, 1200)
    assert response.headers["location"] == f"/v1/admin/media/{body['id']}"
    assert response.headers["etag"]

    stored = fetch(client, body["url"])
    assert body["sha256"] == hashlib.sha256(stored).hexdigest()
    assert body["byte_size"] == len(stored)
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert image.size == (800, 1200)
    assert not image.getexif()  # no EXIF at all: no GPS, no camera, no owner, no orientation
    for marker in (b"Exif", b"Canon", "Nguyễn".encode(), b"http://ns.adobe.com/xap"):
        assert marker not in stored
    # The blue corner was top-left in the stored-sideways data; upright it is top-right.
    assert image.convert("RGB").getpixel((790, 10))[2] > 200
    assert image.convert("RGB").getpixel((10, 10))[0] > 200

    for rendition in body["renditions"]:
        data = fetch(client, rendition["url"])
        assert not Image.open(io.BytesIO(data)).getexif()
        assert b"Exif" not in data


def test_image_renditions_are_webp_and_original_format_at_the_configured_widths(
    client: TestClient, storage: LocalStorage, editor_headers: dict[str, str]
) -> None:
    body = upload(client, editor_headers, files.jpeg_with_gps((1600, 1000)), "a.jpg").json()

    got = {(r["content_type"], r["width"], r["height"]) for r in body["renditions"]}
    assert got == {
        (WEBP, 320, 200), (WEBP, 640, 400), (WEBP, 1280, 800),
        ("image/jpeg", 320, 200), ("image/jpeg", 640, 400), ("image/jpeg", 1280, 800),
    }  # fmt: skip
    for rendition in body["renditions"]:
        data = fetch(client, rendition["url"])
        image = Image.open(io.BytesIO(data))
        assert image.size == (rendition["width"], rendition["height"])
        assert Image.MIME[image.format] == rendition["content_type"]
        assert rendition["byte_size"] == len(data)
    # srcset-ready: one value per type; the original is the widest JPEG candidate.
    assert body["srcset"][WEBP].count("w,") == 2
    assert body["srcset"]["image/jpeg"].endswith(f"{body['url']} 1600w")


def test_png_keeps_transparency_and_gets_png_and_webp_renditions(
    client: TestClient, storage: LocalStorage, editor_headers: dict[str, str]
) -> None:
    response = upload(client, editor_headers, files.png_with_alpha((900, 600)), "logo.png")

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["content_type"], body["width"], body["height"]) == ("image/png", 900, 600)
    stored = Image.open(io.BytesIO(fetch(client, body["url"])))
    assert stored.mode == "RGBA"
    assert stored.getpixel((0, 0))[3] == 0  # the transparent corner stayed transparent
    got = {(r["content_type"], r["width"]) for r in body["renditions"]}
    # 900 px is under the largest width (1280): a WebP at full width tops the WebP set.
    assert got == {(WEBP, 320), (WEBP, 640), (WEBP, 900), ("image/png", 320), ("image/png", 640)}
    small = Image.open(io.BytesIO(fetch(client, body["renditions"][0]["url"])))
    assert small.mode == "RGBA"


def test_webp_gets_webp_renditions_only(
    client: TestClient, storage: LocalStorage, editor_headers: dict[str, str]
) -> None:
    body = upload(client, editor_headers, files.webp((700, 400)), "bando.webp").json()

    assert body["content_type"] == WEBP
    assert {(r["content_type"], r["width"]) for r in body["renditions"]} == {
        (WEBP, 320), (WEBP, 640),
    }  # fmt: skip
    assert Image.open(io.BytesIO(fetch(client, body["url"]))).size == (700, 400)


def test_animated_gif_stays_animated_without_its_comment(
    client: TestClient, storage: LocalStorage, editor_headers: dict[str, str]
) -> None:
    body = upload(client, editor_headers, files.animated_gif(frames=5), "hoat-hinh.gif").json()

    stored = fetch(client, body["url"])
    assert Image.open(io.BytesIO(stored)).n_frames == 5
    assert b"0912345678" not in stored
    for rendition in body["renditions"]:
        assert Image.open(io.BytesIO(fetch(client, rendition["url"]))).n_frames == 5


def test_pdf_is_a_document_without_renditions(
    client: TestClient, storage: LocalStorage, editor_headers: dict[str, str]
) -> None:
    data = files.pdf()
    response = upload(
        client, editor_headers, data, "Quyết định số 12.pdf", caption="Quyết định bổ nhiệm"
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == "document"
    assert body["content_type"] == "application/pdf"
    assert body["filename"] == "Quyết định số 12.pdf"
    assert (body["width"], body["height"], body["renditions"]) == (None, None, [])
    # Documents are stored exactly as uploaded.
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert fetch(client, body["url"]) == data


def test_office_documents_are_recognised_by_their_inner_structure(
    client: TestClient, storage: LocalStorage, editor_headers: dict[str, str]
) -> None:
    office = "application/vnd.openxmlformats-officedocument"
    for data, name, content_type in (
        (files.docx(), "Kế hoạch.docx", f"{office}.wordprocessingml.document"),
        (files.xlsx(), "Bảng lương.xlsx", f"{office}.spreadsheetml.sheet"),
        (files.odt(), "Tờ trình.odt", "application/vnd.oasis.opendocument.text"),
    ):
        # The client's declared type is ignored either way.
        response = upload(client, editor_headers, data, name, content_type="application/zip")
        assert response.status_code == 201, response.text
        assert response.json()["content_type"] == content_type
        assert fetch(client, response.json()["url"]) == data


def test_names_are_kept_for_display_in_nfc_and_get_the_right_extension(
    client: TestClient, storage: LocalStorage, editor_headers: dict[str, str]
) -> None:
    decomposed = unicodedata.normalize("NFD", "Báo cáo   tổng kết .PDF")
    body = upload(client, editor_headers, files.pdf(), decomposed).json()
    assert body["filename"] == "Báo cáo tổng kết.PDF"

    no_extension = upload(client, editor_headers, files.pdf(), "Tờ trình số 5.2026").json()
    assert no_extension["filename"] == "Tờ trình số 5.2026.pdf"


def test_the_same_file_uploaded_twice_is_stored_once(
    client: TestClient, storage: LocalStorage, media_root: Path, editor_headers: dict[str, str]
) -> None:
    photo = files.jpeg_with_gps((1000, 700))
    first = upload(client, editor_headers, photo, "a.jpg", alt="Lần một").json()
    files_after_first = stored_files(media_root)
    second = upload(client, editor_headers, photo, "b.jpg", alt="Lần hai").json()

    # Two library items, each with its own texts, sharing one set of stored files.
    assert first["id"] != second["id"]
    assert (first["alt"], second["alt"]) == ("Lần một", "Lần hai")
    assert first["sha256"] == second["sha256"]
    assert first["url"] == second["url"]
    assert stored_files(media_root) == files_after_first
    assert len([f for f in files_after_first if f.startswith("originals/")]) == 1
