"""The public article list: filters, sorts, search, and both kinds of pagination (SPEC §3, §6).

Everything reads live versions only (`article_live`, visible at `now`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    func,
    or_,
    tuple_,
)
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from app.articles import taxonomy
from app.articles.live import visible_clause
from app.articles.models import Article, ArticleLive, ArticleLiveTag, Tag
from app.core.errors import InvalidInput, NotFound
from app.core.pagination import InvalidCursor, Offset, RowId, decode_cursor, encode_cursor
from app.core.text import fold_name
from app.core.timestamps import Timestamp
from app.search import service as search
from app.search.query import SearchQuery, parse


class Sort(StrEnum):
    newest = "-published_at"
    oldest = "published_at"
    most_viewed = "-view_count"
    relevance = "relevance"


# A list's cursor: its sort, then the last item's publish time and id for the keyset sorts, or
# the offset of the next page (and null) for the others.
KeysetCursor = tuple[Sort, Timestamp, RowId]
OffsetCursor = tuple[Sort, Offset, None]
LIST_CURSOR: TypeAdapter[KeysetCursor | OffsetCursor] = TypeAdapter(KeysetCursor | OffsetCursor)


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


def _filtered(
    session: Session, filters: ListFilters, *, now: datetime, with_body: bool
) -> tuple[Select[Any], SearchQuery | None]:
    """The filtered SELECT of live rows, and the parsed search query, if any."""
    # The prepared detail is never needed for a list; the body only when asked for (or for
    # search snippets): both are most of a row's bytes.
    unneeded: list[Any] = [ArticleLive.public_json]
    if not with_body and filters.q is None:
        unneeded.append(ArticleLive.content_html)
    stmt: Select[Any] = (
        select(ArticleLive).where(visible_clause(now)).options(*(defer(c) for c in unneeded))
    )
    if filters.category:
        stmt = stmt.where(
            col(ArticleLive.category_id).in_(taxonomy.subtree_ids(session, filters.category))
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
        # Folded, like search: "trung hieu" finds "Trung Hiếu", "da" finds "Đà".
        stmt = stmt.where(col(ArticleLive.byline_folded) == fold_name(filters.author))
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
    query = None
    if filters.q is not None and filters.q.strip():
        query = parse(filters.q)
        if query is None:
            raise InvalidInput("the search query has no words", loc=["q"])
    return stmt, query


def _in_index(
    session: Session, stmt: Select[Any], condition: Any, *, now: datetime
) -> tuple[Select[Any], Any]:
    """`stmt` restricted to live versions whose index row meets `condition`, and the index key
    (publish order) to sort by."""
    index = search.index_table(session)
    key = search.index_key(session, index)
    joined = stmt.join(
        index,
        search.joins_live(session, index, col(ArticleLive.article_id), col(ArticleLive.search_key)),
    ).where(
        condition,
        # Redundant with the visibility filter, but it lets the index skip scheduled versions
        # (all at the newest end) instead of reading and discarding each one.
        key < search.published_by_bound(now),
    )
    return joined, key


def _order(sort: Sort, featured: bool | None) -> list[ColumnElement[Any]]:
    newest: list[ColumnElement[Any]] = [
        col(ArticleLive.publish_at).desc(),
        col(ArticleLive.article_id).desc(),
    ]
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
    with_body: bool = False,
) -> ListPage:
    """One page of visible articles, by cursor or by page number (then with the total)."""
    stmt, query = _filtered(session, filters, now=now, with_body=with_body)
    if sort is Sort.relevance and query is None:
        raise InvalidInput("sort=relevance needs q", loc=["sort"])
    sort = sort or (Sort.relevance if query is not None else Sort.newest)
    if sort is Sort.most_viewed:
        stmt = stmt.join(Article, col(Article.id) == col(ArticleLive.article_id))
    total = None
    offset = 0
    if page is not None:
        counted = (
            _in_index(session, stmt, search.match_condition(session, query), now=now)[0]
            if query is not None
            else stmt
        )
        total = session.exec(select(func.count()).select_from(counted.subquery())).one()
        offset = (page - 1) * limit
    elif cursor:
        cursor_sort, position, last_id = decode_cursor(cursor, LIST_CURSOR)
        if cursor_sort is not sort:
            raise InvalidInput("the cursor belongs to another sort order", loc=["cursor"])
        keyset = _keyset(sort, filters.featured)
        if keyset and isinstance(position, datetime) and last_id is not None:
            stmt = stmt.where(_after(sort, position, last_id))
        elif not keyset and isinstance(position, int):
            offset = position
        else:
            raise InvalidCursor("the cursor is not one this API issued")
    if sort is Sort.relevance:
        assert query is not None
        rows = _ranked(session, stmt, query, now=now, offset=offset, limit=limit)
    else:
        if query is not None:
            stmt = _in_index(session, stmt, search.match_condition(session, query), now=now)[0]
        stmt = stmt.order_by(*_order(sort, filters.featured)).offset(offset).limit(limit + 1)
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


def _ranked(
    session: Session,
    stmt: Select[Any],
    query: SearchQuery,
    *,
    now: datetime,
    offset: int,
    limit: int,
) -> list[ArticleLive]:
    """Rows `offset` to `offset + limit` (one more, to tell if there is a next page) in
    relevance order: tier by tier, each read newest first from the index and only as far as
    the page needs, so a common word costs a page of rows, not a scoring of every match."""
    wanted = offset + limit + 1
    rows: list[ArticleLive] = []
    for tier in search.tier_conditions(session, query):
        if len(rows) >= wanted:
            break
        in_tier, key = _in_index(session, stmt, tier, now=now)
        in_tier = in_tier.order_by(key.desc()).limit(wanted - len(rows))
        rows.extend(row[0] for row in session.execute(in_tier).all())
    return rows[offset:]


def _after(sort: Sort, published_at: datetime, last_id: int) -> ColumnElement[bool]:
    key = tuple_(col(ArticleLive.publish_at), col(ArticleLive.article_id))
    return key < (published_at, last_id) if sort is Sort.newest else key > (published_at, last_id)
