"""Categories (a tree) and tags (free, created on the fly by name)."""

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, update
from sqlmodel import Session, col, select

from app.articles.models import Article, ArticleLive, ArticleLiveTag, ArticleTag, Category, Tag
from app.articles.schemas import CategoryCreate, CategoryUpdate
from app.core.db import utcnow
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.slugs import first_free_slug, slugs_in_use
from app.core.text import fold_name, nfc, slugify


def unique_slug(session: Session, model: type[Category] | type[Tag], base: str) -> str:
    """`base`, or `base-2`, `base-3`… whichever is free first."""
    base = base or "item"
    return first_free_slug(base, slugs_in_use(session, model.slug, base))


def get_category(session: Session, category_id: int) -> Category:
    category = session.get(Category, category_id)
    if category is None:
        raise NotFound(f"category {category_id} does not exist")
    return category


def list_categories(session: Session) -> Sequence[Category]:
    """Every category, parents before children, siblings by position then name."""
    return session.exec(
        select(Category).order_by(col(Category.position), col(Category.name), col(Category.id))
    ).all()


def descendant_ids(session: Session, category_id: int) -> set[int]:
    """The category and every category below it (the tree is small; walk it in memory)."""
    children: dict[int | None, list[int]] = {}
    for cid, parent in session.exec(select(Category.id, Category.parent_id)).all():
        if cid is not None:
            children.setdefault(parent, []).append(cid)
    found, stack = set(), [category_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found


# Row ids are 32-bit integers; PostgreSQL refuses to compare with anything larger (a 500).
MAX_ROW_ID = 2**31 - 1


def subtree_ids(session: Session, ref: str) -> set[int]:
    """A category given by slug or id (as public filters take it) and every category below it;
    404 when there is no such category."""
    category = (
        (session.get(Category, int(ref)) if int(ref) <= MAX_ROW_ID else None)
        if ref.isdigit()
        else session.exec(select(Category).where(Category.slug == ref)).first()
    )
    if category is None or category.id is None:
        raise NotFound(f"no category {ref!r}")
    return descendant_ids(session, category.id)


def _check_parent(session: Session, *, category_id: int | None, parent_id: int | None) -> None:
    if parent_id is None:
        return
    if session.get(Category, parent_id) is None:
        raise InvalidInput(f"parent category {parent_id} does not exist", loc=["parent_id"])
    if category_id is not None and parent_id in descendant_ids(session, category_id):
        raise InvalidInput("a category cannot be moved under itself", loc=["parent_id"])


def _check_slug_free(session: Session, slug: str, *, own_id: int | None = None) -> None:
    existing = session.exec(select(Category.id).where(Category.slug == slug)).first()
    if existing is not None and existing != own_id:
        raise Conflict(f"slug {slug!r} is used by category {existing}")


def create_category(session: Session, *, data: CategoryCreate) -> Category:
    """Create a category; its slug comes from the name unless given."""
    _check_parent(session, category_id=None, parent_id=data.parent_id)
    if data.slug:
        _check_slug_free(session, data.slug)
        slug = data.slug
    else:
        slug = unique_slug(session, Category, slugify(data.name))
    category = Category(
        name=data.name,
        slug=slug,
        description=data.description,
        parent_id=data.parent_id,
        position=data.position,
    )
    session.add(category)
    session.flush()
    return category


def update_category(session: Session, *, category: Category, data: CategoryUpdate) -> Category:
    """Apply a partial update; moving under a descendant is refused."""
    changes = data.model_dump(exclude_unset=True)
    if changes.get("name") is None:
        changes.pop("name", None)
    if "parent_id" in changes:
        _check_parent(session, category_id=category.id, parent_id=changes["parent_id"])
    if changes.get("slug"):
        _check_slug_free(session, changes["slug"], own_id=category.id)
    elif "slug" in changes:
        changes.pop("slug")
    for field in ("description", "position"):
        if field in changes and changes[field] is None:
            changes.pop(field)
    for field, value in changes.items():
        setattr(category, field, value)
    category.updated_at = utcnow()
    category.lock_version += 1
    session.add(category)
    session.flush()
    if {"name", "slug"} & set(changes):
        _reprepare(session, select(ArticleLive).where(ArticleLive.category_id == category.id))
    return category


def _reprepare(session: Session, live_rows: Any) -> None:
    """Re-render the prepared public JSON of live versions that embed something that changed."""
    from app.articles.presenters import prepare_public_json  # presenters imports this module

    rows = session.exec(live_rows).all()
    for start in range(0, len(rows), 500):
        prepare_public_json(session, rows[start : start + 500])


def delete_category(session: Session, *, category: Category) -> None:
    """Delete an empty leaf category; one with articles or children is kept (409)."""
    has_children = session.exec(
        select(Category.id).where(Category.parent_id == category.id).limit(1)
    ).first()
    if has_children is not None:
        raise Conflict("the category has subcategories; move or delete them first")
    has_articles = (
        session.exec(select(Article.id).where(Article.category_id == category.id).limit(1)).first()
        or session.exec(
            select(ArticleLive.article_id).where(ArticleLive.category_id == category.id).limit(1)
        ).first()
    )
    if has_articles is not None:
        raise Conflict("the category still files articles (trashed ones included)")
    # The public tree changes with it, and a deleted row leaves no time behind: its parent (or,
    # for a top category, the other top ones) counts as changed, so the tree's Last-Modified
    # (app.articles.live.last_change_at) moves on.
    around = (
        col(Category.id) == category.parent_id
        if category.parent_id is not None
        else col(Category.parent_id).is_(None)
    )
    session.execute(update(Category).where(around).values(updated_at=utcnow()))
    session.delete(category)
    session.flush()


def tag_key(name: str) -> str:
    return nfc(name).strip().casefold()


def get_or_create_tags(session: Session, names: Iterable[str]) -> list[Tag]:
    """The tags with these names in the given order, creating the missing ones."""
    ordered: dict[str, str] = {}
    for name in names:
        ordered.setdefault(tag_key(name), nfc(name).strip())
    if not ordered:
        return []
    existing = {tag.key: tag for tag in session.exec(select(Tag).where(col(Tag.key).in_(ordered)))}
    tags = []
    for key, name in ordered.items():
        tag = existing.get(key)
        if tag is None:
            tag = Tag(
                name=name,
                key=key,
                folded=fold_name(name),
                slug=unique_slug(session, Tag, slugify(name)),
            )
            session.add(tag)
            session.flush()
        tags.append(tag)
    return tags


def create_tag(session: Session, *, name: str) -> Tag:
    """Create a tag; an existing tag with the same name is a 409."""
    if session.exec(select(Tag.id).where(Tag.key == tag_key(name))).first() is not None:
        raise Conflict(f"tag {name!r} exists")
    return get_or_create_tags(session, [name])[0]


def list_tags(session: Session, *, q: str | None, limit: int) -> Sequence[Tag]:
    """Tags by name, optionally those with a word starting with `q`, folded (autocomplete)."""
    stmt = select(Tag).order_by(col(Tag.key)).limit(limit)
    if q:
        stmt = stmt.where(folded_words_start_with(q))
    return session.exec(stmt).all()


def folded_words_start_with(q: str) -> ColumnElement[bool]:
    """Tags with a word that starts with `q`, both folded: "dan" and "Dân" find "Dân vận",
    "van" too, "da" finds "Đà Nẵng"."""
    wanted = fold_name(q)
    folded = col(Tag.folded)
    return or_(
        folded.startswith(wanted, autoescape=True),
        folded.contains(" " + wanted, autoescape=True),
    )


def get_tag(session: Session, tag_id: int) -> Tag:
    tag = session.get(Tag, tag_id)
    if tag is None:
        raise NotFound(f"tag {tag_id} does not exist")
    return tag


def delete_tag(session: Session, *, tag: Tag) -> None:
    """Delete a tag and detach it from every article, live versions included."""
    tagged = list(
        session.exec(select(ArticleLiveTag.article_id).where(ArticleLiveTag.tag_id == tag.id)).all()
    )
    for link in (ArticleTag, ArticleLiveTag):
        session.execute(delete(link).where(col(link.tag_id) == tag.id))
    session.delete(tag)
    session.flush()
    if tagged:
        _reprepare(session, select(ArticleLive).where(col(ArticleLive.article_id).in_(tagged)))


def get_category_or_invalid(session: Session, category_id: int) -> Category:
    """The category an article is filed under; an unknown id is bad input (422), not a 404."""
    category = session.get(Category, category_id)
    if category is None:
        raise InvalidInput(f"category {category_id} does not exist", loc=["category_id"])
    return category
