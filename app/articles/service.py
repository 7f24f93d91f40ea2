"""The rules of the news item's working copy: create, list, update (the live version and the
workflow are in app/articles/live.py and app/workflow)."""

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, TypeAdapter
from sqlalchemy import ColumnElement, and_, delete, func, or_, update
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.accounts.permissions import (
    Principal,
    ensure_can,
    referable_articles_clause,
    visible_articles_clause,
)
from app.articles import live, presenters, taxonomy
from app.articles.embeds import stored_embeds
from app.articles.models import (
    Article,
    ArticleAttachment,
    ArticleLegacyUrl,
    ArticleLive,
    ArticleRelated,
    ArticleSlugRedirect,
    ArticleStatus,
    ArticleTag,
)
from app.articles.sanitize import sanitize_html
from app.articles.schemas import (
    EXPIRY_BEFORE_PUBLISH,
    NULLABLE_UPDATE_FIELDS,
    ArticleCreate,
    ArticleUpdate,
)
from app.core.config import get_settings
from app.core.db import utcnow
from app.core.errors import Conflict, InvalidInput, NotFound, PreconditionFailed
from app.core.pagination import RowId, decode_cursor, decode_id_cursor, encode_cursor
from app.core.slugs import first_free_slug, slugs_in_use
from app.core.text import fold, normalize_legacy_path, slugify
from app.core.timestamps import Timestamp
from app.media import usage as media_usage
from app.media.models import Media
from app.revisions import service as revisions
from app.royalties import hooks as royalties
from app.workflow.chain import awaiting_review_clause

# --- reading ---------------------------------------------------------------------------------


def get_article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"article {article_id} does not exist")
    return article


class AdminSort(StrEnum):
    newest = "newest"  # by id: the order articles were created in
    updated = "updated"  # last change first
    by_title = "title"  # A to Z, diacritics folded ("Đ" with the D's)
    most_viewed = "views"  # most views first (the counter as last flushed)


# The keys the sorted staff lists page by: (updated_at, id), (view_count, id) and
# (folded title, id).
_UPDATED_CURSOR: TypeAdapter[tuple[datetime, int]] = TypeAdapter(tuple[Timestamp, RowId])
_VIEWS_CURSOR: TypeAdapter[tuple[int, int]] = TypeAdapter(
    tuple[Annotated[int, Field(ge=0, le=2**63 - 1)], RowId]
)
_TITLE_CURSOR: TypeAdapter[tuple[str, int]] = TypeAdapter(
    tuple[Annotated[str, Field(max_length=2000)], RowId]
)


