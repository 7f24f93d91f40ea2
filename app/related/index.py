"""The similarity index of live versions and the precomputed suggestion lists.

Kept in step with publishing, in the publisher's transaction (app.articles.live calls
`index_version` / `unindex_version`):

- publishing B stores B's term vector, computes B's list, and offers B to the lists of the
  articles it resembles (B enters a list when it beats that list's weakest entry), so a new
  article shows up under older ones at once;
- withdrawing B (unpublish, trash, purge, or a re-publish replacing it) removes B from every
  list at once and marks those lists stale; the related job refills them (bounded lag,
  docs/related.md). Reads also skip anything not visible right now (expiry, schedules).
"""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Float, String, bindparam, column, delete, func, update, values
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from app.articles.models import ArticleLive, ArticleLiveTag
from app.related import similarity
from app.related.models import (
    ArticleLiveRelated,
    RelatedStale,
    RelatedSuggestion,
    RelatedTerm,
    RelatedTermStat,
)

LIST_SIZE = 20  # suggestions kept per article (a page asks for 6)
CANDIDATES = 200  # best text matches scored with boosts, per computation
MIN_SCORE = 0.01  # below this, a "suggestion" is noise
DOCS_KEY = ""  # the stat row that counts indexed versions (no term is empty)


def term_counts_of(live: ArticleLive) -> dict[str, float]:
    return similarity.term_counts(
        title=live.title, summary=live.summary, content_html=live.content_html
    )


def _upsert_stats(session: Session, terms: Sequence[str]) -> None:
    """Add one to the document frequency of each term (and to the document count)."""
    dialect = session.get_bind().dialect.name
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(RelatedTermStat).values(term=bindparam("t"), df=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[RelatedTermStat.term], set_={"df": RelatedTermStat.df + 1}
    )
    # One statement run for many rows (executemany): compiled once, unlike a VALUES list
    # whose length changes with every article. Sorted: concurrent writers lock in one order.
    session.connection().execute(stmt, [{"t": t} for t in sorted({*terms, DOCS_KEY})])


def _drop_stats(session: Session, terms: Sequence[str]) -> None:
    keys = sorted({*terms, DOCS_KEY})
    connection = session.connection()
    connection.execute(
        update(RelatedTermStat)
        .where(col(RelatedTermStat.term) == bindparam("t"))
        .values(df=RelatedTermStat.df - 1),
        [{"t": t} for t in keys],
    )
    connection.execute(
        delete(RelatedTermStat).where(
            col(RelatedTermStat.term).in_(keys), col(RelatedTermStat.df) <= 0
        )
    )


