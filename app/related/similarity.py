"""The similarity measure, as pure functions: terms of an article, their weights, and the
boosts applied to a pair (docs/related.md explains the choices).

Text is folded first (app.core.text.fold), so an article typed without diacritics has the same
terms as a well-typed one. Terms are syllables and pairs of adjacent syllables: most
Vietnamese words are two syllables ("giáo dục", "nông thôn"), so pairs carry the meaning that
single syllables lose once folded ("ban" is bàn, bán, bạn, bản…).
"""

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from app.core.text import fold
from app.search.service import html_text

# Function words and the most common generic syllables of Vietnamese news, folded. Folding
# merges some with content syllables ("co" is có and cơ, "nam" is năm and Nam), so they are
# dropped only as single terms; pairs keep them (see field_terms).
_STOP_TEXT = """
    của và các được là có trong cho với những một này đã sẽ đang tại theo từ khi để không cũng
    về ra vào như đến trên dưới sau trước hơn rất thì mà nên nhưng hay hoặc bị do vì nếu lại còn
    đó đây nào gì ai họ chúng tôi ta mình việc nhằm qua cùng thêm vẫn đều chỉ mới tới số cả
    năm ngày tháng giờ lần người nhiều ít các những bởi rằng thế vậy nhất đi đây kia ấy sự
    cuộc nơi điều phải cần hết luôn chưa đang vừa thường toàn mỗi từng tất
    """
STOP_WORDS = frozenset(fold(w) for w in _STOP_TEXT.split())
_SYLLABLE = re.compile(r"[a-z0-9]+")

# How much a term counts by where it appears.
FIELD_WEIGHTS = {"title": 3.0, "summary": 2.0, "body": 1.0}
PAIR_WEIGHT = 1.3  # a syllable pair says more than either syllable
VECTOR_TERMS = 40  # the strongest terms kept per article
MAX_TERM_LENGTH = 100
# A term in more than this share of the archive says nothing about topic (once the archive is
# big enough for shares to mean something).
COMMON_TERM_SHARE = 0.3
COMMON_TERM_MIN_DOCS = 50

SAME_CATEGORY_BOOST = 0.25
SHARED_TAG_BOOST = 0.1
SHARED_TAG_CAP = 3
AGE_HALF_LIFE_DAYS = 180.0
AGE_FLOOR = 0.6  # an old article on the same story still counts, just less


def syllables(text: str) -> list[str]:
    return _SYLLABLE.findall(fold(text))


def field_terms(text: str) -> Counter[str]:
    """Syllables (without stop words and bare numbers) and pairs of adjacent syllables unless
    both are stop words: a pair keeps what folding merged ("co quan" is cơ quan, not có)."""
    found: Counter[str] = Counter()
    previous: str | None = None
    for syllable in syllables(text):
        if syllable.isdigit():
            previous = None
            continue
        stop = syllable in STOP_WORDS
        if not stop:
            found[syllable] += 1
        if previous is not None and not (stop and previous in STOP_WORDS):
            found[f"{previous} {syllable}"] += 1
        previous = syllable
    return found


def term_counts(*, title: str, summary: str, content_html: str) -> dict[str, float]:
    """Each term of an article with its field-weighted count."""
    counts: dict[str, float] = {}
    for name, text in (("title", title), ("summary", summary), ("body", html_text(content_html))):
        weight = FIELD_WEIGHTS[name]
        for term, n in field_terms(text).items():
            if len(term) <= MAX_TERM_LENGTH:
                counts[term] = counts.get(term, 0.0) + weight * n
    return counts


def idf(df: int, docs: int) -> float:
    return math.log((docs + 1) / (df + 1)) + 1.0


def is_too_common(df: int, docs: int) -> bool:
    return docs >= COMMON_TERM_MIN_DOCS and df > COMMON_TERM_SHARE * docs


def vector(counts: dict[str, float], df: dict[str, int], docs: int) -> dict[str, float]:
    """The article's strongest terms, TF-IDF weighted (sublinear tf) and L2-normalized.
    Ties are broken by the term itself, so the vector never depends on dict order."""
    return Weigher(df, docs).vector(counts)


class Weigher:
    """Term vectors at one state of the archive (document frequencies, document count).

    Publishing weighs one article; a rebuild weighs every article with the same frequencies
    and keeps the idf of each term it has seen (the arithmetic is the same either way)."""

    def __init__(self, df: Mapping[str, int], docs: int) -> None:
        self._df = df
        self._docs = docs
        self._idf: dict[str, float | None] = {}  # None: too common to say anything

    def _term_idf(self, term: str) -> float | None:
        if term in self._idf:
            return self._idf[term]
        term_df = self._df.get(term, 1)
        found = None if is_too_common(term_df, self._docs) else idf(term_df, self._docs)
        self._idf[term] = found
        return found

    def vector(self, counts: Mapping[str, float]) -> dict[str, float]:
        weights: list[tuple[float, str]] = []
        for term, count in counts.items():
            term_idf = self._term_idf(term)
            if term_idf is None:
                continue
            w = (1.0 + math.log(count)) * term_idf
            if " " in term:
                w *= PAIR_WEIGHT
            weights.append((w, term))
        weights.sort(key=lambda wt: (-wt[0], wt[1]))
        top = weights[:VECTOR_TERMS]
        norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
        return {term: w / norm for w, term in top}


@dataclass(frozen=True)
class Facets:
    """What boosts a pair beyond its text: where it is filed, its tags, its date."""

    category_id: int
    tag_ids: frozenset[int]
    publish_at: datetime


def boost(a: Facets, b: Facets) -> float:
    """The factor a pair's text similarity is multiplied by (symmetric, like the cosine).
    app/related/bulk.py (_Boosts) repeats this arithmetic elementwise: change both."""
    factor = 1.0
    if a.category_id == b.category_id:
        factor += SAME_CATEGORY_BOOST
    factor += SHARED_TAG_BOOST * min(len(a.tag_ids & b.tag_ids), SHARED_TAG_CAP)
    days = abs((a.publish_at - b.publish_at).total_seconds()) / 86400
    return factor * (AGE_FLOOR + (1 - AGE_FLOOR) * 0.5 ** (days / AGE_HALF_LIFE_DAYS))


def score(cosine: float, a: Facets, b: Facets) -> float:
    # Rounded so that float noise in the sum order cannot reorder equal pairs.
    return round(cosine * boost(a, b), 6)


def ranked(scores: Iterable[tuple[int, float]], limit: int) -> list[tuple[int, float]]:
    """Best first; equal scores go to the newer article (higher id), so ties are stable."""
    return sorted(scores, key=lambda s: (-s[1], -s[0]))[:limit]
