"""Turn article rows into their admin and public shapes, loading what they embed in batches
(one query per kind of link for a whole page, never one per row)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import orjson
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.accounts.permissions import Principal, can
from app.accounts.schemas import UserRef
from app.articles.links import ordered_links
from app.articles.live import article_url, is_visible
from app.articles.models import (
    Article,
    ArticleHistory,
    ArticleLive,
    ArticleLiveTag,
    ArticleStatus,
    ArticleTag,
    Category,
    Tag,
)
from app.articles.schemas import (
    ArticleAdmin,
    ArticleHistoryEntry,
    ArticleListItem,
    ArticlePreview,
    ArticlePublic,
    CategoryRef,
    ImagePublic,
    TagRef,
)
from app.articles.seo import seo_public
from app.media import embed as media_embed
from app.search.highlight import snippet
from app.search.service import html_text
from app.sync import changelog
from app.workflow.chain import review_step_role


@dataclass
class _Embeds:
    categories: dict[int, CategoryRef] = field(default_factory=dict)
    tags: dict[int, list[TagRef]] = field(default_factory=dict)
    images: dict[int, ImagePublic] = field(default_factory=dict)


def _load_embeds(
    session: Session,
    *,
    article_ids: Sequence[int],
    category_ids: set[int],
    image_ids: set[int],
    tag_link: type[ArticleTag] | type[ArticleLiveTag],
) -> _Embeds:
    embeds = _Embeds()
    if not article_ids:
        return embeds
    for category in session.exec(select(Category).where(col(Category.id).in_(category_ids))):
        assert category.id is not None
        embeds.categories[category.id] = CategoryRef(
            id=category.id, name=category.name, slug=category.slug
        )
    tag_rows = session.exec(
        select(tag_link.article_id, Tag)
        .join(Tag, col(Tag.id) == col(tag_link.tag_id))
        .where(col(tag_link.article_id).in_(article_ids))
        .order_by(col(tag_link.article_id), col(tag_link.position))
    ).all()
    for article_id, tag in tag_rows:
        assert tag.id is not None
        embeds.tags.setdefault(article_id, []).append(
            TagRef(id=tag.id, name=tag.name, slug=tag.slug)
        )
    embeds.images = media_embed.images_by_id(session, image_ids)
    return embeds


def _working_embeds(session: Session, articles: Sequence[Article]) -> _Embeds:
    return _load_embeds(
        session,
        article_ids=[a.id for a in articles if a.id is not None],
        category_ids={a.category_id for a in articles},
        image_ids={a.image_id for a in articles if a.image_id is not None},
        tag_link=ArticleTag,
    )


def _public_fields(
    row: ArticleLive | Article, article_id: int, embeds: _Embeds, view_count: int
) -> dict[str, object]:
    return {
        "id": article_id,
        "title": row.title,
        "slug": row.slug,
        "summary": row.summary,
        "image": embeds.images.get(row.image_id) if row.image_id else None,
        "image_caption": row.image_caption,
        "alternate_url": row.alternate_url,
        "published_at": row.publish_at,
        "featured": row.featured,
        "byline": row.byline,
        "article_type": row.article_type,
        "category": embeds.categories[row.category_id],
        "tags": embeds.tags.get(article_id, []),
        "view_count": view_count,
        "updated_at": row.updated_at,
    }


def _live_fields(session: Session, rows: Sequence[ArticleLive]) -> list[dict[str, object]]:
    ids = [r.article_id for r in rows]
    embeds = _load_embeds(
        session,
        article_ids=ids,
        category_ids={r.category_id for r in rows},
        image_ids={r.image_id for r in rows if r.image_id is not None},
        tag_link=ArticleLiveTag,
    )
    views = _view_counts(session, ids)
    return [_public_fields(r, r.article_id, embeds, views.get(r.article_id, 0)) for r in rows]


def _snippet(row: ArticleLive, search_words: list[str]) -> str | None:
    return snippet(row.summary, search_words) or snippet(html_text(row.content_html), search_words)


def _view_counts(session: Session, ids: Sequence[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = session.exec(select(Article.id, Article.view_count).where(col(Article.id).in_(ids)))
    return {article_id: views for article_id, views in rows if article_id is not None}


def _prepared_entries(
    session: Session, rows: Sequence[ArticleLive], search_words: list[str] | None
) -> list[object]:
    """Default list entries from the JSON prepared at publish time, as ready fragments."""
    views = _view_counts(session, [r.article_id for r in rows])
    entries: list[object] = []
    for row in rows:
        assert row.list_json is not None
        view_count = views.get(row.article_id, 0)
        entries.append(
            orjson.Fragment(
                list_entry(row.list_json, view_count)
                if search_words is None
                else search_entry(row.list_json, view_count, _snippet(row, search_words))
            )
        )
    return entries


def public_entries(
    session: Session,
    rows: Sequence[ArticleLive],
    *,
    fields: frozenset[str] | None,
    search_words: list[str] | None,
) -> list[object]:
    """List entries, JSON-ready: the chosen fields (default: the list-item fields),
    `content_html` only when asked, and a highlighted snippet when searching. The default
    shape comes from the JSON prepared at publish time when every row has it."""
    if fields is None and all(row.list_json is not None for row in rows):
        return _prepared_entries(session, rows, search_words)
    entries: list[object] = []
    bodies = (
        media_embed.detail_media(session, {r.article_id: r.content_html for r in rows}, live=True)
        if fields is not None and "content_html" in fields
        else None
    )
    for row, base in zip(rows, _live_fields(session, rows), strict=True):
        entry = ArticleListItem.model_validate(base).model_dump(mode="json")
        if bodies is not None:
            entry["content_html"] = bodies[row.article_id].public_content(row.content_html)
        if search_words is not None and (fields is None or "snippet" in fields):
            entry["snippet"] = _snippet(row, search_words)
        if fields is not None:
            entry = {k: v for k, v in entry.items() if k in fields or k == "id"}
        entries.append(entry)
    return entries


def _detail_fields(
    session: Session,
    rows: Sequence[ArticleLive | Article],
    ids: Sequence[int],
    list_fields: Sequence[dict[str, object]],
    *,
    live: bool,
) -> list[dict[str, object]]:
    """What a detail adds to the list fields: attachments, inline images, the public body as
    HTML and blocks, and `seo` with its defaults."""
    media = media_embed.detail_media(
        session, {i: r.content_html for i, r in zip(ids, rows, strict=True)}, live=live
    )
    share = media_embed.images_by_id(session, {r.og_image_id for r in rows if r.og_image_id})
    details = []
    for article_id, row, fields in zip(ids, rows, list_fields, strict=True):
        category = fields["category"]
        assert isinstance(category, CategoryRef)
        lead = fields["image"]
        assert lead is None or isinstance(lead, ImagePublic)
        seo = seo_public(
            title=row.title, summary=row.summary, content_html=row.content_html,
            meta_title=row.meta_title, meta_description=row.meta_description,
            canonical_url=row.canonical_url, noindex=row.noindex,
            public_url=article_url(article_id=article_id, slug=row.slug,
                                   category_slug=category.slug),
            image=share.get(row.og_image_id) if row.og_image_id else lead,
        )  # fmt: skip
        details.append({**fields, **media[article_id].as_fields(row.content_html), "seo": seo})
    return details


def public_detail(session: Session, row: ArticleLive) -> ArticlePublic:
    """A live version in the public detail shape."""
    fields = _live_fields(session, [row])
    (detail,) = _detail_fields(session, [row], [row.article_id], fields, live=True)
    return ArticlePublic.model_validate(detail)


def prepare_public_json(session: Session, rows: Sequence[ArticleLive]) -> None:
    """Render and store each live version's public detail and list item (all but
    `view_count`), so a detail read is one lookup and some bytes instead of five queries and a
    model, and a list page needs no rendering."""
    list_fields = _live_fields(session, rows)
    details = _detail_fields(session, rows, [r.article_id for r in rows], list_fields, live=True)
    for row, fields, detail_fields in zip(rows, list_fields, details, strict=True):
        detail = ArticlePublic.model_validate(detail_fields)
        row.public_json = detail.model_dump_json(exclude={"view_count"})
        row.list_json = ArticleListItem.model_validate(fields).model_dump_json(
            exclude={"view_count"}
        )
        session.add(row)
    session.flush()
    # What the public sees changed with it: integrators syncing get the new shape.
    changelog.record_changes(session, [row.article_id for row in rows])


def with_view_count(public_json: str, view_count: int) -> bytes:
    """The stored detail with the current view count appended (it changes too often to store)."""
    return list_entry(public_json, view_count).encode()


def list_entry(prepared_json: str, view_count: int) -> str:
    """Prepared JSON (a list entry or a detail) with its current view count added."""
    return f'{prepared_json[:-1]},"view_count":{view_count}}}'


def search_entry(list_json: str, view_count: int, snippet: str | None) -> str:
    """A prepared list entry with its view count and search snippet added."""
    return (
        f'{list_json[:-1]},"view_count":{view_count},"snippet":{orjson.dumps(snippet).decode()}}}'
    )


def list_page_json(entries: Iterable[str], next_cursor: str | None) -> bytes:
    """A default list page from prepared entries (`list_entry`), exactly as orjson writes
    `{"items": [...], "next_cursor": ...}`, joined as text and encoded once (per-item bytes
    were a third of a page's cost)."""
    items = ",".join(entries)
    return b'{"items":[' + items.encode() + b'],"next_cursor":' + orjson.dumps(next_cursor) + b"}"


def preview_detail(session: Session, article: Article) -> ArticlePreview:
    """The working copy in public shape, for previews before it is published."""
    assert article.id is not None
    fields = _public_fields(article, article.id, _working_embeds(session, [article]),
                            article.view_count)  # fmt: skip
    (detail,) = _detail_fields(session, [article], [article.id], [fields], live=False)
    return ArticlePreview.model_validate(detail)


def admin_list(
    session: Session, articles: Sequence[Article], *, viewer: Principal, now: datetime
) -> list[ArticleAdmin]:
    """The admin shape of many articles at once; the royalty totals only for a viewer who may
    read the article's royalty (null otherwise)."""
    embeds = _working_embeds(session, articles)
    ids = [a.id for a in articles if a.id is not None]
    lives = {
        live.article_id: live
        for live in session.exec(select(ArticleLive).where(col(ArticleLive.article_id).in_(ids)))
    }
    related = ordered_links(session, "related_ids", ids)
    attachments = ordered_links(session, "attachment_ids", ids)
    legacy = ordered_links(session, "legacy_urls", ids)
    author_ids = {a.author_id for a in articles if a.author_id is not None}
    authors = (
        {
            u.id: UserRef.model_validate(u)
            for u in session.exec(select(User).where(col(User.id).in_(author_ids)))
        }
        if author_ids
        else {}
    )
    result = []
    for a in articles:
        assert a.id is not None
        royalty = can(viewer, "manage_royalty", a)
        result.append(
            ArticleAdmin(
                id=a.id,
                title=a.title,
                slug=a.slug,
                summary=a.summary,
                content_html=a.content_html,
                image_id=a.image_id,
                image=embeds.images.get(a.image_id) if a.image_id else None,
                image_caption=a.image_caption,
                alternate_url=a.alternate_url,
                meta_title=a.meta_title,
                meta_description=a.meta_description,
                og_image_id=a.og_image_id,
                canonical_url=a.canonical_url,
                noindex=a.noindex,
                publish_at=a.publish_at,
                expire_at=a.expire_at,
                featured=a.featured,
                featured_rank=a.featured_rank,
                featured_until=a.featured_until,
                byline=a.byline,
                author_id=a.author_id,
                author=authors.get(a.author_id) if a.author_id else None,
                article_type=a.article_type,
                category_id=a.category_id,
                category=embeds.categories[a.category_id],
                tags=embeds.tags.get(a.id, []),
                related_ids=related.get(a.id, []),
                attachment_ids=attachments.get(a.id, []),
                legacy_urls=legacy.get(a.id, []),
                page_count=a.page_count if royalty else None,
                photo_count=a.photo_count if royalty else None,
                royalty_amount=a.royalty_amount if royalty else None,
                status=ArticleStatus(a.status),
                is_live=is_visible(lives.get(a.id), now),
                live_version=lives[a.id].version if a.id in lives else None,
                has_unpublished_changes=a.has_unpublished_changes,
                review_step=review_step_role(a.review_step),
                version=a.version,
                view_count=a.view_count,
                created_at=a.created_at,
                created_by=a.created_by,
                updated_at=a.updated_at,
                updated_by=a.updated_by,
            )
        )
    return result


def admin_detail(
    session: Session, article: Article, *, viewer: Principal, now: datetime
) -> ArticleAdmin:
    return admin_list(session, [article], viewer=viewer, now=now)[0]


def history_entries(session: Session, entries: Sequence[ArticleHistory]) -> list[dict[str, object]]:
    """History lines with the actor's username ("system" for automatic transitions)."""
    actor_ids = {e.actor_id for e in entries if e.actor_id is not None}
    names = dict(
        session.exec(select(User.id, User.username).where(col(User.id).in_(actor_ids))).all()
    ) if actor_ids else {}  # fmt: skip
    return [
        ArticleHistoryEntry(
            id=e.id or 0,
            action=e.action,
            from_status=e.from_status,
            to_status=e.to_status,
            version=e.version,
            actor_id=e.actor_id,
            actor=names.get(e.actor_id, "?") if e.actor_id is not None else "system",
            at=e.at,
            comment=e.comment,
            changed_fields=[f for f in e.changed_fields.split(",") if f],
        ).model_dump(mode="json")
        for e in entries
    ]
