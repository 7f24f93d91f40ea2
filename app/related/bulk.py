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

import logging
import multiprocessing
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Engine, delete, func, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.articles.live import lock_publishing
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


def _count(texts: tuple[str, str, str]) -> dict[str, float]:
    title, summary, html = texts
    return similarity.term_counts(title=title, summary=summary, content_html=html)


def _batches(engine: Engine | None) -> Iterator[Sequence[Any]]:
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
            return
        yield rows
        last = rows[-1][0]


def _read(engine: Engine | None, workers: int) -> _Corpus:
    """Count every live version's terms; with `workers` > 1, in that many processes (the
    counting is most of the rebuild's time, and each article's is independent)."""
    corpus = _Corpus()
    tags: dict[int, set[int]] = {}
    with open_session(engine=engine) as session:
        for article_id, tag_id in session.exec(
            select(ArticleLiveTag.article_id, ArticleLiveTag.tag_id)
        ):
            tags.setdefault(article_id, set()).add(tag_id)

    def absorb(rows: Sequence[Any], counted: Iterable[dict[str, float]]) -> None:
        for row, counts in zip(rows, counted, strict=True):
            article_id, _, _, _, category_id, publish_at, expire_at, published_at = row
            corpus.ids.append(article_id)
            corpus.published[article_id] = published_at
            corpus.facets.append(
                similarity.Facets(category_id, frozenset(tags.get(article_id, ())), publish_at)
            )
            corpus.expire_at.append(expire_at)
            numbers = array("i")
            for term in counts:
                number = corpus.terms.setdefault(term, len(corpus.terms))
                if number == len(corpus.df):
                    corpus.df.append(0)
                corpus.df[number] += 1
                numbers.append(number)
            corpus.counts.append((numbers, array("d", counts.values())))

    if workers <= 1:
        for rows in _batches(engine):
            absorb(rows, (_count((r[1], r[2], r[3])) for r in rows))
        return corpus
    # The workers count one batch while this process reads the next and files the last.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: tuple[Sequence[Any], Iterable[dict[str, float]]] | None = None
        for rows in _batches(engine):
            counted = pool.map(_count, [(r[1], r[2], r[3]) for r in rows], chunksize=50)
            if pending is not None:
                absorb(*pending)
            pending = (rows, counted)
        if pending is not None:
            absorb(*pending)
    return corpus


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


@dataclass
class _Lists:
    """Every stored suggestion as flat arrays (owner, suggested, score), list by list."""

    owner: array[int] = field(default_factory=lambda: array("q"))
    other: array[int] = field(default_factory=lambda: array("q"))
    score: array[float] = field(default_factory=lambda: array("d"))

    def add(self, owner: int, best: list[tuple[int, float]]) -> None:
        self.owner.extend([owner] * len(best))
        self.other.extend(o for o, _ in best)
        self.score.extend(s for _, s in best)


def _lists(corpus: _Corpus, vectors: _Vectors, *, now: datetime) -> _Lists:
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
    boosts = _Boosts(corpus.facets)
    lists = _Lists()
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
            chosen = _best(corpus, boosts, r0 + b, found[best], dots[best])
            lists.add(corpus.ids[r0 + b], chosen)
    return lists