def insert_rows(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Plain multi-row insert (executemany), without building ORM objects."""
    if rows:
        session.connection().execute(model.__table__.insert(), rows)


def _stats(session: Session, terms: Iterable[str]) -> tuple[dict[str, int], int]:
    keys = [*terms, DOCS_KEY]
    found = dict(
        session.exec(
            select(RelatedTermStat.term, RelatedTermStat.df).where(
                col(RelatedTermStat.term).in_(keys)
            )
        ).all()
    )
    return found, found.pop(DOCS_KEY, 0)


def _facets(session: Session, ids: Sequence[int]) -> dict[int, similarity.Facets]:
    if not ids:
        return {}
    tags: dict[int, set[int]] = {}
    for article_id, tag_id in session.exec(
        select(ArticleLiveTag.article_id, ArticleLiveTag.tag_id).where(
            col(ArticleLiveTag.article_id).in_(ids)
        )
    ):
        tags.setdefault(article_id, set()).add(tag_id)
    return {
        article_id: similarity.Facets(category_id, frozenset(tags.get(article_id, ())), publish_at)
        for article_id, category_id, publish_at in session.exec(
            select(ArticleLive.article_id, ArticleLive.category_id, ArticleLive.publish_at).where(
                col(ArticleLive.article_id).in_(ids)
            )
        )
    }


def _scored_candidates(
    session: Session, *, article_id: int, vector: dict[str, float], now: datetime
) -> list[tuple[int, float]]:
    """Every indexed, unexpired article sharing terms with `vector`, scored (best first).

    The cosine is one SQL aggregate over the inverted index: the vector is joined in as a
    VALUES list (one multiplication per posting; a CASE over the terms cost one comparison per
    term and posting, 4x slower at 100k articles). Only the best `CANDIDATES` come back to
    have the category, tag and age boosts applied."""
    if not vector:
        return []
    query = (
        values(column("term", String), column("weight", Float), name="query")
        .data(list(vector.items()))
        .cte("query")
    )
    expired = select(ArticleLive.article_id).where(col(ArticleLive.expire_at) <= now)
    dot = func.sum(col(RelatedTerm.weight) * query.c.weight).label("dot")
    rows = session.exec(
        select(RelatedTerm.article_id, dot)
        .select_from(query)
        .join(RelatedTerm, col(RelatedTerm.term) == query.c.term)
        .where(
            col(RelatedTerm.article_id) != article_id,
            col(RelatedTerm.article_id).not_in(expired),
        )
        .group_by(col(RelatedTerm.article_id))
        .order_by(dot.desc(), col(RelatedTerm.article_id).desc())
        .limit(CANDIDATES)
    ).all()
    facets = _facets(session, [article_id, *(r[0] for r in rows)])
    own = facets[article_id]
    scored = [(other, similarity.score(cosine, own, facets[other])) for other, cosine in rows]
    return similarity.ranked([s for s in scored if s[1] >= MIN_SCORE], len(scored))


def _store_list(session: Session, article_id: int, scored: list[tuple[int, float]]) -> None:
    session.execute(
        delete(RelatedSuggestion).where(col(RelatedSuggestion.article_id) == article_id)
    )
    insert_rows(
        session,
        RelatedSuggestion,
        [{"article_id": article_id, "related_id": o, "score": s} for o, s in scored[:LIST_SIZE]],
    )


def _offer(session: Session, article_id: int, scored: list[tuple[int, float]]) -> None:
    """Put `article_id` into the lists of the articles it scored against where it beats the
    weakest entry (the measure is symmetric), trimming those lists back to LIST_SIZE."""
    if not scored:
        return
    others = [other for other, _ in scored]
    sizes = {
        owner: (count, weakest)
        for owner, count, weakest in session.exec(
            select(
                RelatedSuggestion.article_id,
                func.count(),
                func.min(RelatedSuggestion.score),
            )
            .where(col(RelatedSuggestion.article_id).in_(others))
            .group_by(col(RelatedSuggestion.article_id))
        )
    }
    full: dict[int, float] = {}  # lists `article_id` enters by pushing out their weakest
    entering = []
    for other, s in scored:
        count, weakest = sizes.get(other, (0, 0.0))
        if count >= LIST_SIZE:
            if s <= weakest:
                continue  # not good enough for that list (equal scores keep the incumbent)
            full[other] = weakest
        entering.append({"article_id": other, "related_id": article_id, "score": s})
    insert_rows(session, RelatedSuggestion, entering)
    if not full:
        return
    candidates: dict[int, list[tuple[int, float]]] = {}
    for owner, related_id, s in session.exec(
        select(RelatedSuggestion.article_id, RelatedSuggestion.related_id, RelatedSuggestion.score)
        .where(
            col(RelatedSuggestion.article_id).in_(list(full)),
            col(RelatedSuggestion.related_id) != article_id,
        )
    ):  # fmt: skip
        if s == full[owner]:
            candidates.setdefault(owner, []).append((related_id, s))
    # The last of a list in rank order is its weakest (lowest score, then lowest id).
    dropped = [
        (owner, similarity.ranked(rows, len(rows))[-1][0]) for owner, rows in candidates.items()
    ]
    if not dropped:
        return
    # One primary-key delete per list (a row-value IN list is a full scan on SQLite).
    session.connection().execute(
        delete(RelatedSuggestion).where(
            col(RelatedSuggestion.article_id) == bindparam("owner"),
            col(RelatedSuggestion.related_id) == bindparam("dropped"),
        ),
        [{"owner": owner, "dropped": related_id} for owner, related_id in dropped],
    )


def index_version(session: Session, live: ArticleLive, *, now: datetime) -> None:
    """Index a just-published live version (its tags already copied) and update lists."""
    counts = term_counts_of(live)
    terms = list(counts)
    _upsert_stats(session, terms)
    df, docs = _stats(session, terms)
    vector = similarity.vector(counts, df, docs)
    insert_rows(
        session,
        RelatedTerm,
        [{"term": t, "article_id": live.article_id, "weight": w} for t, w in vector.items()],
    )
    scored = _scored_candidates(session, article_id=live.article_id, vector=vector, now=now)
    _store_list(session, live.article_id, scored)
    _offer(session, live.article_id, scored)
    session.flush()


def unindex_version(session: Session, live: ArticleLive, *, now: datetime) -> None:
    """Forget a live version that is about to be replaced or withdrawn: its terms, its list,
    and its place in other lists (which become stale, to be refilled by the job)."""
    article_id = live.article_id
    has_terms = session.exec(
        select(RelatedTerm.article_id).where(RelatedTerm.article_id == article_id).limit(1)
    ).first()
    if has_terms is not None:
        _drop_stats(session, list(term_counts_of(live)))
    session.execute(delete(RelatedTerm).where(col(RelatedTerm.article_id) == article_id))
    session.execute(
        delete(RelatedSuggestion).where(col(RelatedSuggestion.article_id) == article_id)
    )
    session.execute(delete(RelatedStale).where(col(RelatedStale.article_id) == article_id))
    holders = session.exec(
        select(RelatedSuggestion.article_id).where(RelatedSuggestion.related_id == article_id)
    ).all()
    if holders:
        session.execute(
            delete(RelatedSuggestion).where(col(RelatedSuggestion.related_id) == article_id)
        )
        already = set(
            session.exec(
                select(RelatedStale.article_id).where(col(RelatedStale.article_id).in_(holders))
            ).all()
        )
        session.add_all(
            RelatedStale(article_id=holder, since=now)
            for holder in holders
            if holder not in already
        )
    session.flush()


def recompute(session: Session, article_id: int, *, now: datetime) -> None:
    """Recompute one article's list from its stored vector (the job and rebuilds)."""
    vector = dict(
        session.exec(
            select(RelatedTerm.term, RelatedTerm.weight).where(RelatedTerm.article_id == article_id)
        ).all()
    )
    _store_list(session, article_id, _scored_candidates(session, article_id=article_id,
                                                        vector=vector, now=now))  # fmt: skip
    session.execute(delete(RelatedStale).where(col(RelatedStale.article_id) == article_id))
    session.flush()


def forget_article(session: Session, article_id: int) -> None:
    """Before a purge: other published versions stop picking the article (their working
    copies lose it in the same purge)."""
    session.execute(
        delete(ArticleLiveRelated).where(col(ArticleLiveRelated.related_id) == article_id)
    )
