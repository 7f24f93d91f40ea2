"""The in-memory rebuild (`newsdesk related-rebuild`) stores what the per-article path stores:
the vectors publishing weighs with exact frequencies, and the lists `index.recompute` computes."""

import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.articles.models import Article, ArticleLive, ArticleStatus
from app.demo.content import generate_article
from app.related import bulk, index, similarity
from app.related.models import RelatedStale, RelatedSuggestion, RelatedTerm, RelatedTermStat
from tests.factories import Factory

NOW = datetime.now(UTC)


def _lists(db: Session) -> dict[int, list[tuple[int, float]]]:
    found: dict[int, list[tuple[int, float]]] = {}
    for article_id, related_id, score in db.exec(
        select(RelatedSuggestion.article_id, RelatedSuggestion.related_id, RelatedSuggestion.score)
    ):
        found.setdefault(article_id, []).append((related_id, score))
    return {a: similarity.ranked(rows, len(rows)) for a, rows in found.items()}


def test_boosts_of_a_rebuild_are_those_of_publishing_float_for_float() -> None:
    rng = random.Random(7)
    facets = [
        similarity.Facets(
            rng.randrange(4),
            frozenset(rng.sample(range(8), rng.randrange(6))),
            NOW - timedelta(seconds=rng.randrange(10**9), microseconds=rng.randrange(10**6)),
        )
        for _ in range(400)
    ]
    boosts = bulk._Boosts(facets)
    for r in range(0, 400, 7):
        others = np.array(rng.sample(range(400), 60))
        dots = np.array([rng.random() for _ in others])
        expected = [
            similarity.score(d, facets[r], facets[o])  # Python floats, as publishing has
            for o, d in zip(others.tolist(), dots.tolist(), strict=True)
        ]
        assert boosts.scores(r, others, dots) == expected


def _rows(lists: dict[int, list[tuple[int, float]]]) -> set[tuple[int, int, float]]:
    return {(a, r, s) for a, rows in lists.items() for r, s in rows}


def _corpus(factory: Factory, count: int) -> list[Article]:
    """Generated demo articles in three categories, with tags and dates years apart; the
    second has expired (never a candidate), the third was withdrawn (never indexed)."""
    categories = [factory.category() for _ in range(3)]
    articles = []
    for i in range(count):
        data = generate_article(i, now=NOW)
        articles.append(
            factory.article(
                title=data["title"],
                summary=data["summary"],
                content_html=data["content_html"],
                tags=list(data["tags"])[:3],  # type: ignore[call-overload]
                category_id=categories[i % 3].id,
                status=ArticleStatus.published,
                publish_at=NOW - timedelta(days=40 * i),
                expire_at=NOW - timedelta(hours=1) if i == 1 else None,
            )
        )
    factory.transition(articles[2], "unpublish")
    return articles


def test_rebuild_stores_what_publishing_and_recompute_store(
    factory: Factory, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small bounds, so that the candidate cut and the list size both matter on 16 articles.
    monkeypatch.setattr(index, "CANDIDATES", 6)
    monkeypatch.setattr(index, "LIST_SIZE", 4)
    articles = _corpus(factory, 16)
    db.execute(delete(RelatedStale))

    # Two processes count the terms, as the command does on a multi-core machine.
    assert bulk.rebuild(db.get_bind(), now=NOW, workers=1) == 15  # type: ignore[arg-type]
    assert bulk.unindexed(db.get_bind()) == 0  # type: ignore[arg-type]

    # Frequencies and vectors: as publishing weighs them when the frequencies are exact.
    lives = db.exec(select(ArticleLive)).all()
    counts = {live.article_id: index.term_counts_of(live) for live in lives}
    stats = dict(db.exec(select(RelatedTermStat.term, RelatedTermStat.df)).all())
    df: dict[str, int] = {}
    for terms in counts.values():
        for term in terms:
            df[term] = df.get(term, 0) + 1
    assert stats == {**df, index.DOCS_KEY: len(lives)}
    stored: dict[int, dict[str, float]] = {}
    for term, article_id, weight in db.exec(
        select(RelatedTerm.term, RelatedTerm.article_id, RelatedTerm.weight)
    ):
        stored.setdefault(article_id, {})[term] = weight
    assert stored == {a: similarity.vector(c, df, len(lives)) for a, c in counts.items()}

    # Lists: exactly those the per-article path computes from the same vectors.
    rebuilt = _lists(db)
    assert len(rebuilt) == 15
    assert all(0 < len(rows) <= 4 for rows in rebuilt.values())
    expired, withdrawn = articles[1].id, articles[2].id
    assert all(
        other not in (article_id, expired, withdrawn)
        for article_id, rows in rebuilt.items()
        for other, _ in rows
    )
    for live in lives:
        index.recompute(db, live.article_id, now=NOW)
    assert _lists(db) == rebuilt


def test_rebuild_writes_nothing_if_live_versions_change_meanwhile(
    factory: Factory, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = _corpus(factory, 5)
    before = _lists(db)
    weigh = bulk._vectors

    def publish_meanwhile(corpus: bulk._Corpus) -> tuple[bulk._Vectors, list[str]]:
        factory.transition(articles[0], "unpublish")
        return weigh(corpus)

    monkeypatch.setattr(bulk, "_vectors", publish_meanwhile)
    with pytest.raises(bulk.RebuildConflict):
        bulk.rebuild(db.get_bind(), now=NOW)  # type: ignore[arg-type]
    # The unpublish took the article out of every list; the rebuild changed nothing else.
    gone = articles[0].id
    assert _rows(_lists(db)) == {(a, r, s) for a, r, s in _rows(before) if gone not in (a, r)}


def _index_state(db: Session) -> tuple[object, ...]:
    return tuple(
        sorted(db.exec(select(*model.__table__.columns)).all())  # type: ignore[attr-defined]
        for model in (RelatedTerm, RelatedTermStat, RelatedSuggestion)
    )


def test_unindexed_counts_live_versions_the_index_never_saw(factory: Factory, db: Session) -> None:
    _corpus(factory, 4)
    assert bulk.unindexed(db.get_bind()) == 0  # type: ignore[arg-type]
    # As after seed-demo: rows inserted without publishing.
    db.execute(delete(RelatedTermStat).where(col(RelatedTermStat.term) == index.DOCS_KEY))
    assert bulk.unindexed(db.get_bind()) == 3  # type: ignore[arg-type]
    bulk.rebuild(db.get_bind(), now=NOW)  # type: ignore[arg-type]
    assert bulk.unindexed(db.get_bind()) == 0  # type: ignore[arg-type]

    # Counting terms in worker processes (as the command does) changes nothing.
    alone = _index_state(db)
    bulk.rebuild(db.get_bind(), now=NOW, workers=2)  # type: ignore[arg-type]
    assert _index_state(db) == alone
