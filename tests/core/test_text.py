import random
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


def _fold_whole_text(text: str) -> str:
    """The definition of folding, applied to the text as a whole (fold works per character)."""
    d_like = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
    decomposed = unicodedata.normalize("NFD", nfc(text).translate(d_like))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def test_fold_of_every_bmp_code_point_matches_the_definition() -> None:
    differ = [
        hex(code)
        for code in range(0x10000)
        if not 0xD800 <= code <= 0xDFFF and fold(chr(code)) != _fold_whole_text(chr(code))
    ]
    assert differ == []


def test_fold_of_mixed_text_matches_the_definition() -> None:
    # Runs of several combining marks in any order (reordered by decomposition), decomposed
    # and composed Vietnamese, expanding case folds (ß, ﬁ, İ), characters past the table and
    # past the BMP (𐐀 casefolds, U+1D165 is a combining mark).
    alphabet = (
        "aAdDđĐðÐeEoOuUyY ßẞﬁİıΣςσ\u0300\u0301\u0303\u0309\u0323\u031b\u0302\u0306"
        "Đảng Bộ Tiếng Việt ỡ Ặ 漢字 \U0001d400 \U00010400 \U0001d165 ㄱ 가 ｶ"
    )
    rng = random.Random(5)
    texts = ["".join(rng.choices(alphabet, k=rng.randint(1, 40))) for _ in range(5000)]
    texts.append(unicodedata.normalize("NFD", "Đồng chí Nguyễn Thị Ánh Tuyết, Bí thư Tỉnh ủy"))
    assert [fold(t) for t in texts] == [_fold_whole_text(t) for t in texts]


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