def list_admin_articles(
    session: Session,
    *,
    viewer: Principal,
    status: ArticleStatus | None,
    category_id: int | None,
    author_id: int | None,
    q: str | None,
    cursor: str | None,
    limit: int,
    overdue: bool = False,
    article_type: str | None = None,
    awaiting_my_review: bool = False,
    updated_from: datetime | None = None,
    updated_before: datetime | None = None,
    sort: AdminSort = AdminSort.newest,
    with_bodies: bool = True,
) -> tuple[Sequence[Article], str | None]:
    """Staff list of the articles the viewer may see: newest first by id, or by the last
    update (newest first) or the title (A to Z, diacritics folded), each paged by keyset.

    The filters and the order pick the page's ids first, then the page's rows are loaded: the
    ids come from narrow indexes (category with status, folded title) without reading 100k
    article rows and their bodies, which is what made the desk's filtered lists slow
    (docs/performance.md, "The desk's pages"). `with_bodies=False` leaves the bodies unread
    (a list of titles does not need 50 bodies of tens of kilobytes)."""
    stmt = select(Article.id)
    if article_type is not None:
        stmt = stmt.where(Article.article_type == article_type)
    if awaiting_my_review:
        stmt = stmt.where(awaiting_review_clause(viewer))
    if updated_from is not None:
        stmt = stmt.where(col(Article.updated_at) >= updated_from)
    if updated_before is not None:
        stmt = stmt.where(col(Article.updated_at) < updated_before)
    if overdue:
        stmt = stmt.where(overdue_clause(utcnow()))
    if status is not None:
        stmt = stmt.where(Article.status == status.value)
    else:
        # Trash stays out of the default list, as in every CMS; ask for it by status.
        stmt = stmt.where(Article.status != ArticleStatus.trashed.value)
    if category_id is not None:
        stmt = stmt.where(
            col(Article.category_id).in_(taxonomy.descendant_ids(session, category_id))
        )
    if author_id is not None:
        stmt = stmt.where(Article.author_id == author_id)
    visible = visible_articles_clause(viewer)
    if visible is not None:
        stmt = stmt.where(visible)
    title_match = (
        col(Article.title_folded).contains(fold(q).strip(), autoescape=True) if q else None
    )
    unmatched = stmt
    if title_match is not None:
        # A substring match cannot use an index's order, but it can scan the narrow
        # (title_folded, id) index instead of the table: a rare word is then a 100k-entry
        # index scan, not a 100k-row table scan (PostgreSQL has a trigram index for it).
        stmt = stmt.where(col(Article.id).in_(select(Article.id).where(title_match)))
    order: list[Any]
    if sort is AdminSort.newest:
        last_id = decode_id_cursor(cursor)
        if last_id is not None:
            stmt = stmt.where(col(Article.id) < last_id)
            unmatched = unmatched.where(col(Article.id) < last_id)
        if title_match is not None:
            found = _newest_matching_first(
                session, unmatched, title_match, last_id, limit, with_bodies=with_bodies
            )
            if found is not None:
                return found
        order = [col(Article.id).desc()]
    elif sort is AdminSort.updated:
        if cursor:
            updated_at, last_id = decode_cursor(cursor, _UPDATED_CURSOR)
            stmt = stmt.where(
                or_(
                    col(Article.updated_at) < updated_at,
                    and_(col(Article.updated_at) == updated_at, col(Article.id) < last_id),
                )
            )
        order = [col(Article.updated_at).desc(), col(Article.id).desc()]
    elif sort is AdminSort.most_viewed:
        if cursor:
            views, last_id = decode_cursor(cursor, _VIEWS_CURSOR)
            stmt = stmt.where(
                or_(
                    col(Article.view_count) < views,
                    and_(col(Article.view_count) == views, col(Article.id) < last_id),
                )
            )
        order = [col(Article.view_count).desc(), col(Article.id).desc()]
    else:
        if cursor:
            title, last_id = decode_cursor(cursor, _TITLE_CURSOR)
            stmt = stmt.where(
                or_(
                    col(Article.title_folded) > title,
                    and_(col(Article.title_folded) == title, col(Article.id) > last_id),
                )
            )
        order = [col(Article.title_folded), col(Article.id)]
    ids = list(session.exec(stmt.order_by(*order).limit(limit + 1)).all())
    rows = _rows_in_order(session, ids, with_bodies=with_bodies)
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        if sort is AdminSort.newest:
            next_cursor = encode_cursor(last.id)
        elif sort is AdminSort.updated:
            next_cursor = encode_cursor(last.updated_at.isoformat(), last.id)
        elif sort is AdminSort.most_viewed:
            next_cursor = encode_cursor(last.view_count, last.id)
        else:
            next_cursor = encode_cursor(last.title_folded, last.id)
    return rows[:limit], next_cursor


# How many of the newest articles a title search walks before it scans the whole title index.
NEWEST_WINDOW = 5000


def _newest_matching_first(
    session: Session,
    stmt: Any,
    title_match: ColumnElement[bool],
    last_id: int | None,
    limit: int,
    *,
    with_bodies: bool,
) -> tuple[Sequence[Article], str | None] | None:
    """The page of a title search newest first, when the newest NEWEST_WINDOW ids (below the
    cursor) fill it: a common word then costs a short walk of the table by id instead of a
    scan of every title. The page is exact, since every other match has a smaller id. None
    when the window holds too few matches (a rare word): the caller scans the index."""
    top = last_id - 1 if last_id is not None else session.exec(select(func.max(Article.id))).one()
    if top is None:
        return None
    windowed = stmt.where(title_match, col(Article.id) > top - NEWEST_WINDOW)
    ids = list(session.exec(windowed.order_by(col(Article.id).desc()).limit(limit + 1)).all())
    if len(ids) <= limit:
        return None
    rows = _rows_in_order(session, ids, with_bodies=with_bodies)
    if len(rows) <= limit:  # one was deleted meanwhile: let the full query answer
        return None
    return rows[:limit], encode_cursor(rows[limit - 1].id)


