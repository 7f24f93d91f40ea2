"""The rules of related articles: editor picks (admin) and the public list."""

from datetime import datetime

import orjson
from sqlmodel import Session, col, select

from app.accounts.permissions import Principal, can
from app.articles import live, presenters
from app.articles import service as articles
from app.articles.links import ordered_links
from app.articles.models import Article, ArticleLive, ArticleStatus
from app.articles.schemas import ArticleListItem, ArticleUpdate
from app.related.models import ArticleLiveRelated, RelatedSuggestion
from app.related.schemas import RelatedPickRef, RelatedPicksAdmin

MAX_LIMIT = 20  # the precomputed list holds 20 suggestions (app.related.index.LIST_SIZE)


def picks(
    session: Session, *, article: Article, viewer: Principal, now: datetime
) -> RelatedPicksAdmin:
    """The working copy's picks (with what each is now) and the published version's. A pick
    the viewer may not see (someone else's draft an editor picked) shows only what the public
    sees of it: its live title, or nothing but its id."""
    assert article.id is not None
    working = ordered_links(session, "related_ids", [article.id]).get(article.id, [])
    published = list(
        session.exec(
            select(ArticleLiveRelated.related_id)
            .where(ArticleLiveRelated.article_id == article.id)
            .order_by(col(ArticleLiveRelated.position))
        ).all()
    )
    rows = {
        a.id: a for a in session.exec(select(Article).where(col(Article.id).in_(working))).all()
    }
    lives = {
        lv.article_id: lv
        for lv in session.exec(select(ArticleLive).where(col(ArticleLive.article_id).in_(working)))
    }
    items = []
    for i in working:
        if i not in rows:
            continue
        shown = live.is_visible(lives.get(i), now)
        if can(viewer, "view", rows[i]):
            title: str | None = rows[i].title
            status: ArticleStatus | None = ArticleStatus(rows[i].status)
        else:
            title, status = (lives[i].title if shown else None), None
        items.append(RelatedPickRef(id=i, title=title, status=status, is_live=shown))
    return RelatedPicksAdmin(
        article_id=article.id, related_ids=working, live_related_ids=published, items=items
    )


def set_picks(
    session: Session,
    *,
    article: Article,
    related_ids: list[int],
    actor: Principal,
    expected_lock_version: int,
) -> Article:
    """Replace the working copy's picks (a new minor version, like any edit: unknown ids and
    the article itself are refused with 422; the public sees them after the next publish)."""
    return articles.update_article(
        session,
        article=article,
        data=ArticleUpdate(related_ids=related_ids),
        actor=actor,
        expected_lock_version=expected_lock_version,
    )


def _entries(
    session: Session, rows: list[tuple[int, str | None, int, float | None]]
) -> list[bytes]:
    """List-shape JSON of each row plus its reason, from the JSON prepared at publish time (or
    rendered now for a version published before it existed)."""
    missing = [article_id for article_id, list_json, _, _ in rows if list_json is None]
    rendered: dict[int, bytes] = {}
    if missing:
        fields = frozenset(ArticleListItem.model_fields)
        lives = session.exec(
            select(ArticleLive).where(col(ArticleLive.article_id).in_(missing))
        ).all()
        for row, item in zip(
            lives,
            presenters.public_entries(session, lives, fields=fields, search_words=None),
            strict=True,
        ):
            rendered[row.article_id] = orjson.dumps(item)
    return [
        entry(list_json, view_count, score)
        if list_json is not None
        else _with_reason(rendered[article_id], score)
        for article_id, list_json, view_count, score in rows
    ]


def entry(list_json: str, view_count: int, score: float | None) -> bytes:
    """One item: the prepared list JSON with its view count and reason (and score)."""
    return _with_reason(presenters.with_view_count(list_json, view_count), score)


def _with_reason(item: bytes, score: float | None) -> bytes:
    extra = b',"reason":"picked"}' if score is None else (
        b',"reason":"similar","score":' + orjson.dumps(score) + b"}"
    )  # fmt: skip
    return item[:-1] + extra


def public_related(session: Session, *, article_id: int, limit: int, now: datetime) -> bytes:
    """Live picks in the editor's order, then the best automatic suggestions, as the JSON of
    `{"items": [...]}`; 404 unless the article itself is visible."""
    live.get_visible(session, article_id=article_id, now=now)
    shown = (col(ArticleLive.article_id), col(ArticleLive.list_json), col(Article.view_count))
    picked = [
        (a, j, v, None)
        for a, j, v in session.exec(
            select(*shown)
            .join(ArticleLiveRelated, col(ArticleLiveRelated.related_id) == ArticleLive.article_id)
            .join(Article, col(Article.id) == col(ArticleLive.article_id))
            .where(
                ArticleLiveRelated.article_id == article_id,
                col(ArticleLive.article_id) != article_id,
                live.visible_clause(now),
            )
            .order_by(col(ArticleLiveRelated.position))
            .limit(limit)
        ).all()
    ]
    similar: list[tuple[int, str | None, int, float | None]] = []
    if len(picked) < limit:
        similar = [
            (a, j, v, s)
            for a, j, v, s in session.exec(
                select(*shown, RelatedSuggestion.score)
                .join(
                    RelatedSuggestion,
                    col(RelatedSuggestion.related_id) == col(ArticleLive.article_id),
                )
                .join(Article, col(Article.id) == col(ArticleLive.article_id))
                .where(
                    RelatedSuggestion.article_id == article_id,
                    col(ArticleLive.article_id).not_in([p[0] for p in picked] or [article_id]),
                    live.visible_clause(now),
                )
                .order_by(col(RelatedSuggestion.score).desc(), col(ArticleLive.article_id).desc())
                .limit(limit - len(picked))
            ).all()
        ]
    return b'{"items":[' + b",".join(_entries(session, picked + similar)) + b"]}"
