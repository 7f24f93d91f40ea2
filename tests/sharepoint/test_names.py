"""Internal field names as SharePoint makes them from Vietnamese display names."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.sharepoint.names import decode_internal_name, encode_internal_name


@pytest.mark.parametrize(
    ("display", "internal"),
    [
        # As the REST API of a "Tin Tức Mở Rộng" list names them.
        ("Tiêu đề", "Ti_x00ea_u_x0020__x0111__x1ec1_"),
        ("Tóm tắt", "T_x00f3_m_x0020_t_x1eaf_t"),
        ("Title", "Title"),
        ("Số Trang", "S_x1ed1__x0020_Trang"),
    ],
)
def test_internal_names_of_vietnamese_fields(display: str, internal: str) -> None:
    assert encode_internal_name(display) == internal
    assert decode_internal_name(internal) == display


def test_internal_names_are_cut_at_32_characters_and_still_read() -> None:
    internal = encode_internal_name("Số lượt người đọc")
    assert internal == "S_x1ed1__x0020_l_x01b0__x1ee3_t_"
    assert len(internal) == 32
    # The cut falls inside the next `_x0020_`: its first underscore stays as it is.
    assert decode_internal_name(internal) == "Số lượt_"


def test_a_sequence_cut_in_half_stays_as_it_is() -> None:
    assert decode_internal_name("Ng_x00e0_y_x0020_xu_x1e") == "Ngày xu_x1e"


def test_characters_outside_the_basic_plane_are_surrogate_pairs() -> None:
    assert encode_internal_name("😀") == "_xd83d__xde00_"
    assert decode_internal_name("_xd83d__xde00_") == "😀"
    assert decode_internal_name("_xd83d_") == "\ufffd"  # half a pair: replaced, not a crash


@given(st.text(max_size=6))
def test_decoding_inverts_encoding_of_short_names(display: str) -> None:
    internal = encode_internal_name(display)
    if len(internal) < 32:  # uncut
        assert decode_internal_name(internal) == display
