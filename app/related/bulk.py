"""A full rebuild of the related index in memory (`newsdesk related-rebuild`).

It computes what publishing every live version one by one and then recomputing every list
(`index.recompute`) would store, with exact document frequencies, but without one SQL
aggregate per article (about 60 ms each at 100k articles: hours). Instead:

1. every live version's terms are counted once (kept as term numbers and counts);
2. every vector is weighed with the final frequencies (`similarity.Weigher`, the arithmetic of
   publishing);
3. the inverted index of those vectors is kept in numpy arrays, and the dot products of a block
   of articles with every other article are summed in one `bincount`; the best `CANDIDATES`
   per article (dot product, then the newer article on ties), as the SQL aggregate picks them,
   get the category, tag and age boosts in Python (`similarity.score`), so the scores are
   those of the publish path, float for float;
4. the index and the lists are replaced in one write transaction (readers see the old lists
   until it commits), refused if a live version changed since step 1.

The dot products are summed in a different order than the SQL aggregate sums them, so two
candidates whose products differ only in the last bit could be cut differently at the
`CANDIDATES` boundary; tests/related check that both paths store the same lists.
"""

from __future__ import annotations

import heapq
import logging
import time
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Engine, delete, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.articles.models import ArticleLive, ArticleLiveTag
from app.core.db import open_session, utcnow
from app.related import index, similarity
from app.related.models import RelatedStale, RelatedSuggestion, RelatedTerm, RelatedTermStat

log = logging.getLogger("newsdesk.jobs")
READ_BATCH = 1000
# Bounds of one block of the scoring step: dense sums (8 bytes per article per row) and
# gathered postings (about 40 bytes each) stay near 100 MB.
BLOCK_SUMS = 4_000_000
BLOCK_POSTINGS = 2_000_000
WRITE_BATCH = 50_000


class RebuildConflict(RuntimeError):
    """Live versions changed while the rebuild was computing; nothing was written."""


@dataclass
class _Corpus:
    """Every live version, in article id order (row r is the r-th article id)."""

    ids: list[int] = field(default_factory=list)
    published: dict[int, datetime] = field(default_factory=dict)
    facets: list[similarity.Facets] = field(default_factory=list)
    expire_at: list[datetime | None] = field(default_factory=list)
    terms: dict[str, int] = field(default_factory=dict)  # term -> its number
    df: list[int] = field(default_factory=list)  # by term number
    counts: list[tuple[array[int], array[float]]] = field(default_factory=list)


def _read(engine: Engine | None) -> _Corpus:
    corpus = _Corpus()
    tags: dict[int, set[int]] = {}
    with open_session(engine=engine) as session:
        for article_id, tag_id in session.exec(
            select(ArticleLiveTag.article_id, ArticleLiveTag.tag_id)
        ):
            tags.setdefault(article_id, set()).add(tag_id)
    last = 0
    while True:
        with open_session(engine=engine) as session:
            rows = session.execute(
                sa_select(
                    col(ArticleLive.article_id),
                    col(ArticleLive.title),
                    col(ArticleLive.summary),
                    col(ArticleLive.content_html),
                    col(ArticleLive.category_id),
                    col(ArticleLive.publish_at),
                    col(ArticleLive.expire_at),
                    col(ArticleLive.published_at),
                )
                .where(col(ArticleLive.article_id) > last)
                .order_by(col(ArticleLive.article_id))
                .limit(READ_BATCH)
            ).all()
        if not rows:
            return corpus
        for article_id, title, summary, html, category_id, publish_at, expire_at, at in rows:
            corpus.ids.append(article_id)
            corpus.published[article_id] = at
            corpus.facets.append(
                similarity.Facets(category_id, frozenset(tags.get(article_id, ())), publish_at)
            )
            corpus.expire_at.append(expire_at)
            counts = similarity.term_counts(title=title, summary=summary, content_html=html)
            numbers = array("i")
            for term in counts:
                number = corpus.terms.setdefault(term, len(corpus.terms))
                if number == len(corpus.df):
                    corpus.df.append(0)
                corpus.df[number] += 1
                numbers.append(number)
            corpus.counts.append((numbers, array("d", counts.values())))
        last = rows[-1][0]


@dataclass
class _Vectors:
    """Every vector as flat arrays, row by row (`start[r]:start[r + 1]` is row r's terms)."""

    start: np.ndarray
    term: np.ndarray  # term number
    weight: np.ndarray


