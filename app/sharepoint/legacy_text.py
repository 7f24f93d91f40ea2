"""Vietnamese typed with legacy 8-bit fonts (TCVN3/ABC, VNI), as old SharePoint portals hold it.

Before Unicode, Vietnamese was typed with fonts whose glyphs sat on Windows-1252 code points:
.VnTime (TCVN3, also called ABC) drew "á" where cp1252 has "¸", VNI-Times drew "á" as "a" plus
a mark glyph on "ù". SharePoint stored the cp1252 characters, so "Phát triển kinh tế" reads
"Ph¸t triÓn kinh tÕ" (TCVN3) or "Phaùt trieån kinh teá" (VNI) once the font is gone.

The tables are UniKey's (vnconv, data.cpp), checked entry by entry in the tests:
- TCVN3 gives every lowercase letter one code; of the capitals only Ă Â Đ Ê Ô Ơ Ư have their
  own, a capital with a tone shares the lowercase code (the font had no glyph for it; titles
  in capitals used the .VnTimeH font, which draws the lowercase codes as capitals).
- VNI writes a letter as its base letter plus one mark character (a tone, a hat or a breve,
  or a hat/breve with a tone), except i/y/đ/ơ/ư forms that have a code of their own.
"""

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from html import unescape
from typing import Literal

from app.sharepoint.markup import INLINE_TAGS, attributes, tokenize

LegacyEncoding = Literal["tcvn3", "vni"]

# The six forms of a vowel, in the order the tables below list them: no tone, sắc, huyền, hỏi,
# ngã, nặng.
_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _forms(base: str) -> list[str]:
    return [unicodedata.normalize("NFC", base + mark) for mark in _TONE_MARKS]


