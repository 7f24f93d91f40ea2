"""The pieces on their own: type detection, names, image tags, the storage, the settings."""

import io
import os
from pathlib import Path

import pytest

from app.core.config import Settings
from app.core.errors import InvalidInput
from app.media.storage import LocalStorage, is_valid_key, original_key, rendition_key
from app.media.usage import distinct_image_count, inline_media_ids
from app.media.validation import TYPES, UnsupportedMediaType, clean_filename, detect_type
from tests.media import files


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (files.jpeg_with_gps((20, 20)), "jpeg"),
        (files.png_with_alpha((20, 20)), "png"),
        (files.webp((20, 20)), "webp"),
        (files.animated_gif(2, (20, 20)), "gif"),
        (files.pdf(), "pdf"),
        (files.docx(), "docx"),
        (files.xlsx(), "xlsx"),
        (files.odt(), "odt"),
    ],
)
def test_types_are_read_from_the_content(data: bytes, name: str) -> None:
    assert detect_type(io.BytesIO(data)).name == name


def test_templates_and_unknown_content_are_not_accepted() -> None:
    template = files.docx(
        main_type="application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
    )
    for data in (template, b"plain text", b"\xef\xbb\xbf  <svg onload=alert(1)>"):
        with pytest.raises(UnsupportedMediaType):
            detect_type(io.BytesIO(data))


def test_clean_filename() -> None:
    jpeg, pdf = TYPES["jpeg"], TYPES["pdf"]
    assert clean_filename("Lễ kỷ niệm.JPEG", jpeg) == "Lễ kỷ niệm.JPEG"
    assert clean_filename("  ..ẩn  danh .jpg ", jpeg) == "ẩn danh.jpg"
    assert clean_filename("", pdf) == "tệp.pdf"
    assert clean_filename(None, pdf) == "tệp.pdf"
    assert clean_filename("Báo cáo quý 3.2026", pdf) == "Báo cáo quý 3.2026.pdf"
    long_name = clean_filename("Đ" * 400 + ".pdf", pdf)
    assert len(long_name) == 200
    assert long_name.endswith("Đ.pdf")
    for bad in ("a/b.jpg", "a\\b.jpg", "a\x00.jpg", "a\nb.jpg", "a\u202egpj.exe"):
        with pytest.raises(InvalidInput):
            clean_filename(bad, jpeg)
    for mismatch in ("anh.png", "anh.pdf", "anh.exe", "anh.jpg.html"):
        with pytest.raises(UnsupportedMediaType):
            clean_filename(mismatch, jpeg)


def test_inline_images_and_the_distinct_count() -> None:
    html = (
        '<p><img data-media-id="7" src="/media/x.jpg"><IMG data-media-id="3">'
        '<img data-media-id="7"><img src="https://a.vn/b.jpg"><img src="https://a.vn/b.jpg">'
        '<img data-media-id="abc" src="https://a.vn/c.jpg"><img data-media-id="-1"><img></p>'
    )
    assert inline_media_ids(html) == [7, 3]
    # 7, 3, b.jpg, c.jpg; the lead image 3 is the same image as the inline 3.
    assert distinct_image_count(html, 3) == 4
    assert distinct_image_count(html, 9) == 5
    assert distinct_image_count("<p>không ảnh</p>", None) == 0
    # Found in any case, also when no lowercase tag is there to be found first.
    assert inline_media_ids('<p>ảnh</p><Img data-media-id="5"><iMG data-media-id="6"/>') == [5, 6]


def test_local_storage_writes_atomically_and_once(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    key = original_key("ab" * 32, "pdf")
    assert storage.put(key, io.BytesIO(b"%PDF-1.4 one"))
    path = storage.local_path(key)
    assert path is not None
    assert path.read_bytes() == b"%PDF-1.4 one"
    os.utime(path, (0, 0))
    # The same key again: nothing is rewritten, but the file counts as recently used.
    assert not storage.put(key, io.BytesIO(b"%PDF-1.4 one"))
    assert path.stat().st_mtime > 0
    assert [k for k, _ in storage.list_keys()] == [key]
    assert list((tmp_path / ".incoming").iterdir()) == []
    with storage.open(key) as stored:
        assert stored.read() == b"%PDF-1.4 one"


def test_storage_keys_cannot_leave_the_root(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media")
    assert is_valid_key(rendition_key("0f" * 32, 640, "webp"))
    for key in ("../x", "originals/../../x.jpg", "/etc/passwd", "originals/ab/cd/x.jpg", ""):
        assert not is_valid_key(key)
        assert storage.local_path(key) is None
        assert not storage.exists(key)
        with pytest.raises(FileNotFoundError):
            storage.put(key, io.BytesIO(b"x"))


def test_media_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_MEDIA_RENDITION_WIDTHS", "480, 960")
    monkeypatch.setenv("NEWSDESK_MEDIA_ALLOWED_TYPES", "jpeg,pdf")
    settings = Settings()
    assert settings.media_rendition_widths == [480, 960]
    assert settings.media_allowed_types == ["jpeg", "pdf"]
    monkeypatch.setenv("NEWSDESK_MEDIA_ALLOWED_TYPES", "jpeg,svg")
    with pytest.raises(ValueError, match="svg"):
        Settings()
    monkeypatch.setenv("NEWSDESK_MEDIA_ALLOWED_TYPES", "jpeg")
    monkeypatch.setenv("NEWSDESK_MEDIA_RENDITION_WIDTHS", "0")
    with pytest.raises(ValueError, match="media_rendition_widths"):
        Settings()
