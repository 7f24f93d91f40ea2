"""Parse a reader's search box into terms and phrases, folded and exact (SPEC §6).

`dân vận "khéo léo"` → terms ["dân", "vận"] and phrase ["khéo", "léo"], each kept in two forms:
folded (what matches: no diacritics, đ → d, any case) and exact (casefolded with diacritics,
what ranks exact-diacritic matches first).
"""

import re
from dataclasses import dataclass

from app.core.text import fold, nfc

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")
MAX_TOKENS = 12


@dataclass(frozen=True)
class SearchQuery:
    # Each part is a tuple of words: one word for a term, several for a quoted phrase.
    folded: tuple[tuple[str, ...], ...]
    exact: tuple[tuple[str, ...], ...]

    @property
    def has_diacritics(self) -> bool:
        """Whether ranking by exact diacritics means anything (the reader typed some)."""
        return self.folded != self.exact

    @property
    def words(self) -> list[str]:
        return [word for part in self.folded for word in part]


def exact_words(text: str) -> list[str]:
    return _WORD.findall(nfc(text).casefold())


def folded_words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def parse(q: str) -> SearchQuery | None:
    """The query's parts, or None when nothing searchable is left."""
    text = nfc(q)
    parts: list[list[str]] = []
    for match in _PHRASE.finditer(text):
        words = exact_words(match.group(1))
        if words:
            parts.append(words)
    for word in exact_words(_PHRASE.sub(" ", text).replace('"', " ")):
        parts.append([word])
    # Bound the work a single query can ask of the index.
    parts, budget = [p for p in parts if p], MAX_TOKENS
    kept: list[list[str]] = []
    for part in parts:
        if budget <= 0:
            break
        kept.append(part[:budget])
        budget -= len(part)
    if not kept:
        return None
    exact = tuple(tuple(p) for p in kept)
    folded = tuple(tuple(fold(w) for w in p) for p in kept)
    return SearchQuery(folded=folded, exact=exact)