_TCVN3_VOWELS = {
    "a": "a¸µ¶·¹",
    "ă": "¨¾»¼½Æ",
    "â": "©ÊÇÈÉË",
    "e": "eÐÌÎÏÑ",
    "ê": "ªÕÒÓÔÖ",
    "i": "iÝ×ØÜÞ",
    "o": "oãßáâä",
    "ô": "«èåæçé",
    "ơ": "¬íêëìî",
    "u": "uóïñòô",
    "ư": "\xadøõö÷ù",  # ư is the soft hyphen's code point
    "y": "yýúûüþ",
}
_TCVN3_OTHERS = {"đ": "®", "Ă": "¡", "Â": "¢", "Đ": "§", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦"}

# VNI marks, lowercase; the capital letters use the capital marks ("AÙ" = "Á").
_VNI_TONES = "ùøûõï"  # sắc, huyền, hỏi, ngã, nặng
_VNI_HAT = "âáàåãä"  # circumflex alone, then with each tone
_VNI_BREVE = "êéèúüë"  # breve alone, then with each tone
_VNI_VOWELS = {
    "a": ["a", *("a" + m for m in _VNI_TONES)],
    "â": ["a" + m for m in _VNI_HAT],
    "ă": ["a" + m for m in _VNI_BREVE],
    "e": ["e", *("e" + m for m in _VNI_TONES)],
    "ê": ["e" + m for m in _VNI_HAT],
    "o": ["o", *("o" + m for m in _VNI_TONES)],
    "ô": ["o" + m for m in _VNI_HAT],
    "ơ": ["ô", *("ô" + m for m in _VNI_TONES)],
    "u": ["u", *("u" + m for m in _VNI_TONES)],
    "ư": ["ö", *("ö" + m for m in _VNI_TONES)],
    "i": ["i", "í", "ì", "æ", "ó", "ò"],
    "y": ["y", "yù", "yø", "yû", "yõ", "î"],
}


def _build_tables() -> tuple[dict[str, str], dict[str, str]]:
    tcvn3: dict[str, str] = {}
    vni: dict[str, str] = {}
    for base, tcvn3_codes in _TCVN3_VOWELS.items():
        for letter, code in zip(_forms(base), tcvn3_codes, strict=True):
            tcvn3[letter] = code
            # No own code for a capital with a tone: it shares the lowercase one.
            tcvn3.setdefault(letter.upper(), letter.upper() if letter.isascii() else code)
    tcvn3.update(_TCVN3_OTHERS)
    for base, vni_codes in _VNI_VOWELS.items():
        for letter, code in zip(_forms(base), vni_codes, strict=True):
            vni[letter] = code
            vni[letter.upper()] = code.upper()
    vni.update({"đ": "ñ", "Đ": "Ñ"})
    return (
        {letter: code for letter, code in tcvn3.items() if letter != code},
        {letter: code for letter, code in vni.items() if letter != code},
    )


# Unicode letter → how it reads as cp1252 characters in that encoding (letters that are the
# same in both are left out).
TCVN3_CODES, VNI_CODES = _build_tables()
_ENCODERS = {
    "tcvn3": str.maketrans(TCVN3_CODES),
    "vni": str.maketrans(VNI_CODES),
}


def encode_legacy(text: str, encoding: LegacyEncoding) -> str:
    """Vietnamese Unicode text as it looks once typed with a TCVN3 or VNI font and stored as
    cp1252 characters: "Phát triển" → "Ph¸t triÓn" (tcvn3) / "Phaùt trieån" (vni)."""
    return unicodedata.normalize("NFC", text).translate(_ENCODERS[encoding])


# --- Reading it back ------------------------------------------------------------------------

# TCVN3 codes of capitals with tones are the lowercase ones: decoding gives the lowercase
# letter, and _restore_capitals puts capitals back where the words around say so.
_TCVN3_DECODE = {
    code: letter for letter, code in sorted(TCVN3_CODES.items(), key=lambda item: item[0].islower())
}
_TCVN3_TABLE = str.maketrans(_TCVN3_DECODE)
_VNI_DECODE = {code: letter for letter, code in VNI_CODES.items()}
_VNI_PAIRS = {code: letter for code, letter in _VNI_DECODE.items() if len(code) == 2}
_VNI_SINGLES = {code: letter for code, letter in _VNI_DECODE.items() if len(code) == 1}

# A word: letters, and the legacy codes that are symbols in cp1252 ("Ph¸t", "n¨m", "ng­êi").
_TCVN3_SYMBOLS = "".join(sorted({c for c in _TCVN3_DECODE if not c.isalpha()}))
_WORD = re.compile(rf"(?:[^\W\d_]|[{re.escape(_TCVN3_SYMBOLS)}]|[\u0300-\u036f])+")

# Inside a word these never occur in Unicode text of any language, but are TCVN3 letters.
_TCVN3_TELLTALES = frozenset(_TCVN3_SYMBOLS + "µªßþÞ")
# VNI pairs that are also common in French or Spanish words (où, goût, naïve, héroïne,
# aéroport, aún): they count as evidence only with other words.
_VNI_WESTERN_PAIRS = frozenset(
    pair for pair in ("où", "oû", "aï", "oï", "uï", "aé", "aú") for pair in (pair, pair.upper())
)

# Letters of Vietnamese that Latin-1 lacks: a word holding one is Unicode, whatever else is.
_VIETNAMESE_BEYOND_LATIN1 = frozenset(
    letter for letter in [*TCVN3_CODES, *VNI_CODES] if ord(letter) > 0xFF
)
# The characters text typed in each encoding is made of, besides ASCII: a word of them that
# reads as Vietnamese both ways ("chính" in VNI, whose "í" is Unicode's) tells nothing.
_ALPHABETS = {
    "tcvn3": frozenset("".join(TCVN3_CODES.values())),
    "vni": frozenset("".join(VNI_CODES.values()) + "íìÍÌ"),
}

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_STOP_TONES = frozenset("\u0301\u0323")  # a syllable ending in c/ch/p/t takes sắc or nặng
_INITIALS = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx]"
# Vowel groups that end the syllable (no final consonant may follow) and those that need one.
_OPEN_NUCLEI = (
    "iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uyu|"
    "ai|ao|au|ay|âu|ây|eo|êu|iu|oi|ôi|ơi|ui|ưi|ưu|ia|ua|ưa|uya"
)
_CLOSED_NUCLEI = "uyê|iê|yê|uô|ươ"
_NUCLEI = "oa|oă|oe|oo|uâ|uê|uơ|uy|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
_SYLLABLE = re.compile(
    rf"(?:{_INITIALS})?"
    rf"(?:(?P<open>{_OPEN_NUCLEI})"
    rf"|(?P<closed>{_CLOSED_NUCLEI})(?P<final1>ch|ng|nh|[cmnptk])"
    rf"|(?P<nucleus>{_NUCLEI})(?P<final2>ch|ng|nh|[cmnptk])?)"
)
_MARKED_VOWELS = "ăâêôơ"  # the tone sits on these when the group has one (ơ of ươ)
_EITHER_PLACE = frozenset(("oa", "oe", "uy"))  # hòa/hoà, thủy/thuỷ: old and new placement


