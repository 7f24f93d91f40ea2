"""The full-text index of live articles, one implementation per engine (SPEC §6).

Both engines index text that Python has already folded (app.core.text.fold), so "đ" folds to
"d" the same way everywhere; neither engine's own accent stripping is relied on.

- SQLite: an FTS5 table `article_search` with folded title and body columns (what matches)
  and exact, casefolded-with-diacritics copies (what ranks first). Its rowid is the version's
  search key (below), mapped back through `article_live.search_key`.
- PostgreSQL: a table `article_search` with two tsvectors (`simple` configuration) over the
  same texts, title weighted above body, each with a GIN index, and the search key (b-tree);
  plus the title's lexemes alone (`title_document`, generated from the folded document).

Ranking is by tiers (exact diacritics, then title matches; see `tier_conditions`) and newest
first within a tier. The search key orders versions like their publish time, so the index
hands out a tier's matches newest first and a page stops after its rows, instead of scoring
every match: a common pair of syllables matches half the archive.

The index holds live versions only; it is written when a version is published and emptied
when it is withdrawn, in the same transaction.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import nh3
from sqlalchemy import BigInteger, ColumnElement, Integer, TableClause, column, table, text
from sqlmodel import Session

from app.core.text import fold, nfc
from app.search.query import SearchQuery

# Names of the search objects, so schema comparison can leave them out (they are not
# SQLModel tables: their shape differs per engine).
SEARCH_TABLE = "article_search"


def is_search_object(name: str | None) -> bool:
    """Whether a reflected table belongs to the search index (FTS5 adds shadow tables)."""
    return bool(name) and str(name).startswith(SEARCH_TABLE)


# Article ids are 32-bit signed integers, so (seconds, id) packs into one 64-bit key that sorts
# like publish time (to the second, then by id) and is unique per article.
_ID_SPAN = 2**31


def search_key(article_id: int, publish_at: datetime) -> int:
    """A version's key in the index: ordered like publish_at, unique per article."""
    return math.floor(publish_at.timestamp()) * _ID_SPAN + article_id


def published_by_bound(now: datetime) -> int:
    """A key above every version published by `now` (to the second) and below every version
    due later: bounding an index scan with it skips scheduled versions without visiting them."""
    return (math.floor(now.timestamp()) + 1) * _ID_SPAN


@dataclass(frozen=True)
class SearchDocument:
    article_id: int
    title: str
    summary: str
    content_html: str
    publish_at: datetime

    def body_text(self) -> str:
        return f"{self.summary}\n{html_text(self.content_html)}"


def html_text(html: str) -> str:
    """The words of article HTML without tags (the index must not match markup)."""
    return nh3.clean(html.replace("<", " <"), tags=set())


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _index_values(doc: SearchDocument) -> dict[str, object]:
    body = doc.body_text()
    return {
        "id": doc.article_id,
        "key": search_key(doc.article_id, doc.publish_at),
        "title": fold(doc.title),
        "body": fold(body),
        "title_exact": nfc(doc.title).casefold(),
        "body_exact": nfc(body).casefold(),
    }


def index(session: Session, docs: Iterable[SearchDocument]) -> None:
    """Put (or replace) live versions in the index; their `article_live` rows must exist."""
    values = [_index_values(d) for d in docs]
    if not values:
        return
    remove(session, [v["id"] for v in values])  # type: ignore[misc]
    session.execute(
        text("UPDATE article_live SET search_key = :key WHERE article_id = :id"), values
    )
    if _is_postgres(session):
        session.execute(
            text(
                "INSERT INTO article_search (article_id, search_key, document, exact_document)"
                " VALUES (:id, :key,"
                " setweight(to_tsvector('simple', :title), 'A')"
                " || setweight(to_tsvector('simple', :body), 'B'),"
                " setweight(to_tsvector('simple', :title_exact), 'A')"
                " || setweight(to_tsvector('simple', :body_exact), 'B'))"
            ),
            values,
        )
    else:
        session.execute(
            text(
                "INSERT INTO article_search (rowid, title, body, title_exact, body_exact)"
                " VALUES (:key, :title, :body, :title_exact, :body_exact)"
            ),
            values,
        )


def remove(session: Session, article_ids: Sequence[int]) -> None:
    """Take articles out of the index (unpublished, trashed, purged)."""
    if not article_ids:
        return
    sql = (
        "DELETE FROM article_search WHERE article_id = :id"
        if _is_postgres(session)
        else "DELETE FROM article_search WHERE rowid ="
        " (SELECT search_key FROM article_live WHERE article_id = :id)"
    )
    session.execute(text(sql), [{"id": article_id} for article_id in article_ids])