class _Boosts:
    """`similarity.score` for many candidates of one article at once: the same operations on
    the same values in the same order, elementwise, so every score is the one publishing
    computes, float for float (tests/related/test_bulk_rebuild.py compares them). Only the
    power and the rounding stay in Python, whose float arithmetic numpy need not share."""

    def __init__(self, facets: Sequence[similarity.Facets]) -> None:
        self.category = np.array([f.category_id for f in facets], dtype=np.int64)
        epoch = datetime(1970, 1, 1, tzinfo=UTC)
        step = timedelta(microseconds=1)
        self.publish_us = np.array([(f.publish_at - epoch) // step for f in facets], np.int64)
        self.tags = [f.tag_ids for f in facets]

    def scores(self, r: int, others: np.ndarray, dots: np.ndarray) -> list[float]:
        factor = np.where(
            self.category[others] == self.category[r], 1.0 + similarity.SAME_CATEGORY_BOOST, 1.0
        )
        own_tags = self.tags[r]
        if own_tags:
            cap = similarity.SHARED_TAG_CAP
            shared = [min(len(own_tags & self.tags[o]), cap) for o in others.tolist()]
            factor = factor + similarity.SHARED_TAG_BOOST * np.array(shared, dtype=np.int64)
        # timedelta.total_seconds() divides whole microseconds by 10**6, correctly rounded.
        days = np.abs(self.publish_us[others] - self.publish_us[r]) / 1_000_000 / 86400
        halves = days / similarity.AGE_HALF_LIFE_DAYS
        decay = np.array([0.5**h for h in halves.tolist()], dtype=np.float64)
        age = similarity.AGE_FLOOR + (1 - similarity.AGE_FLOOR) * decay
        return [round(x, 6) for x in (dots * (factor * age)).tolist()]


def _best(
    corpus: _Corpus, boosts: _Boosts, r: int, others: np.ndarray, dots: np.ndarray
) -> list[tuple[int, float]]:
    """The LIST_SIZE best of the candidates after the boosts, as `index.recompute` ranks."""
    ids = corpus.ids
    scored = [
        (ids[o], s)
        for o, s in zip(others.tolist(), boosts.scores(r, others, dots), strict=True)
        if s >= index.MIN_SCORE
    ]
    return similarity.ranked(scored, index.LIST_SIZE)


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
    lists: _Lists,
) -> None:
    with open_session(write=True, engine=engine) as session:
        lock_publishing(session)  # no publish between the check below and the commit
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
        order = np.lexsort((row_of, rank[vectors.term]))

        def postings() -> Iterator[tuple[str, int, float]]:
            for at in range(0, len(order), WRITE_BATCH):  # Python objects a batch at a time
                chunk = order[at : at + WRITE_BATCH]
                for t, r, w in zip(
                    vectors.term[chunk].tolist(),
                    row_of[chunk].tolist(),
                    vectors.weight[chunk].tolist(),
                    strict=True,
                ):
                    yield names[t], ids[r], w

        _insert(session, RelatedTerm, ("term", "article_id", "weight"), postings())
        _insert(
            session,
            RelatedSuggestion,
            ("article_id", "related_id", "score"),
            zip(lists.owner, lists.other, lists.score, strict=True),
        )
        if session.get_bind().dialect.name == "postgresql":
            # Fresh statistics: without them the planner scans the whole inverted index for a
            # publish's candidate aggregate (~1 s at 100k articles) instead of its postings.
            session.execute(text("ANALYZE related_term, related_suggestion, related_term_stat"))
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


def rebuild(
    engine: Engine | None = None,
    *,
    now: datetime | None = None,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Rebuild the whole index and every list from the live versions; how many were indexed.
    Raises RebuildConflict (writing nothing) if live versions changed meanwhile. Terms are
    counted in `workers` processes; `progress` is told when each step ends (the CLI prints
    it)."""
    now = now or utcnow()
    say = progress or (lambda _: None)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str, detail: str) -> None:
        nonlocal clock
        timings[f"{name}_s"] = round(time.perf_counter() - clock, 1)
        clock = time.perf_counter()
        say(f"{name}: {detail} in {timings[f'{name}_s']:.0f} s")

    corpus = _read(engine, workers)
    step("read", f"{len(corpus.ids)} live versions, {len(corpus.terms)} terms counted")
    vectors, names = _vectors(corpus)
    step("weigh", f"{len(vectors.term)} vector terms weighed")
    lists = _lists(corpus, vectors, now=now)
    step("score", f"{len(lists.score)} suggestions chosen")
    _write(engine, corpus, names, vectors, lists)
    step("write", "index and lists replaced")
    log.info("rebuilt the related index", extra={"articles": len(corpus.ids), **timings})
    return len(corpus.ids)
