import unicodedata

import pytest

from app.core.text import fold, is_valid_slug, nfc, slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Xây dựng Đảng", "xay-dung-dang"),
        ("Đảng bộ tỉnh An Giang", "dang-bo-tinh-an-giang"),
        ("Dân vận khéo", "dan-van-kheo"),
        ("Văn hóa - Xã hội", "van-hoa-xa-hoi"),
        ("Quốc phòng – An ninh", "quoc-phong-an-ninh"),
        ("ÐẠI HỘI ĐẢNG (nhiệm kỳ 2025–2030)", "dai-hoi-dang-nhiem-ky-2025-2030"),
        ("  Giá lúa bán ra!!  ", "gia-lua-ban-ra"),
    ],
)
def test_slugify_folds_vietnamese_including_d_stroke(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slugify_of_decomposed_input_equals_composed() -> None:
    composed = "Đồng Tháp đẩy mạnh chuyển đổi số"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert slugify(decomposed) == slugify(composed) == "dong-thap-day-manh-chuyen-doi-so"


def test_slugify_cuts_long_titles_at_a_word_boundary() -> None:
    slug = slugify("Tỉnh ủy " * 60, max_length=50)
    assert len(slug) <= 50
    assert slug.endswith("uy")
    assert is_valid_slug(slug)


def test_fold_maps_d_lookalikes_and_drops_marks() -> None:
    assert fold("Đảng ðảng") == "dang dang"
    assert fold("BÀN bán Bạn") == "ban ban ban"


def test_nfc_composes() -> None:
    decomposed = unicodedata.normalize("NFD", "Tiếng Việt")
    assert len(nfc(decomposed)) < len(decomposed)
    assert nfc(decomposed) == "Tiếng Việt"


@pytest.mark.parametrize(
    ("slug", "valid"),
    [("xay-dung", True), ("Xay", False), ("a--b", False), ("", False), ("-a", False)],
)
def test_is_valid_slug(slug: str, valid: bool) -> None:
    assert is_valid_slug(slug) is valid
