"""The full-text index of live articles, one implementation per engine (SPEC §6).

Both engines index text that Python has already folded (app.core.text.fold), so "đ" folds to
"d" the same way everywhere; neither engine's own accent stripping is relied on.

- SQLite: an FTS5 table `article_search` (rowid = article id) with folded title and body
  columns (what matches) and exact, casefolded-with-diacritics copies (what ranks first).
- PostgreSQL: a table `article_search` with two tsvectors (`simple` configuration) over the
  same texts, title weighted above body, each with a GIN index.

The index holds live versions only; it is written when a version is published and emptied
when it is withdrawn, in the same transaction.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import nh3
from sqlalchemy import text
from sqlmodel import Session

from app.core.text import fold, nfc
from app.search.query import SearchQuery

# Names of the search objects, so schema comparison can leave them out (they are not
# SQLModel tables: their shape differs per engine).
SEARCH_TABLE = "article_search"


def is_search_object(name: str | None) -> bool:
    """Whether a reflected table belongs to the search index (FTS5 adds shadow tables)."""
    return bool(name) and str(name).startswith(SEARCH_TABLE)


TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0


@dataclass(frozen=True)
class SearchDocument:
    article_id: int
    title: str
    summary: str
    content_html: str

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
        "title": fold(doc.title),
        "body": fold(body),
        "title_exact": nfc(doc.title).casefold(),
        "body_exact": nfc(body).casefold(),
    }


def index(session: Session, docs: Iterable[SearchDocument]) -> None:
    """Put (or replace) live versions in the index."""
    values = [_index_values(d) for d in docs]
    if not values:
        return
    remove(session, [v["id"] for v in values])  # type: ignore[misc]
    if _is_postgres(session):
        session.execute(
            text(
                "INSERT INTO article_search (article_id, document, exact_document) VALUES (:id,"
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
                " VALUES (:id, :title, :body, :title_exact, :body_exact)"
            ),
            values,
        )


def remove(session: Session, article_ids: Sequence[int]) -> None:
    """Take articles out of the index (unpublished, trashed, purged)."""
    if not article_ids:
        return
    column = "article_id" if _is_postgres(session) else "rowid"
    for article_id in article_ids:
        session.execute(
            text(f"DELETE FROM article_search WHERE {column} = :id"), {"id": article_id}
        )


def _fts5_query(parts: tuple[tuple[str, ...], ...]) -> str:
    # Every word is quoted, so nothing a reader types is FTS5 syntax.
    return " AND ".join('"' + " ".join(part) + '"' for part in parts)


def _tsquery(parts: tuple[tuple[str, ...], ...]) -> str:
    # Words are \w+ runs (no quotes or operators); phrases use the followed-by operator.
    return " & ".join("(" + " <-> ".join(f"'{w}'" for w in part) + ")" for part in parts)


def matching_sql(session: Session, query: SearchQuery) -> tuple[str, dict[str, object]]:
    """A SELECT of (article_id, exact, score) for the articles matching `query`: `exact` is 1
    when the diacritics typed match too, `score` is higher for better matches (title above
    body)."""
    if _is_postgres(session):
        sql = (
            "SELECT s.article_id AS article_id,"
            " CASE WHEN s.exact_document @@ to_tsquery('simple', :exact) THEN 1 ELSE 0 END"
            " AS exact, ts_rank(s.document, to_tsquery('simple', :folded)) AS score"
            " FROM article_search s WHERE s.document @@ to_tsquery('simple', :folded)"
        )
        return sql, {"folded": _tsquery(query.folded), "exact": _tsquery(query.exact)}
    # bm25() is lower for better matches; negate it so that higher is better on both engines.
    sql = (
        "SELECT m.rowid AS article_id,"
        " CASE WHEN m.rowid IN (SELECT rowid FROM article_search"
        "  WHERE article_search MATCH :exact) THEN 1 ELSE 0 END AS exact,"
        f" -bm25(article_search, {TITLE_WEIGHT}, {BODY_WEIGHT}, 0.0, 0.0) AS score"
        " FROM article_search m WHERE article_search MATCH :folded"
    )
    return sql, {
        "folded": "{title body} : (" + _fts5_query(query.folded) + ")",
        "exact": "{title_exact body_exact} : (" + _fts5_query(query.exact) + ")",
    }
