"""The rules of author profiles: one per byline, a photo that is an image, a staff account
linked at most once; and the public reading of them (live articles only)."""

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

import orjson
from sqlalchemy import func
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.articles.live import visible_clause
from app.articles.models import Article, ArticleLive
from app.articles.presenters import list_entry
from app.authors.models import Author
from app.authors.schemas import AuthorCreate, AuthorDetail, AuthorPublic, AuthorUpdate
from app.core.db import utcnow
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.slugs import first_free_slug, slugs_in_use
from app.core.text import fold_name, slugify
from app.media import embed as media_embed
from app.media.models import Media
from app.media.schemas import ImagePublic

LATEST = 10


def get_author(session: Session, author_id: int) -> Author:
    author = session.get(Author, author_id)
    if author is None:
        raise NotFound(f"author {author_id} does not exist")
    return author


def list_authors(session: Session) -> Sequence[Author]:
    return session.exec(select(Author).order_by(col(Author.name_folded), col(Author.id))).all()


def create_author(session: Session, *, data: AuthorCreate) -> Author:
    _check(session, data.model_dump(), own_id=None)
    slug = data.slug or first_free_slug(
        base := slugify(data.name) or "tac-gia", slugs_in_use(session, Author.slug, base)
    )
    author = Author(name=data.name, name_folded=fold_name(data.name), slug=slug, bio=data.bio,
                    photo_id=data.photo_id, user_id=data.user_id)  # fmt: skip
    session.add(author)
    session.flush()
    return author


def update_author(session: Session, *, author: Author, data: AuthorUpdate) -> Author:
    changes = data.model_dump(exclude_unset=True)
    for field in ("name", "slug", "bio"):
        if field in changes and changes[field] is None:
            raise InvalidInput(f"{field} cannot be null", loc=[field])
    _check(session, changes, own_id=author.id)
    for field, value in changes.items():
        setattr(author, field, value)
    author.name_folded = fold_name(author.name)
    author.updated_at = utcnow()
    author.lock_version += 1
    session.add(author)
    session.flush()
    return author


def delete_author(session: Session, *, author: Author) -> None:
    """Only the profile goes: the articles keep their bylines."""
    session.delete(author)
    session.flush()


def _check(session: Session, values: dict[str, object], *, own_id: int | None) -> None:
    others = select(Author.id).where(col(Author.id) != own_id) if own_id else select(Author.id)
    name = values.get("name")
    if (
        isinstance(name, str)
        and session.exec(others.where(Author.name_folded == fold_name(name))).first()
    ):
        raise _taken("name", "another profile has this byline (names match without case or marks)")
    slug = values.get("slug")
    if isinstance(slug, str) and session.exec(others.where(Author.slug == slug)).first():
        raise _taken("slug", f"slug {slug!r} is used by another profile")
    photo_id = values.get("photo_id")
    if photo_id is not None:
        photo = session.get(Media, photo_id)
        if photo is None or photo.kind != "image":
            raise InvalidInput("photo_id must name an uploaded image", loc=["photo_id"])
    user_id = values.get("user_id")
    if user_id is not None:
        if session.get(User, user_id) is None:
            raise InvalidInput("user_id must name a staff user", loc=["user_id"])
        if session.exec(others.where(Author.user_id == user_id)).first():
            raise _taken("user_id", "this account already has a profile")


def _taken(field: str, detail: str) -> Conflict:
    # The field is named, as a schema's refusal names it, for clients (the desk) to point at.
    return Conflict(detail, errors=[{"loc": ["body", field], "msg": detail, "type": "taken"}])


# --- the public reading ----------------------------------------------------------------------


def public_authors(session: Session, *, now: datetime) -> list[AuthorPublic]:
    authors = list_authors(session)
    counts = _live_counts(session, [a.name_folded for a in authors], now=now)
    photos = media_embed.images_by_id(session, {a.photo_id for a in authors if a.photo_id})
    return [_public(a, counts.get(a.name_folded, 0), photos) for a in authors]


def public_author(session: Session, *, slug: str, now: datetime) -> AuthorDetail:
    author = session.exec(select(Author).where(Author.slug == slug)).first()
    if author is None:
        raise NotFound(f"no author {slug!r}")
    counts = _live_counts(session, [author.name_folded], now=now)
    photos = media_embed.images_by_id(session, {author.photo_id} if author.photo_id else set())
    rows = session.exec(
        select(ArticleLive.list_json, Article.view_count)
        .join(Article, col(Article.id) == col(ArticleLive.article_id))
        .where(visible_clause(now), col(ArticleLive.byline_folded) == author.name_folded)
        .order_by(col(ArticleLive.publish_at).desc(), col(ArticleLive.article_id).desc())
        .limit(LATEST)
    ).all()
    latest = [orjson.loads(list_entry(j, views)) for j, views in rows if j is not None]
    shape = _public(author, counts.get(author.name_folded, 0), photos)
    return AuthorDetail(**shape.model_dump(), latest=latest)


def _live_counts(session: Session, names: list[str], *, now: datetime) -> dict[str, int]:
    if not names:
        return {}
    rows = session.exec(
        select(ArticleLive.byline_folded, func.count())
        .where(visible_clause(now), col(ArticleLive.byline_folded).in_(names))
        .group_by(col(ArticleLive.byline_folded))
    ).all()
    return dict(rows)


def _public(author: Author, count: int, photos: dict[int, ImagePublic]) -> AuthorPublic:
    assert author.id is not None
    return AuthorPublic(
        id=author.id, name=author.name, slug=author.slug, bio=author.bio,
        photo=photos.get(author.photo_id) if author.photo_id else None,
        article_count=count,
        articles_url=f"/v1/articles?author={quote(author.name)}",
    )  # fmt: skip
