"""SharePoint field names: display names (Vietnamese) and the internal names the REST API uses.

SharePoint derives a field's internal name from the display name it was created with, writing
each character outside [A-Za-z0-9] as `_xHHHH_` (its UTF-16 code unit in hex), then cuts the
result to 32 characters: "Tiêu đề" becomes `Ti_x00ea_u_x0020__x0111__x1ec1_`. A field renamed
later keeps its old internal name, so the importer maps by what the list's `…/fields` endpoint
says (`Title` ↔ `InternalName`) and uses these functions only to read and to guess.
"""

import re

INTERNAL_NAME_MAX_LENGTH = 32
_ENCODED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_PLAIN = re.compile(r"[A-Za-z0-9]")


def decode_internal_name(internal_name: str) -> str:
    """The display name an internal name was made from (before any cut): every `_xHHHH_`
    back to its character; UTF-16 surrogate pairs (`_xd83d__xde00_`) become one character."""
    units: list[int] = []
    pieces: list[str] = []
    position = 0
    for match in _ENCODED.finditer(internal_name):
        if match.start() != position:
            pieces.append(_utf16(units))
            units.clear()
            pieces.append(internal_name[position : match.start()])
        units.append(int(match.group(1), 16))
        position = match.end()
    pieces.append(_utf16(units))
    pieces.append(internal_name[position:])
    return "".join(pieces)


def _utf16(units: list[int]) -> str:
    if not units:
        return ""
    raw = b"".join(unit.to_bytes(2, "big") for unit in units)
    # A lone surrogate (an internal name cut in the middle of a pair) becomes U+FFFD.
    return raw.decode("utf-16-be", errors="replace")


def encode_internal_name(display_name: str) -> str:
    """The internal name SharePoint gives a field created with `display_name`."""
    encoded = []
    for char in display_name:
        if _PLAIN.fullmatch(char):
            encoded.append(char)
            continue
        raw = char.encode("utf-16-be")
        encoded.extend(f"_x{raw[i : i + 2].hex()}_" for i in range(0, len(raw), 2))
    return "".join(encoded)[:INTERNAL_NAME_MAX_LENGTH]
