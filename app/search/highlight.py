"""Highlighted snippets of search results, computed on the original (accented) text."""

import html
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Iterator
from functools import lru_cache

from app.core.text import fold

# A page of results folds hundreds of words, mostly the same few thousand syllables.
_fold_word = lru_cache(maxsize=65_536)(fold)

_WORD = re.compile(r"\w+")
WINDOW = 24  # words shown around the first match

# Characters below this fold as a table of regular expression classes (app.core.text keeps
# the same bound for its fold table): Latin, Vietnamese, Greek, Cyrillic and punctuation.
_CLASSES_BELOW = 0x3000


def snippet(text: str, words: list[str], *, window: int = WINDOW) -> str | None:
    """`text` cut around the first matched word (from `window // 3` words before it to `window`
    words after it), matches wrapped in <mark>, HTML-escaped; None when no word matches (the
    match was elsewhere).

    A page of results makes twenty snippets, and folding them word by word was ~40% of a
    search's CPU. So text whose every word folds character by character (all Vietnamese text;
    `_Folding`) is searched as it is, by one regular expression per query whose letters are
    classes of every character folding to them, and the window is measured by regular
    expressions too: no word is folded in Python. Other text is read word by word."""
    if not words:
        return None
    folding = _folding()
    if folding.irregular.search(text) or not unicodedata.is_normalized("NFC", text):
        return _snippet_word_by_word(text, words, window)
    matcher = folding.matcher(frozenset(words))
    first = matcher.search(text)
    if first is None:
        return None
    start = _start_of_words_before(text, first.start(), window // 3)
    end = _words_after(window).match(text, first.end()).end()  # type: ignore[union-attr]
    marked = [first.span(), *(m.span() for m in matcher.finditer(text, first.end(), end))]
    return _cut(text, start, end, marked)


class _Folding:
    """Which characters fold to which (below `_CLASSES_BELOW`), for matching folded words in
    unfolded text. A word of text folds to the concatenation of its characters' folds
    (app.core.text.fold), so when each of its characters folds to exactly one character, the
    word folds to w exactly when each of its characters is in the class of w's character at the
    same place. `irregular` finds the text where that does not hold: a word character that
    folds to none or to several ("ß" → "ss"), or any character from `_CLASSES_BELOW` up."""

    def __init__(self) -> None:
        folding_to: defaultdict[str, list[str]] = defaultdict(list)
        irregular = []
        for code in range(_CLASSES_BELOW):
            char = chr(code)
            if not (char.isalnum() or char == "_"):  # not \w: never inside a word
                continue
            folded = fold(char)
            if len(folded) == 1:
                folding_to[folded].append(char)
            else:
                irregular.append(char)
        self._classes = {
            folded: "[" + "".join(map(re.escape, chars)) + "]"
            for folded, chars in folding_to.items()
        }
        self.irregular = re.compile(
            "[" + "".join(map(re.escape, irregular)) + f"\\U{_CLASSES_BELOW:08x}-\\U0010ffff]"
        )
        self.matcher = lru_cache(maxsize=1024)(self._matcher)

    def _matcher(self, words: frozenset[str]) -> re.Pattern[str]:
        """Whole \\w+ runs of text that fold to one of `words`."""
        alternatives = (
            "".join(self._classes.get(char, "(?!)") for char in word) for word in sorted(words)
        )
        return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


@lru_cache(maxsize=1)
def _folding() -> _Folding:
    return _Folding()


@lru_cache(maxsize=8)
def _words_after(count: int) -> re.Pattern[str]:
    """From a word's end, the next `count` words (fewer at the end of the text)."""
    return re.compile(r"(?:\W+\w+){0," + str(count) + "}")


def _start_of_words_before(text: str, position: int, count: int) -> int:
    """Where the last `count` words before `position` (just after a non-word character or at
    the start) begin, `position` if there are none. Read backwards, on the text reversed, from
    a little before `position` (a match can be deep in a body); from the start of the text
    when that little could have cut a word or held too few."""
    low = max(0, position - 40 * (count + 1))
    while True:
        backwards = text[low:position][::-1]
        found = _words_after(count).match(backwards)
        assert found is not None  # {0,n} matches the empty string at least
        if low == 0 or _WORD.search(backwards, found.end()) is not None:
            # Stopped after `count` words, each whole (a word char was left unread).
            return position - found.end()
        low = 0


def _snippet_word_by_word(text: str, words: list[str], window: int) -> str | None:
    # Words are read lazily and only as far as the snippet needs.
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
    marked = [leading[-1].span()]
    last = leading[-1]
    for word in _first(found, window):
        last = word
        if _fold_word(word.group()) in wanted:
            marked.append(word.span())
    return _cut(text, leading[0].start(), last.end(), marked)


def _first(found: Iterator[re.Match[str]], count: int) -> Iterator[re.Match[str]]:
    return (word for _, word in zip(range(count), found, strict=False))


def _cut(text: str, start: int, end: int, marked: list[tuple[int, int]]) -> str:
    """text[start:end], HTML-escaped, with the `marked` spans in <mark>."""
    pieces: list[str] = []
    at = start
    for word_start, word_end in marked:
        pieces.append(html.escape(text[at:word_start], quote=False))
        pieces.append(f"<mark>{html.escape(text[word_start:word_end], quote=False)}</mark>")
        at = word_end
    pieces.append(html.escape(text[at:end], quote=False))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(pieces).strip() + suffix
