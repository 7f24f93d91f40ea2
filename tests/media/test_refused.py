"""Refused uploads: wrong or dangerous content whatever its name, bombs, oversized bodies,
unsafe names. None of them leaves a file behind."""

import io
import uuid
from pathlib import Path
from typing import Any

import anyio
import orjson
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from app.core.config import get_settings
from app.main import app as fastapi_app
from app.media.storage import LocalStorage
from tests.media import files
from tests.media.conftest import stored_files, upload


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


def test_png_renamed_pdf_is_refused(
    client: TestClient, storage: LocalStorage, media_root: Path, editor_headers: dict[str, str]
) -> None:
    response = upload(
        client, editor_headers, files.png_with_alpha((50, 50)), "quyet-dinh.pdf",
        content_type="application/pdf",
    )  # fmt: skip
    body = assert_problem(response, 415)
    assert ".pdf" in body["detail"]
    assert "PNG" in body["detail"]
    assert stored_files(media_root) == []


def test_html_named_jpg_is_refused(
    client: TestClient, storage: LocalStorage, media_root: Path, editor_headers: dict[str, str]
) -> None:
    response = upload(client, editor_headers, files.HTML_PAGE, "anh.jpg", content_type="image/jpeg")
    assert_problem(response, 415)
    assert stored_files(media_root) == []


@pytest.mark.parametrize("name", ["logo.svg", "logo.png"])
def test_svg_with_script_is_refused_whatever_its_name(
    client: TestClient,
    storage: LocalStorage,
    media_root: Path,
    editor_headers: dict[str, str],
    name: str,
) -> None:
    response = upload(
        client, editor_headers, files.SVG_WITH_SCRIPT, name, content_type="image/svg+xml"
    )
    assert "SVG" in assert_problem(response, 415)["detail"]
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (files.plain_zip(), 415),  # a ZIP that is no office document
        (files.docx(macros=True), 415),  # macros
        (files.docx(main_type="application/vnd.ms-word.document.macroEnabled.main+xml"), 415),
        (b"%PDF-1.7\n1 0 obj << >> endobj\n", 422),  # cut off: no %%EOF
        (files.jpeg_with_gps((200, 200))[:600], 422),  # cut off in the middle of the image
        (b"MZ\x90\x00\x03" + b"\x00" * 200, 415),  # a Windows program
        (b"", 422),  # empty
    ],
)
def test_damaged_or_unaccepted_content_is_refused(
    client: TestClient,
    storage: LocalStorage,
    media_root: Path,
    editor_headers: dict[str, str],
    data: bytes,
    status: int,
) -> None:
    assert_problem(upload(client, editor_headers, data, "tep"), status)
    assert stored_files(media_root) == []


def test_decompression_bomb_is_refused_before_decoding(
    client: TestClient, storage: LocalStorage, media_root: Path, editor_headers: dict[str, str]
) -> None:
    bomb = files.png_header_bomb(100_000, 100_000)  # 10 gigapixels in a few hundred bytes
    assert len(bomb) < 2000
    body = assert_problem(upload(client, editor_headers, bomb, "bomb.png"), 422)
    assert "decompression bomb" in body["detail"]
    # Under Pillow's own guard but over our pixel budget (50 megapixels by default).
    over_budget = files.png_header_bomb(9000, 9000)
    body = assert_problem(upload(client, editor_headers, over_budget, "lon.png"), 422)
    assert "9000×9000" in body["detail"]
    assert stored_files(media_root) == []
    assert Image.MAX_IMAGE_PIXELS is not None  # Pillow's guard is still on


def test_animations_over_the_frame_limit_are_refused(
    client: TestClient,
    storage: LocalStorage,
    media_root: Path,
    editor_headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "media_max_frames", 4)
    body = assert_problem(upload(client, editor_headers, files.animated_gif(5), "a.gif"), 422)
    assert "5 frames" in body["detail"]
    assert upload(client, editor_headers, files.animated_gif(4), "b.gif").status_code == 201


@pytest.mark.parametrize(
    "name", ["../../etc/cron.d/anh.jpg", "..\\..\\windows\\anh.jpg", "/etc/passwd.jpg"]
)
def test_a_path_in_the_file_name_is_refused(
    client: TestClient,
    storage: LocalStorage,
    media_root: Path,
    editor_headers: dict[str, str],
    name: str,
) -> None:
    response = upload(client, editor_headers, files.jpeg_with_gps((100, 100)), name)
    assert "path" in assert_problem(response, 422)["detail"]
    assert stored_files(media_root) == []
    assert not any(media_root.parent.rglob("cron.d"))


def test_a_name_that_disguises_its_extension_is_refused(
    client: TestClient, storage: LocalStorage, editor_headers: dict[str, str]
) -> None:
    # U+202E (right-to-left override) makes "anh\u202egpj.exe" display as "anhexe.jpg".
    response = upload(client, editor_headers, files.jpeg_with_gps((100, 100)), "anh\u202egpj.exe")
    assert_problem(response, 422)


def test_a_type_outside_the_allow_list_is_refused(
    client: TestClient,
    storage: LocalStorage,
    editor_headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "media_allowed_types", ["jpeg", "png", "pdf"])
    assert_problem(upload(client, editor_headers, files.docx(), "a.docx"), 415)
    assert upload(client, editor_headers, files.pdf(), "a.pdf").status_code == 201