def _rows_in_order(
    session: Session, ids: Sequence[int | None], *, with_bodies: bool
) -> list[Article]:
    query = select(Article).where(col(Article.id).in_(ids))
    if not with_bodies:
        query = query.options(defer(Article.content_html), defer(Article.summary))  # type: ignore[arg-type]
    loaded = {a.id: a for a in session.exec(query)}
    return [loaded[i] for i in ids if i in loaded]


def overdue_clause(now: datetime) -> ColumnElement[bool]:
    """Articles whose go-live or expiry instant has passed but whose status does not show it
    yet: the scheduler has not recorded the transition (public reads are right regardless)."""
    live_row = select(ArticleLive.article_id).where(col(ArticleLive.article_id) == col(Article.id))
    return or_(
        and_(
            col(Article.status) == ArticleStatus.scheduled.value,
            live_row.where(col(ArticleLive.publish_at) <= now).exists(),
        ),
        and_(
            col(Article.status).in_([ArticleStatus.scheduled.value, ArticleStatus.published.value]),
            live_row.where(col(ArticleLive.expire_at) <= now).exists(),
        ),
    )


# --- writing ---------------------------------------------------------------------------------


def _slug_owner(session: Session, slug: str) -> int | None:
    """The article that holds `slug`, now or as an old slug that still redirects."""
    current = session.exec(select(Article.id).where(Article.slug == slug)).first()
    if current is not None:
        return current
    redirect = session.get(ArticleSlugRedirect, slug)
    return redirect.article_id if redirect else None


def free_slug(session: Session, base: str) -> str:
    """`base`, or the first of `base-2`, `base-3`… that no article holds or redirects from."""
    base = base or "bai-viet"
    taken = slugs_in_use(session, Article.slug, base) | slugs_in_use(
        session,
        ArticleSlugRedirect.slug,
        base,
    )
    return first_free_slug(base, taken)


def _change_slug(session: Session, article: Article, new_slug: str) -> None:
    """Give the article a new slug, keeping the old one as a redirect."""
    if new_slug == article.slug:
        return
    owner = _slug_owner(session, new_slug)
    if owner is not None and owner != article.id:
        raise Conflict(f"slug {new_slug!r} is used by another article")
    # Reclaiming one of its own old slugs: that slug stops being a redirect.
    session.execute(delete(ArticleSlugRedirect).where(col(ArticleSlugRedirect.slug) == new_slug))
    assert article.id is not None
    session.add(ArticleSlugRedirect(slug=article.slug, article_id=article.id))
    article.slug = new_slug


def _known_articles(
    session: Session, ids: list[int], *, article_id: int | None, picker: Principal | None
) -> set[int]:
    """The ids among `ids` that name articles the picker may point at (all that exist when
    the ids come from the article's own revision, not from the caller). Picks the article
    already has stay acceptable: re-sending them tells the caller nothing new."""
    stmt = select(Article.id).where(col(Article.id).in_(ids))
    referable = referable_articles_clause(picker, utcnow()) if picker is not None else None
    if referable is not None:
        already = select(ArticleRelated.related_id).where(
            col(ArticleRelated.article_id) == article_id
        )
        stmt = stmt.where(or_(referable, col(Article.id).in_(already)))
    return {i for i in session.exec(stmt).all() if i is not None}


def _check_references(
    session: Session, values: dict[str, Any], *, article_id: int | None, picker: Principal | None
) -> None:
    """Every id the article points at must exist and be of the right kind (422 otherwise); an
    article the picker may not see is answered exactly like one that does not exist."""
    if values.get("category_id") is not None:
        taxonomy.get_category_or_invalid(session, values["category_id"])
    for field in ("image_id", "og_image_id"):
        if values.get(field) is not None:
            media = session.get(Media, values[field])
            if media is None or media.kind != "image":
                raise InvalidInput(f"{field} must name an uploaded image", loc=[field])
    if values.get("author_id") is not None and session.get(User, values["author_id"]) is None:
        raise InvalidInput("author_id must name a staff user", loc=["author_id"])
    if values.get("article_type") is not None:
        allowed = get_settings().article_types
        if values["article_type"] not in allowed:
            raise InvalidInput(
                f"article_type must be one of: {', '.join(allowed)}", loc=["article_type"]
            )
    for field in ("related_ids", "attachment_ids"):
        ids = values.get(field)
        if not ids:
            continue
        if len(set(ids)) != len(ids):
            raise InvalidInput(f"{field} lists an item twice", loc=[field])
        if field == "related_ids" and article_id in ids:
            raise InvalidInput("an article cannot be related to itself", loc=[field])
        if field == "related_ids":
            found = _known_articles(session, ids, article_id=article_id, picker=picker)
        else:
            uploaded = session.exec(select(Media.id).where(col(Media.id).in_(ids))).all()
            found = {i for i in uploaded if i is not None}
        missing = [i for i in ids if i not in found]
        if missing:
            raise InvalidInput(f"{field} names unknown items: {missing}", loc=[field])


