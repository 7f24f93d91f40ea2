"""Highlighted snippets of search results, computed on the original (accented) text."""

import html
import re
from collections import deque
from functools import lru_cache

from app.core.text import fold

# A page of results folds hundreds of words, mostly the same few thousand syllables.
_fold_word = lru_cache(maxsize=65_536)(fold)

_WORD = re.compile(r"\w+")
WINDOW = 24  # words shown around the first match


def snippet(text: str, words: list[str], *, window: int = WINDOW) -> str | None:
    """`text` cut around the first matched word (from `window // 3` words before it to `window`
    words after it), matches wrapped in <mark>, HTML-escaped; None when no word matches (the
    match was elsewhere).

    Words are read lazily and only as far as the snippet needs: a page of results would
    otherwise tokenize and fold every word of twenty article bodies."""
    wanted = set(words)
    found = _WORD.finditer(text)
    # The words up to the first match, as many as the snippet shows before it.
    leading: deque[re.Match[str]] = deque(maxlen=window // 3 + 1)
    for word in found:
        leading.append(word)
        if _fold_word(word.group()) in wanted:
            break
    else:
        return None
    marked = [leading[-1]]
    last = leading[-1]
    for _, word in zip(range(window), found, strict=False):
        last = word
        if _fold_word(word.group()) in wanted:
            marked.append(word)
    start, end = leading[0].start(), last.end()
    pieces: list[str] = []
    at = start
    for word in marked:
        pieces.append(html.escape(text[at : word.start()], quote=False))
        pieces.append(f"<mark>{html.escape(word.group(), quote=False)}</mark>")
        at = word.end()
    pieces.append(html.escape(text[at:end], quote=False))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(pieces).strip() + suffix