def _tone_places(nucleus: str, closed: bool) -> set[int]:
    """Where in a vowel group the tone may sit: "muối", "người", "của", "toán", "hòa"/"hoà"."""
    marked = {place for place, vowel in enumerate(nucleus) if vowel in _MARKED_VOWELS}
    if marked:
        return marked
    if "ư" in nucleus:
        return {nucleus.index("ư")}
    if len(nucleus) == 3:
        return {1}
    if len(nucleus) == 2 and not closed:
        return {0, 1} if nucleus in _EITHER_PLACE else {0}
    return {len(nucleus) - 1}


def is_vietnamese_syllable(word: str) -> bool:
    """Whether a word has the shape of a Vietnamese syllable: initial, vowel group, final, at
    most one tone, on a vowel that takes it, and sắc/nặng only before a stop ("Đắk" and "Lắk"
    pass, "cafộ" and "giaù" do not)."""
    letters = [unicodedata.normalize("NFD", char) for char in word.lower()]
    toned = [place for place, char in enumerate(letters) if any(c in _TONES for c in char)]
    if len(toned) > 1:
        return False
    base = "".join(
        unicodedata.normalize("NFC", "".join(c for c in char if c not in _TONES))
        for char in letters
    )
    match = _SYLLABLE.fullmatch(base)
    if match is None:
        return False
    if not toned:
        return True
    group = next(name for name in ("open", "closed", "nucleus") if match.group(name))
    final = match.group("final1") or match.group("final2") or ""
    tone = next(c for c in letters[toned[0]] if c in _TONES)
    if final in ("c", "ch", "p", "t", "k") and tone not in _STOP_TONES:
        return False
    return toned[0] - match.start(group) in _tone_places(match.group(group), bool(final))


def _reads_as_vietnamese(word: str) -> bool:
    # Cased as words are: "tế", "Tế", "TẾ"; not "tÕ" or "bƯnh". Abbreviations ("HĐND",
    # "QĐ") are capitals and Đ.
    if word.isupper() and all(char.isascii() or char == "Đ" for char in word):
        return True
    cased = word in (word.lower(), word.upper(), word[:1].upper() + word[1:].lower())
    return cased and is_vietnamese_syllable(word)


def _decode_vni(text: str) -> str:
    out: list[str] = []
    position = 0
    while position < len(text):
        pair = text[position : position + 2]
        if pair in _VNI_PAIRS:
            out.append(_VNI_PAIRS[pair])
            position += 2
        else:
            char = text[position]
            out.append(_VNI_SINGLES.get(char, char))
            position += 1
    return "".join(out)


def _decode_tcvn3(text: str) -> str:
    return _restore_capitals(text, text.translate(_TCVN3_TABLE))


def _restore_capitals(legacy: str, decoded: str) -> str:
    """Upper-case the toned letters of words written in capitals: their codes are lowercase
    ones ("KINH TÕ" → "KINH TẾ"). A word tells by its letters that are not toned codes (two
    capitals, or one after the first place); a word that cannot tell ("TÕ") follows the
    nearest word that can, so "Tế" stays as it is in "Kinh Tế"."""
    words = list(_WORD.finditer(legacy))
    capitals: list[bool | None] = []
    for match in words:
        fixed = [
            (place, char)
            for place, char in enumerate(match.group())
            if char.isalpha() and (char not in _TCVN3_DECODE or _TCVN3_DECODE[char].isupper())
        ]
        if any(char.islower() for _, char in fixed):
            capitals.append(False)
        elif len(fixed) >= 2 or (fixed and fixed[0][0] > 0):
            capitals.append(True)
        else:
            capitals.append(None)
    decided = [(index, verdict) for index, verdict in enumerate(capitals) if verdict is not None]
    pieces: list[str] = []
    position = 0
    for index, match in enumerate(words):
        verdict = capitals[index]
        if verdict is None and decided:
            verdict = min(decided, key=lambda item: (abs(item[0] - index), item[0] > index))[1]
        if verdict:
            pieces.append(decoded[position : match.start()])
            pieces.append(decoded[match.start() : match.end()].upper())
            position = match.end()
    pieces.append(decoded[position:])
    return "".join(pieces)


_DECODERS = {"tcvn3": _decode_tcvn3, "vni": _decode_vni}
_NAMES = {"tcvn3": "TCVN3", "vni": "VNI"}