def _replace_links(session: Session, article_id: int, values: dict[str, Any]) -> None:
    """Rewrite the ordered link tables (tags, related, attachments) that `values` carries."""
    if values.get("tags") is not None:
        session.execute(delete(ArticleTag).where(col(ArticleTag.article_id) == article_id))
        for position, tag in enumerate(taxonomy.get_or_create_tags(session, values["tags"])):
            assert tag.id is not None
            session.add(ArticleTag(article_id=article_id, tag_id=tag.id, position=position))
    if values.get("related_ids") is not None:
        session.execute(delete(ArticleRelated).where(col(ArticleRelated.article_id) == article_id))
        for position, related_id in enumerate(values["related_ids"]):
            session.add(
                ArticleRelated(article_id=article_id, related_id=related_id, position=position)
            )
    if values.get("legacy_urls") is not None:
        _replace_legacy_urls(session, article_id, values["legacy_urls"])
    if values.get("attachment_ids") is not None:
        session.execute(
            delete(ArticleAttachment).where(col(ArticleAttachment.article_id) == article_id)
        )
        for position, media_id in enumerate(values["attachment_ids"]):
            session.add(
                ArticleAttachment(article_id=article_id, media_id=media_id, position=position)
            )
    session.flush()


_LINK_FIELDS = ("tags", "related_ids", "attachment_ids", "legacy_urls")


def _replace_legacy_urls(session: Session, article_id: int, urls: list[str]) -> None:
    paths = list(dict.fromkeys(normalize_legacy_path(u) for u in urls))
    taken = session.exec(
        select(ArticleLegacyUrl.path).where(
            col(ArticleLegacyUrl.path).in_(paths), col(ArticleLegacyUrl.article_id) != article_id
        )
    ).all()
    if taken:
        raise Conflict(f"legacy URLs already resolve to another article: {sorted(taken)}")
    session.execute(delete(ArticleLegacyUrl).where(col(ArticleLegacyUrl.article_id) == article_id))
    for path in paths:
        session.add(ArticleLegacyUrl(path=path, article_id=article_id))


def create_article(session: Session, *, data: ArticleCreate, actor: Principal) -> Article:
    """Create a draft (version 0.1) owned by the actor unless an editor names another author."""
    values = data.model_dump()
    category_id = values["category_id"]
    # Categories are listed to all staff, so an unknown one may be named as such; whether a
    # user exists is asked only after the caller is allowed to name someone else.
    taxonomy.get_category_or_invalid(session, category_id)
    ensure_can(actor, "create", None, category_id=category_id)
    if values["author_id"] is not None and values["author_id"] != actor.id:
        ensure_can(actor, "assign_author", None, category_id=category_id)
    _check_references(session, values, article_id=None, picker=actor)
    values["author_id"] = values["author_id"] or actor.id

    content = sanitize_html(stored_embeds(values.pop("content_html")))
    media_usage.check_inline_images(session, content)
    explicit_slug = values.pop("slug")
    if explicit_slug is not None and _slug_owner(session, explicit_slug) is not None:
        raise Conflict(f"slug {explicit_slug!r} is used by another article")
    links = {field: values.pop(field) for field in _LINK_FIELDS}
    now = utcnow()
    article = Article(
        **values,
        title_folded=fold(values["title"]),
        slug=explicit_slug or free_slug(session, slugify(values["title"])),
        content_html=content,
        # The royalty's lines set the totals later; until then photos follow the content.
        photo_count=_auto_photo_count(content, values["image_id"]),
        status=ArticleStatus.draft.value,
        version_major=0,
        version_minor=1,
        created_at=now,
        created_by=actor.id,
        updated_at=now,
        updated_by=actor.id,
    )
    session.add(article)
    session.flush()
    assert article.id is not None
    _replace_links(session, article.id, links)
    media_usage.record_inline_images(session, article_id=article.id, html=content)
    revisions.record(session, article, action="create", actor_id=actor.id, from_status=None)
    session.flush()
    return article


