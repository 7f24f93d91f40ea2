"""Highlighted snippets of search results, computed on the original (accented) text."""

import html
import re
from functools import lru_cache

from app.core.text import fold

# A page of results folds thousands of words, mostly the same few thousand syllables.
_fold_word = lru_cache(maxsize=65_536)(fold)

_TOKEN = re.compile(r"\w+|\W+")
WINDOW = 24  # words shown around the first match


def snippet(text: str, words: list[str], *, window: int = WINDOW) -> str | None:
    """`text` cut around the first matched word, matches wrapped in <mark>, HTML-escaped;
    None when no word matches (the match was elsewhere)."""
    wanted = set(words)
    tokens = _TOKEN.findall(text)
    word_positions = [i for i, t in enumerate(tokens) if t[:1].isalnum() or t[:1] == "_"]
    hits = [i for i in word_positions if _fold_word(tokens[i]) in wanted]
    marked = set(hits)
    if not hits:
        return None
    first = word_positions.index(hits[0])
    start = word_positions[max(0, first - window // 3)]
    end_index = min(len(word_positions) - 1, first + window)
    end = word_positions[end_index] + 1
    pieces = []
    for i in range(start, end):
        escaped = html.escape(tokens[i], quote=False)
        pieces.append(f"<mark>{escaped}</mark>" if i in marked else escaped)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return prefix + "".join(pieces).strip() + suffix