def _is_telltale(word: str, encoding: str) -> bool:
    if encoding == "vni":
        return any(
            word[i : i + 2] in _VNI_PAIRS and word[i : i + 2] not in _VNI_WESTERN_PAIRS
            for i in range(len(word) - 1)
        )
    return len(word) > 1 and (
        any(char in _TCVN3_TELLTALES for char in word)
        or any(
            before.islower() and char.isupper() and not char.isascii()
            for before, char in itertools.pairwise(word)
        )
    )


@dataclass
class _Reading:
    """What one legacy encoding makes of the words of a text."""

    encoding: str
    telltale: list[str] = field(default_factory=list)  # decode to Vietnamese, look legacy
    plausible: list[str] = field(default_factory=list)  # decode to Vietnamese, look foreign
    garbled: list[str] = field(default_factory=list)  # change, but not into Vietnamese
    unicode: list[str] = field(default_factory=list)  # Vietnamese as they are, not as legacy
    foreign: int = 0  # left as they are, and not Vietnamese ("café" for VNI)
    changed: int = 0

    @property
    def name(self) -> str:
        return _NAMES[self.encoding]

    def is_candidate(self) -> bool:
        # One word with a legacy telltale is enough ("Ph¸t"); words that merely decode well
        # ("tøc" → "tức", but also French "thé" → "thộ") need numbers, among the words that
        # tell one reading from the other.
        weak = len(self.plausible)
        telling = weak + len(self.garbled) + len(self.unicode) + self.foreign
        return bool(self.telltale) or (weak >= 3 and weak >= 0.75 * telling)

    def explains(self) -> bool:
        # A long text may hold a name or a typo that is no syllable; a short one may not.
        return not self.unicode and len(self.garbled) <= self.changed // 20

    @property
    def evidence(self) -> int:
        return 2 * len(self.telltale) + len(self.plausible)


_Kind = Literal["foreign", "unicode", "telltale", "plausible", "garbled", "same"]


def _read(words: list[str], encoding: str) -> _Reading:
    reading = _Reading(encoding)
    for word in words:
        kind, changed = _word_kind(word, encoding)
        reading.changed += changed
        if kind == "foreign":
            reading.foreign += 1
        elif kind != "same":
            getattr(reading, kind).append(word)
    return reading


# An archive's words repeat (a language has a few thousand syllables), and judging one is the
# costly part of an import's text work: each is judged once per process.
@functools.lru_cache(maxsize=1 << 17)
def _word_kind(word: str, encoding: str) -> tuple[_Kind, bool]:
    """What reading `word` as `encoding` makes of it, and whether decoding changes it."""
    decoded = _DECODERS[encoding](word)
    as_unicode = _reads_as_vietnamese(word)
    if decoded == word:
        if not as_unicode:
            return "foreign", False
        if not all(c.isascii() or c in _ALPHABETS[encoding] for c in word):
            return "unicode", False
        return "same", False
    if _reads_as_vietnamese(decoded):
        if any(char in _VIETNAMESE_BEYOND_LATIN1 for char in word):
            return "unicode", True
        if as_unicode:
            return "same", True
        return ("telltale" if _is_telltale(word, encoding) else "plausible"), True
    return ("unicode" if as_unicode else "garbled"), True


def _judge(text: str) -> tuple[str | None, str | None]:
    """(encoding to convert from, None) or (None, why not, or None when nothing looks legacy)."""
    # Only words with a non-ASCII letter or code tell anything; a lone symbol ("©", "×") is
    # a symbol.
    words = [
        word
        for word in _WORD.findall(text)
        if not word.isascii() and any(char.isalpha() for char in word)
    ]
    readings = [_read(words, encoding) for encoding in ("tcvn3", "vni")]
    # A word that one encoding reads and the other leaves as it is counts against the other
    # too: "Ph¸t Phaùt" is explained by neither.
    for reading, other in itertools.permutations(readings):
        decode = _DECODERS[reading.encoding]
        reading.garbled.extend(word for word in other.telltale if decode(word) == word)
    candidates = [reading for reading in readings if reading.is_candidate()]
    if not candidates:
        return None, _hint(words, readings)
    candidates.sort(key=lambda reading: reading.evidence, reverse=True)
    best, rival = candidates[0], (candidates[1] if len(candidates) > 1 else None)
    close = rival is not None and 2 * rival.evidence > best.evidence
    if best.explains() and not close:
        return best.encoding, None
    if rival is not None and close and (best.explains() or rival.explains()):
        return None, "could be TCVN3 or VNI"
    if rival is not None and set(best.garbled) & set(rival.telltale):
        return None, f"mixed TCVN3 and VNI ({best.telltale[0]!r} beside {rival.telltale[0]!r})"
    legacy = (best.telltale or best.plausible)[0]
    if best.unicode:
        return None, f"mixed Unicode and {best.name} ({legacy!r} beside {best.unicode[0]!r})"
    return None, (
        f"looks like {best.name} ({legacy!r}), but {len(best.garbled)} of {best.changed} "
        f"words do not decode to Vietnamese (e.g. {best.garbled[0]!r})"
    )