def _vectors(corpus: _Corpus) -> tuple[_Vectors, list[str]]:
    names = sorted(corpus.terms, key=corpus.terms.__getitem__)  # term number -> term
    df = dict(zip(names, corpus.df, strict=True))
    weigher = similarity.Weigher(df, len(corpus.ids))
    start = array("q", [0])
    terms = array("i")
    weights = array("d")
    for r, (numbers, counts) in enumerate(corpus.counts):
        vector = weigher.vector({names[n]: c for n, c in zip(numbers, counts, strict=True)})
        terms.extend(corpus.terms[t] for t in vector)
        weights.extend(vector.values())
        start.append(len(terms))
        corpus.counts[r] = (array("i"), array("d"))  # no longer needed
    return (
        _Vectors(
            np.frombuffer(start, dtype=np.int64),
            np.frombuffer(terms, dtype=np.int32),
            np.frombuffer(weights, dtype=np.float64),
        ),
        names,
    )


def _blocks(work: np.ndarray, rows: int) -> Iterator[tuple[int, int]]:
    """Consecutive row ranges whose dense sums and gathered postings stay within bounds."""
    per_block = max(1, BLOCK_SUMS // max(rows, 1))
    r0 = 0
    while r0 < rows:
        r1 = r0 + 1
        total = int(work[r0])
        while r1 < rows and r1 - r0 < per_block and total + int(work[r1]) <= BLOCK_POSTINGS:
            total += int(work[r1])
            r1 += 1
        yield r0, r1
        r0 = r1


def _lists(corpus: _Corpus, vectors: _Vectors, *, now: datetime) -> list[list[tuple[int, float]]]:
    """Each article's stored list: what `index.recompute` computes from the same vectors."""
    rows = len(corpus.ids)
    terms_count = len(corpus.terms)
    row_of = np.repeat(np.arange(rows, dtype=np.int64), np.diff(vectors.start))
    # The inverted index: postings grouped by term, each group in article order.
    order = np.argsort(vectors.term, kind="stable")
    post_row = row_of[order]
    post_weight = vectors.weight[order]
    post_start = np.zeros(terms_count + 1, dtype=np.int64)
    np.cumsum(np.bincount(vectors.term, minlength=terms_count), out=post_start[1:])
    post_len = np.diff(post_start)
    # How many postings each row's dot products touch (the cost of scoring it).
    work = np.bincount(row_of, weights=post_len[vectors.term], minlength=rows)
    expired = np.array([e is not None and e <= now for e in corpus.expire_at], dtype=bool)
    candidates = index.CANDIDATES
    lists: list[list[tuple[int, float]]] = []
    for r0, r1 in _blocks(work, rows):
        k0, k1 = int(vectors.start[r0]), int(vectors.start[r1])
        terms = vectors.term[k0:k1]
        lengths = post_len[terms]
        # For each (row, term) pair of the block, the positions of the term's postings.
        ends = np.cumsum(lengths)
        positions = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
        positions += np.repeat(post_start[terms] - (ends - lengths), lengths)
        owner = np.repeat((row_of[k0:k1] - r0) * rows, lengths)
        products = post_weight[positions] * np.repeat(vectors.weight[k0:k1], lengths)
        sums = np.bincount(owner + post_row[positions], weights=products,
                           minlength=(r1 - r0) * rows).reshape(r1 - r0, rows)  # fmt: skip
        sums[np.arange(r1 - r0), np.arange(r0, r1)] = 0.0  # never itself
        sums[:, expired] = 0.0
        kth: np.ndarray = np.zeros(r1 - r0)  # the CANDIDATES-th best dot product of each row
        if rows > candidates:
            kth = np.partition(sums, rows - candidates, axis=1)[:, rows - candidates]
        for b in range(r1 - r0):
            row = sums[b]
            found = np.flatnonzero(row >= kth[b]) if kth[b] > 0 else np.flatnonzero(row)
            dots = row[found]
            best = np.lexsort((-found, -dots))[:candidates]  # as the SQL orders them
            lists.append(_best(corpus, r0 + b, found[best].tolist(), dots[best].tolist()))
    return lists


def _best(
    corpus: _Corpus, r: int, others: Sequence[int], dots: Sequence[float]
) -> list[tuple[int, float]]:
    """The LIST_SIZE best of the candidates (best text matches first) after the boosts."""
    own = corpus.facets[r]
    size = index.LIST_SIZE
    weakest: list[tuple[float, int]] = []  # the best `size` so far, as a min-heap
    scored: list[tuple[int, float]] = []
    for other, dot in zip(others, dots, strict=True):
        # No later candidate (smaller dot product) can beat this bound: stop there.
        bound = dot * similarity.MAX_BOOST * (1 + 1e-9) + 1e-6
        if bound < index.MIN_SCORE or (len(weakest) == size and bound < weakest[0][0]):
            break
        s = similarity.score(dot, own, corpus.facets[other])
        if s < index.MIN_SCORE:
            continue
        scored.append((corpus.ids[other], s))
        if len(weakest) < size:
            heapq.heappush(weakest, (s, corpus.ids[other]))
        elif (s, corpus.ids[other]) > weakest[0]:
            heapq.heapreplace(weakest, (s, corpus.ids[other]))
    return similarity.ranked(scored, size)


def _insert(session: Session, model: Any, columns: Sequence[str], rows: Iterator[tuple]) -> int:
    """Bulk insert at the driver level (COPY on PostgreSQL, executemany on SQLite)."""
    table = model.__table__.name
    raw: Any = session.connection().connection.driver_connection
    count = 0
    if session.get_bind().dialect.name == "postgresql":
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    cursor = raw.cursor()
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= WRITE_BATCH:
            cursor.executemany(sql, batch)
            count += len(batch)
            batch = []
    cursor.executemany(sql, batch)
    return count + len(batch)


def _write(
    engine: Engine | None,
    corpus: _Corpus,
    names: list[str],
    vectors: _Vectors,
    lists: list[list[tuple[int, float]]],
) -> None:
    with open_session(write=True, engine=engine) as session:
        current = dict(session.exec(select(ArticleLive.article_id, ArticleLive.published_at)).all())
        if current != corpus.published:
            raise RebuildConflict(
                "live versions changed during the rebuild (published, withdrawn or replaced); "
                "nothing was written: run it again"
            )
        for model in (RelatedSuggestion, RelatedStale, RelatedTerm, RelatedTermStat):
            session.execute(delete(model))
        stats = sorted(zip(names, corpus.df, strict=True))
        _insert(
            session,
            RelatedTermStat,
            ("term", "df"),
            iter([(index.DOCS_KEY, len(corpus.ids)), *stats]),
        )
        ids = corpus.ids
        # In primary key order (term, article id): the index grows at its end.
        rank = np.empty(len(names), dtype=np.int64)
        rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
        row_of = np.repeat(np.arange(len(ids)), np.diff(vectors.start))
        order = np.lexsort((row_of, rank[vectors.term])).tolist()
        term, weight, row = vectors.term.tolist(), vectors.weight.tolist(), row_of.tolist()
        postings = ((names[term[k]], ids[row[k]], weight[k]) for k in order)
        _insert(session, RelatedTerm, ("term", "article_id", "weight"), postings)
        _insert(
            session,
            RelatedSuggestion,
            ("article_id", "related_id", "score"),
            ((ids[r], other, s) for r, best in enumerate(lists) for other, s in best),
        )
        session.commit()


def unindexed(engine: Engine | None = None) -> int:
    """How many live versions the index does not count: publishing counts each one (the
    document-count row), rows inserted directly (seed-demo, old versions) are not."""
    with open_session(engine=engine) as session:
        live = session.exec(select(func.count()).select_from(ArticleLive)).one()
        docs = session.exec(
            select(RelatedTermStat.df).where(RelatedTermStat.term == index.DOCS_KEY)
        ).first()
    return max(live - (docs or 0), 0)


def rebuild(engine: Engine | None = None, *, now: datetime | None = None) -> int:
    """Rebuild the whole index and every list from the live versions; how many were indexed.
    Raises RebuildConflict (writing nothing) if live versions changed meanwhile."""
    now = now or utcnow()
    started = time.perf_counter()
    corpus = _read(engine)
    read = time.perf_counter()
    vectors, names = _vectors(corpus)
    weighed = time.perf_counter()
    lists = _lists(corpus, vectors, now=now)
    scored = time.perf_counter()
    _write(engine, corpus, names, vectors, lists)
    log.info(
        "rebuilt the related index",
        extra={
            "articles": len(corpus.ids),
            "terms": len(names),
            "read_s": round(read - started, 1),
            "weigh_s": round(weighed - read, 1),
            "score_s": round(scored - weighed, 1),
            "write_s": round(time.perf_counter() - scored, 1),
        },
    )
    return len(corpus.ids)
