"""The public article list: filters, sorts, search, and both kinds of pagination (SPEC §3, §6).

Everything reads live versions only (`article_live`, visible at `now`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    and_,
    column,
    func,
    or_,
    text,
    tuple_,
)
from sqlmodel import Session, col, select

from app.articles import taxonomy
from app.articles.live import visible_clause
from app.articles.models import Article, ArticleLive, ArticleLiveTag, Category, Tag
from app.core.errors import InvalidInput, NotFound
from app.core.pagination import decode_cursor, encode_cursor
from app.core.text import nfc
from app.search import service as search
from app.search.query import SearchQuery, parse


class Sort(StrEnum):
    newest = "-published_at"
    oldest = "published_at"
    most_viewed = "-view_count"
    relevance = "relevance"


@dataclass(frozen=True)
class ListFilters:
    category: str | None = None
    tag: str | None = None
    author: str | None = None
    featured: bool | None = None
    article_type: str | None = None
    published_after: datetime | None = None
    published_before: datetime | None = None
    q: str | None = None


@dataclass(frozen=True)
class ListPage:
    rows: Sequence[ArticleLive]
    next_cursor: str | None
    total: int | None = None
    search: SearchQuery | None = None


def _category_ids(session: Session, ref: str) -> set[int]:
    category = (
        session.get(Category, int(ref))
        if ref.isdigit()
        else session.exec(select(Category).where(Category.slug == ref)).first()
    )
    if category is None or category.id is None:
        raise NotFound(f"no category {ref!r}")
    return taxonomy.descendant_ids(session, category.id)


def _filtered(
    session: Session, filters: ListFilters, *, now: datetime
) -> tuple[Select[Any], SearchQuery | None, Any]:
    """The filtered SELECT of live rows (and the search subquery, if any)."""
    stmt: Select[Any] = select(ArticleLive).where(visible_clause(now))
    if filters.category:
        stmt = stmt.where(
            col(ArticleLive.category_id).in_(_category_ids(session, filters.category))
        )
    if filters.tag:
        tag_id = session.exec(select(Tag.id).where(Tag.slug == filters.tag)).first()
        if tag_id is None:
            raise NotFound(f"no tag {filters.tag!r}")
        stmt = stmt.where(
            select(ArticleLiveTag.article_id)
            .where(
                col(ArticleLiveTag.article_id) == col(ArticleLive.article_id),
                ArticleLiveTag.tag_id == tag_id,
            )
            .exists()
        )
    if filters.author:
        stmt = stmt.where(col(ArticleLive.byline) == nfc(filters.author).strip())
    if filters.featured is not None:
        featured_now = and_(
            col(ArticleLive.featured).is_(True),
            or_(col(ArticleLive.featured_until).is_(None), col(ArticleLive.featured_until) > now),
        )
        stmt = stmt.where(featured_now if filters.featured else ~featured_now)
    if filters.article_type:
        stmt = stmt.where(col(ArticleLive.article_type) == filters.article_type)
    if filters.published_after:
        stmt = stmt.where(col(ArticleLive.publish_at) >= filters.published_after)
    if filters.published_before:
        stmt = stmt.where(col(ArticleLive.publish_at) < filters.published_before)
    query, matches = None, None
    if filters.q is not None and filters.q.strip():
        query = parse(filters.q)
        if query is None:
            raise InvalidInput("the search query has no words", loc=["q"])
        sql, params = search.matching_sql(session, query)
        matches = (
            text(sql)
            .bindparams(**params)
            .columns(
                column("article_id", Integer), column("exact", Integer), column("score", Float)
            )
            .subquery("matches")
        )
        stmt = stmt.join(matches, matches.c.article_id == col(ArticleLive.article_id))
    return stmt, query, matches


def _order(sort: Sort, matches: Any, featured: bool | None) -> list[ColumnElement[Any]]:
    newest: list[ColumnElement[Any]] = [
        col(ArticleLive.publish_at).desc(),
        col(ArticleLive.article_id).desc(),
    ]
    if sort is Sort.relevance:
        return [matches.c.exact.desc(), matches.c.score.desc(), *newest]
    if sort is Sort.oldest:
        return [col(ArticleLive.publish_at).asc(), col(ArticleLive.article_id).asc()]
    if sort is Sort.most_viewed:
        return [col(Article.view_count).desc(), col(ArticleLive.article_id).desc()]
    if featured:
        # Featured lists follow the editors' ranking, then recency.
        rank = col(ArticleLive.featured_rank)
        return [rank.is_(None), rank.asc(), *newest]
    return newest


def _keyset(sort: Sort, featured: bool | None) -> bool:
    """Sorts whose key is stable enough for keyset cursors; the others page by offset."""
    return sort in (Sort.newest, Sort.oldest) and not featured


def list_live(
    session: Session,
    *,
    filters: ListFilters,
    sort: Sort | None,
    now: datetime,
    limit: int,
    cursor: str | None = None,
    page: int | None = None,
) -> ListPage:
    """One page of visible articles, by cursor or by page number (then with the total)."""
    stmt, query, matches = _filtered(session, filters, now=now)
    if sort is Sort.relevance and query is None:
        raise InvalidInput("sort=relevance needs q", loc=["sort"])
    sort = sort or (Sort.relevance if query is not None else Sort.newest)
    if sort is Sort.most_viewed:
        stmt = stmt.join(Article, col(Article.id) == col(ArticleLive.article_id))
    total = None
    offset = 0
    if page is not None:
        total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
        offset = (page - 1) * limit
    elif cursor:
        key = decode_cursor(cursor, arity=3)
        if key[0] != sort.value:
            raise InvalidInput("the cursor belongs to another sort order", loc=["cursor"])
        if _keyset(sort, filters.featured):
            stmt = stmt.where(_after(sort, key[1], key[2]))
        elif isinstance(key[1], int) and key[1] >= 0:
            offset = key[1]
        else:
            raise InvalidInput("bad cursor", loc=["cursor"])
    stmt = stmt.order_by(*_order(sort, matches, filters.featured)).offset(offset).limit(limit + 1)
    rows = [row[0] for row in session.execute(stmt).all()]
    next_cursor = None
    if len(rows) > limit and page is None:
        last = rows[limit - 1]
        if _keyset(sort, filters.featured):
            next_cursor = encode_cursor(sort.value, last.publish_at.isoformat(), last.article_id)
        else:
            next_cursor = encode_cursor(sort.value, offset + limit, None)
    has_more = len(rows) > limit
    return ListPage(
        rows=rows[:limit],
        next_cursor=next_cursor if has_more else None,
        total=total,
        search=query,
    )


def _after(sort: Sort, published: Any, last_id: Any) -> ColumnElement[bool]:
    try:
        published_at = datetime.fromisoformat(published)
    except (TypeError, ValueError):
        raise InvalidInput("bad cursor", loc=["cursor"]) from None
    if not isinstance(last_id, int) or published_at.tzinfo is None:
        raise InvalidInput("bad cursor", loc=["cursor"])
    key = tuple_(col(ArticleLive.publish_at), col(ArticleLive.article_id))
    return key < (published_at, last_id) if sort is Sort.newest else key > (published_at, last_id)