def _auto_photo_count(content_html: str, image_id: int | None) -> int:
    return media_usage.distinct_image_count(content_html, image_id)


def claim_version(session: Session, article: Article, expected_lock_version: int) -> None:
    """Atomically move lock_version on, or fail with 412 if someone else got there first.

    The conditional UPDATE is the real guard: on PostgreSQL a concurrent writer blocks on the
    row and then finds the version moved; on SQLite writers are serialized by BEGIN IMMEDIATE.
    """
    result = session.execute(
        update(Article)
        .where(col(Article.id) == article.id, col(Article.lock_version) == expected_lock_version)
        .values(lock_version=expected_lock_version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise PreconditionFailed("someone else changed this article; reload and try again")
    article.lock_version = expected_lock_version + 1


def update_article(
    session: Session,
    *,
    article: Article,
    data: ArticleUpdate,
    actor: Principal,
    expected_lock_version: int,
    action: str = "update",
    comment: str = "",
) -> Article:
    """Apply a partial update as a new minor version; only the fields sent change."""
    values = data.model_dump(exclude_unset=True)
    if not values:
        ensure_can(actor, "edit", article)
        return article  # an empty PATCH saves nothing, so it makes no new version
    for field, value in list(values.items()):
        if value is None and field not in NULLABLE_UPDATE_FIELDS:
            raise InvalidInput(f"{field} cannot be null", loc=[field])
    ensure_can(actor, "edit", article)
    if article.status == ArticleStatus.trashed.value:
        raise Conflict("the article is in the trash; restore it before editing")
    if "author_id" in values and values["author_id"] != article.author_id:
        ensure_can(actor, "assign_author", article)
    if values.get("category_id") not in (None, article.category_id):
        ensure_can(actor, "edit", article, category_id=values["category_id"])
    # A restore's ids come from the article's own history, not from the caller.
    picker = None if action == "restore" else actor
    _check_references(session, values, article_id=article.id, picker=picker)
    if values.get("content_html") is not None:
        values["content_html"] = sanitize_html(stored_embeds(values["content_html"]))
        media_usage.check_inline_images(session, values["content_html"])
    if "publish_at" in values or "expire_at" in values:
        publish_at = values.get("publish_at", article.publish_at)
        expire_at = values.get("expire_at", article.expire_at)
        if publish_at and expire_at and expire_at <= publish_at:
            raise InvalidInput(
                "expire_at must be later than publish_at",
                loc=["expire_at"],
                kind=EXPIRY_BEFORE_PUBLISH,
            )

    claim_version(session, article, expected_lock_version)
    changed = list(values)
    if "slug" in values:
        _change_slug(session, article, values.pop("slug"))
        assert article.id is not None
        changed_live = live.sync_slug(session, article_id=article.id, slug=article.slug)
        if changed_live is not None:
            # The prepared public JSON carries the slug; re-rendering also logs the change.
            presenters.prepare_public_json(session, [changed_live])
    links = {field: values.pop(field) for field in _LINK_FIELDS if field in values}
    for field, value in values.items():
        setattr(article, field, value)
    if "title" in values:
        article.title_folded = fold(article.title)
    if not article.photo_count_manual:
        article.photo_count = _auto_photo_count(article.content_html, article.image_id)
    if "article_type" in values:
        royalties.refresh_draft(session, article)  # the rates depend on the type
    assert article.id is not None
    article.version_minor += 1
    # A published article keeps showing its live version until this copy is published.
    article.has_unpublished_changes = live.get_live(session, article.id) is not None
    article.updated_at = utcnow()
    article.updated_by = actor.id
    session.add(article)
    assert article.id is not None
    _replace_links(session, article.id, links)
    if "content_html" in values:
        media_usage.record_inline_images(session, article_id=article.id, html=article.content_html)
    revisions.record(
        session,
        article,
        action=action,
        actor_id=actor.id,
        from_status=article.status,
        changed=changed,
        comment=comment,
    )
    session.flush()
    return article