def optimize(session: Session) -> None:
    """Compact the index after a bulk load. On SQLite, FTS5 merges the many segments that
    batched inserts leave into one b-tree (reads that walk a term newest first got 2-3x faster
    on the 100k benchmark file); single publishes keep it merged by themselves (automerge). On
    PostgreSQL, refresh the planner's statistics."""
    if _is_postgres(session):
        session.execute(text(f"ANALYZE {SEARCH_TABLE}"))
    else:
        session.execute(text(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES('optimize')"))


def _fts5_query(parts: tuple[tuple[str, ...], ...]) -> str:
    # Every word is quoted, so nothing a reader types is FTS5 syntax.
    return " AND ".join('"' + " ".join(part) + '"' for part in parts)


def _tsquery(parts: tuple[tuple[str, ...], ...]) -> str:
    # Words are \w+ runs (no quotes or operators); phrases use the followed-by operator.
    return " & ".join("(" + " <-> ".join(f"'{w}'" for w in part) + ")" for part in parts)


def index_table(session: Session) -> TableClause:
    """The search table as something to join: its key column is `key`, in publish order."""
    if _is_postgres(session):
        return table(SEARCH_TABLE, column("article_id", Integer), column("search_key", BigInteger))
    return table(SEARCH_TABLE, column("rowid", BigInteger))


def index_key(session: Session, index_table: TableClause) -> ColumnElement[Any]:
    return index_table.c.search_key if _is_postgres(session) else index_table.c.rowid


def joins_live(session: Session, index_table: TableClause, live_article_id: Any,
               live_search_key: Any) -> ColumnElement[bool]:  # fmt: skip
    """How an index row finds its live version."""
    if _is_postgres(session):
        return index_table.c.article_id == live_article_id
    return index_table.c.rowid == live_search_key


@dataclass(frozen=True)
class RawCondition:
    """A condition on the index as SQL text with `:name` parameters, for the ORM (`bound`) and
    for driver-level reads (app.articles.hot)."""

    sql: str
    params: dict[str, str]

    def bound(self) -> ColumnElement[bool]:
        return text(self.sql).bindparams(**self.params)  # type: ignore[return-value]


@dataclass(frozen=True)
class _Conditions:
    folded: Any  # every part matches the folded title or body
    title: Any  # every part matches the folded title
    exact: Any  # every part matches with the diacritics typed


def _conditions(postgres: bool, query: SearchQuery) -> _Conditions:
    if postgres:
        # Bound as :folded, :title, :exact by _raw.
        return _Conditions(
            folded=f"{SEARCH_TABLE}.document @@ to_tsquery('simple', :folded)",
            # The title's own small vector (migration 7b2474822fb7): testing the whole document
            # would fetch and decompress every tested row's body lexemes too.
            title=f"{SEARCH_TABLE}.title_document @@ to_tsquery('simple', :title)",
            exact=f"{SEARCH_TABLE}.exact_document @@ to_tsquery('simple', :exact)",
        )

    def fts(columns: str, parts: tuple[tuple[str, ...], ...]) -> str:
        return "{" + columns + "} : (" + _fts5_query(parts) + ")"

    return _Conditions(
        folded=fts("title body", query.folded),
        title=fts("title", query.folded),
        exact=fts("title_exact body_exact", query.exact),
    )


def match_condition(session: Session, query: SearchQuery) -> ColumnElement[bool]:
    """Index rows matching `query` (folded: any diacritics, any case)."""
    postgres = _is_postgres(session)
    return _raw(postgres, query, _conditions(postgres, query).folded).bound()


def tier_conditions(session: Session, query: SearchQuery) -> list[ColumnElement[bool]]:
    """The matches of `query` in rank order, as disjoint tiers; within a tier, newest first."""
    return [tier.bound() for tier in raw_tiers(_is_postgres(session), query)]


def raw_tiers(postgres: bool, query: SearchQuery) -> list[RawCondition]:
    """The matches of `query` in rank order, as disjoint tiers; within a tier, newest first.

    With diacritics typed: exact and in the title, exact elsewhere, in the title, the rest
    (so "bàn" ranks "bàn" above "bán", SPEC §6). Without: in the title, then the rest."""
    c = _conditions(postgres, query)
    if postgres:
        tiers = (
            # The small title vector first: PostgreSQL tests conditions of equal cost in the
            # order written, and a row whose title fails needs no look at its document.
            [f"{c.title} AND {c.exact}", f"{c.exact} AND NOT {c.title}",
             f"{c.title} AND NOT {c.exact}",
             f"{c.folded} AND NOT {c.title} AND NOT {c.exact}"]
            if query.has_diacritics
            else [c.title, f"{c.folded} AND NOT {c.title}"]
        )  # fmt: skip
    else:
        tiers = (
            [f"({c.exact}) AND ({c.title})", f"({c.exact}) NOT ({c.title})",
             f"({c.title}) NOT ({c.exact})", f"(({c.folded}) NOT ({c.title})) NOT ({c.exact})"]
            if query.has_diacritics
            else [c.title, f"({c.folded}) NOT ({c.title})"]
        )  # fmt: skip
    return [_raw(postgres, query, tier) for tier in tiers]


def _raw(postgres: bool, query: SearchQuery, condition: str) -> RawCondition:
    if postgres:
        tsqueries = {
            "folded": _tsquery(query.folded),
            "title": _tsquery(query.folded),  # title_document holds the title alone
            "exact": _tsquery(query.exact),
        }
        used = {name: value for name, value in tsqueries.items() if f":{name}" in condition}
        return RawCondition(condition, used)
    return RawCondition(f"{SEARCH_TABLE} MATCH :match", {"match": condition})
