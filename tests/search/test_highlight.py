"""Snippets: the lazy scanner gives exactly what a plain tokenize-everything version gives."""

import html
import random
import re

from app.core.text import fold
from app.search.highlight import snippet

_TOKEN = re.compile(r"\w+|\W+")


def reference_snippet(text: str, words: list[str], *, window: int) -> str | None:
    """The obvious version: tokenize and fold the whole text, then cut around the first hit."""
    tokens = _TOKEN.findall(text)
    positions = [i for i, t in enumerate(tokens) if t[:1].isalnum() or t[:1] == "_"]
    hits = {i for i in positions if fold(tokens[i]) in set(words)}
    if not hits:
        return None
    first = positions.index(min(hits))
    start = positions[max(0, first - window // 3)]
    end = positions[min(len(positions) - 1, first + window)] + 1
    pieces = [
        f"<mark>{html.escape(tokens[i], quote=False)}</mark>"
        if i in hits
        else html.escape(tokens[i], quote=False)
        for i in range(start, end)
    ]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return prefix + "".join(pieces).strip() + suffix


WORDS = ["dân", "vận", "Đảng", "bàn", "bán", "xã", "ủy", "2026", "ẞ", "_x", "<b>", "&", "ＡＢ", "x̂",
         "Ngườiđạidiện" * 5, "Ⅻ", "ǅ", "ﬁ", "\u0301", "e\u0301", "Ω"]  # fmt: skip
SEPARATORS = [" ", ", ", ". ", " – ", "\n", "<", ">&", "  ", '"', ""]


def test_matches_the_reference_on_random_texts() -> None:
    rnd = random.Random(20261127)
    for _ in range(3000):
        text = "".join(
            rnd.choice(WORDS) + rnd.choice(SEPARATORS) for _ in range(rnd.randint(0, 60))
        )
        if rnd.random() < 0.3:
            text = rnd.choice(SEPARATORS) + text
        query = [w for typed in rnd.sample(WORDS, 2) for w in re.findall(r"\w+", fold(typed))]
        for window in (24, 3, 1, 0):
            assert snippet(text, query, window=window) == reference_snippet(
                text, query, window=window
            ), (text, query, window)


def test_cuts_marks_and_escapes() -> None:
    text = "Mở đầu. " + "chữ " * 20 + "Ban <Dân> vận khéo " + "từ " * 40 + "hết."
    shown = snippet(text, ["dan", "van"], window=6)
    # two words before the first match (6 // 3), six after it
    assert shown == "… chữ Ban &lt;<mark>Dân</mark>&gt; <mark>vận</mark> khéo từ từ từ từ …"
    assert snippet("không có gì", ["dan"]) is None
    assert snippet("Dân vận", ["dan"]) == "<mark>Dân</mark> vận"