def test_upload_needs_multipart_and_a_file(
    client: TestClient, storage: LocalStorage, editor_headers: dict[str, str]
) -> None:
    assert_problem(client.post("/v1/admin/media", headers=editor_headers, json={}), 415)
    no_file = client.post(
        "/v1/admin/media", headers=editor_headers, files={"alt": (None, "chỉ có chữ")}
    )
    assert assert_problem(no_file, 422)["errors"][0]["loc"] == ["body", "file"]
    unknown_field = client.post(
        "/v1/admin/media",
        headers=editor_headers,
        files={"file": ("a.pdf", files.pdf(), "application/pdf")},
        data={"owner": "x"},
    )
    assert assert_problem(unknown_field, 422)["errors"][0]["loc"] == ["body", "owner"]
    too_long = client.post(
        "/v1/admin/media",
        headers=editor_headers,
        files={"file": ("a.pdf", files.pdf(), "application/pdf")},
        data={"alt": "x" * 501},
    )
    assert assert_problem(too_long, 422)["errors"][0]["loc"] == ["body", "alt"]


def test_a_file_over_the_limit_is_refused_even_inside_a_smaller_body(
    client: TestClient,
    storage: LocalStorage,
    media_root: Path,
    editor_headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The service checks the file's own size too (for callers other than HTTP, and for a
    limit changed without a restart of the body-size middleware)."""
    monkeypatch.setattr(get_settings(), "max_upload_bytes", 1000)
    assert_problem(upload(client, editor_headers, files.pdf("x" * 2000), "a.pdf"), 413)
    assert stored_files(media_root) == []


# --- streaming limits, at the ASGI level: what the server reads, chunk by chunk --------------


class StreamedUpload:
    """An ASGI request whose multipart body arrives in chunks; records how much was read."""

    CHUNK = 64 * 1024

    def __init__(
        self,
        headers: dict[str, str],
        *,
        file_bytes: int,
        declare_length: bool,
        disconnect_after: int | None = None,
    ) -> None:
        boundary = uuid.uuid4().hex
        head = (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="video.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        block = b"\x00" * self.CHUNK  # the same object repeated: no memory for big bodies
        self.chunks = [head, *([block] * (file_bytes // self.CHUNK)), tail]
        self.total = sum(len(c) for c in self.chunks)
        self.disconnect_after = disconnect_after
        self.sent_chunks = 0
        self.read = 0
        self.status: int | None = None
        self.body = b""
        raw_headers = [
            (b"content-type", f"multipart/form-data; boundary={boundary}".encode()),
            *((k.lower().encode(), v.encode()) for k, v in headers.items()),
        ]
        if declare_length:
            raw_headers.append((b"content-length", str(self.total).encode()))
        self.scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
            "scheme": "http", "path": "/v1/admin/media", "raw_path": b"/v1/admin/media",
            "query_string": b"", "headers": raw_headers, "client": ("127.0.0.1", 5000),
            "server": ("testserver", 80), "root_path": "",
        }  # fmt: skip

    async def receive(self) -> dict[str, Any]:
        if self.sent_chunks == self.disconnect_after or self.sent_chunks == len(self.chunks):
            return {"type": "http.disconnect"}
        chunk = self.chunks[self.sent_chunks]
        self.sent_chunks += 1
        self.read += len(chunk)
        return {
            "type": "http.request",
            "body": chunk,
            "more_body": self.sent_chunks < len(self.chunks),
        }

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")

    def run(self) -> None:
        anyio.run(fastapi_app, self.scope, self.receive, self.send)


def test_an_oversized_stream_gets_413_before_it_is_all_read(
    storage: LocalStorage, media_root: Path, editor_headers: dict[str, str], db: Any
) -> None:
    limit = get_settings().max_upload_bytes
    request = StreamedUpload(editor_headers, file_bytes=2 * limit, declare_length=False)
    request.run()

    assert request.status == 413
    assert orjson.loads(request.body)["status"] == 413
    # Reading stopped at the limit (plus the chunk that crossed it), half of what was sent.
    assert limit < request.read <= limit + StreamedUpload.CHUNK
    assert request.read < request.total / 2 + StreamedUpload.CHUNK
    assert stored_files(media_root) == []


def test_a_declared_oversized_body_gets_413_without_reading_any_of_it(
    storage: LocalStorage, media_root: Path, editor_headers: dict[str, str], db: Any
) -> None:
    limit = get_settings().max_upload_bytes
    request = StreamedUpload(editor_headers, file_bytes=limit + 1, declare_length=True)
    request.run()

    assert request.status == 413
    assert request.read == 0
    assert stored_files(media_root) == []


def test_strangers_are_turned_away_before_the_body_is_read(
    storage: LocalStorage, media_root: Path, db: Any
) -> None:
    request = StreamedUpload({}, file_bytes=1024 * 1024, declare_length=False)
    request.run()

    assert request.status == 401
    assert request.read == 0


def test_an_upload_cut_off_midway_leaves_nothing(
    storage: LocalStorage, media_root: Path, editor_headers: dict[str, str], db: Any
) -> None:
    request = StreamedUpload(
        editor_headers, file_bytes=4 * 1024 * 1024, declare_length=False, disconnect_after=10
    )
    request.run()

    assert request.status == 400
    assert request.sent_chunks == 10
    assert stored_files(media_root) == []


def test_a_storage_failure_midway_leaves_no_partial_file(
    storage: LocalStorage, media_root: Path
) -> None:
    class Failing(io.RawIOBase):
        """Gives 3 MiB, then the disk (or the network) fails."""

        def __init__(self) -> None:
            self.sent = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            if self.sent >= 3 * 1024 * 1024:
                raise OSError("No space left on device")
            n = min(len(buffer), 1024 * 1024)
            buffer[:n] = b"\x00" * n
            self.sent += n
            return n

    key = "originals/ab/cd/" + "ab" * 32 + ".pdf"
    with pytest.raises(OSError, match="No space"):
        storage.put(key, io.BufferedReader(Failing()))
    assert not storage.exists(key)
    assert stored_files(media_root) == []  # no temporary file either