def _hint(words: list[str], readings: list[_Reading]) -> str | None:
    """A text too short to convert whose every word reads as legacy is still worth a look."""
    for reading in readings:
        if words and len(reading.plausible) == len(words):
            word = reading.plausible[0]
            return (
                f"might be {reading.name} ({word!r} → {_DECODERS[reading.encoding](word)!r}), "
                "too little text to tell"
            )
    return None


@dataclass(frozen=True)
class LegacyRepair:
    text: str
    encoding: str | None  # "tcvn3"/"vni" when converted
    flagged: str | None  # why, when it looks legacy but cannot be converted unambiguously


# An item's versions repeat most of its texts, and they are read one after another.
@functools.lru_cache(maxsize=256)
def repair_text(text: str) -> LegacyRepair:
    """The text in NFC, converted from TCVN3 or VNI when one of them clearly explains it;
    otherwise as it was, with `flagged` saying why when it still looks legacy."""
    text = unicodedata.normalize("NFC", text)
    encoding, flagged = _judge(text)
    if encoding is None:
        return LegacyRepair(text, None, flagged)
    return LegacyRepair(_DECODERS[encoding](text), encoding, None)


# --- HTML -----------------------------------------------------------------------------------

_TEXT_ATTRIBUTES = frozenset(("alt", "title"))
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


@functools.lru_cache(maxsize=256)
def repair_html(html: str) -> LegacyRepair:
    """repair_text for HTML, judged on all its text at once: text and alt/title values in NFC
    and converted; tags, comments, scripts, URLs and character references of anything but
    a legacy letter ("&amp;", "&nbsp;") stay byte for byte."""
    tokens = tokenize(html)
    readable: list[str] = []
    for token in tokens:
        # Inline tags do not end a word ("Ph<b>¸</b>t" is one), others do.
        if token.kind == "text":
            readable.append(unescape(token.source))
        elif token.kind == "start" or token.kind == "end":
            readable.append("" if token.tag in INLINE_TAGS else " ")
            if token.kind == "start":
                readable.extend(
                    f" {unescape(attribute.value)} "
                    for attribute in attributes(token.source)
                    if attribute.name in _TEXT_ATTRIBUTES
                )
        else:
            readable.append(" ")
    encoding, flagged = _judge(unicodedata.normalize("NFC", "".join(readable)))
    repaired: list[str] = []
    for token in tokens:
        if token.kind == "text":
            repaired.append(_repair_source(token.source, encoding))
        elif token.kind == "start":
            repaired.append(_repair_attributes(token.source, encoding))
        else:
            repaired.append(token.source)
    return LegacyRepair("".join(repaired), encoding, flagged)


def _repair_attributes(tag_source: str, encoding: str | None) -> str:
    for attribute in reversed(attributes(tag_source)):
        if attribute.name in _TEXT_ATTRIBUTES and attribute.start < attribute.end:
            written = tag_source[attribute.start : attribute.end]
            quote = written[0] if written[0] in "'\"" else ""
            value = _repair_source(attribute.value, encoding)
            tag_source = (
                tag_source[: attribute.start] + quote + value + quote + tag_source[attribute.end :]
            )
    return tag_source


def _repair_source(source: str, encoding: str | None) -> str:
    """Text as written in HTML, repaired: a reference to a legacy letter ("&sect;" is TCVN3's
    Đ) is converted with the letters around it, any other reference stays as written."""
    alphabet = _ALPHABETS[encoding] if encoding else frozenset()
    pieces: list[str] = []
    run: list[str] = []
    position = 0
    for match in _REFERENCE.finditer(source):
        run.append(source[position : match.start()])
        char = unescape(match.group())
        if len(char) == 1 and char in alphabet:
            run.append(char)
        else:
            pieces.append(_repair_run("".join(run), encoding))
            pieces.append(match.group())
            run = []
        position = match.end()
    run.append(source[position:])
    pieces.append(_repair_run("".join(run), encoding))
    return "".join(pieces)


def _repair_run(text: str, encoding: str | None) -> str:
    text = unicodedata.normalize("NFC", text)
    return _DECODERS[encoding](text) if encoding else text
