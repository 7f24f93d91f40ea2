"""Turn article rows into their admin and public shapes, loading what they embed in batches
(one query per kind of link for a whole page, never one per row)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from app.accounts.models import User
from app.accounts.schemas import UserRef
from app.articles.models import (
    Article,
    ArticleAttachment,
    ArticleRelated,
    ArticleStatus,
    ArticleTag,
    Category,
    Tag,
)
from app.articles.schemas import (
    ArticleAdmin,
    ArticleListItem,
    ArticlePublic,
    CategoryRef,
    ImagePublic,
    TagRef,
)
from app.articles.service import is_live
from app.core.config import get_settings
from app.media.models import Media


@dataclass
class _Embeds:
    categories: dict[int, CategoryRef] = field(default_factory=dict)
    tags: dict[int, list[TagRef]] = field(default_factory=dict)
    images: dict[int, ImagePublic] = field(default_factory=dict)


def image_public(media: Media) -> ImagePublic:
    assert media.id is not None
    return ImagePublic(
        id=media.id,
        url=get_settings().media_url.rstrip("/") + "/" + media.storage_key,
        width=media.width,
        height=media.height,
        alt=media.alt,
    )


def _load_embeds(session: Session, articles: Sequence[Article]) -> _Embeds:
    embeds = _Embeds()
    if not articles:
        return embeds
    ids = [a.id for a in articles]
    category_ids = {a.category_id for a in articles}
    for category in session.exec(select(Category).where(col(Category.id).in_(category_ids))):
        assert category.id is not None
        embeds.categories[category.id] = CategoryRef(
            id=category.id, name=category.name, slug=category.slug
        )
    tag_rows = session.exec(
        select(ArticleTag.article_id, Tag)
        .join(Tag, col(Tag.id) == col(ArticleTag.tag_id))
        .where(col(ArticleTag.article_id).in_(ids))
        .order_by(col(ArticleTag.article_id), col(ArticleTag.position))
    ).all()
    for article_id, tag in tag_rows:
        assert tag.id is not None
        embeds.tags.setdefault(article_id, []).append(
            TagRef(id=tag.id, name=tag.name, slug=tag.slug)
        )
    image_ids = {a.image_id for a in articles if a.image_id is not None}
    if image_ids:
        for media in session.exec(select(Media).where(col(Media.id).in_(image_ids))):
            assert media.id is not None
            embeds.images[media.id] = image_public(media)
    return embeds


def _public_fields(article: Article, embeds: _Embeds) -> dict[str, object]:
    assert article.id is not None
    assert article.publish_at is not None
    return {
        "id": article.id,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "image": embeds.images.get(article.image_id) if article.image_id else None,
        "image_caption": article.image_caption,
        "alternate_url": article.alternate_url,
        "published_at": article.publish_at,
        "featured": article.featured,
        "byline": article.byline,
        "article_type": article.article_type,
        "category": embeds.categories[article.category_id],
        "tags": embeds.tags.get(article.id, []),
        "view_count": article.view_count,
        "updated_at": article.updated_at,
    }


def public_list(session: Session, articles: Sequence[Article]) -> list[ArticleListItem]:
    embeds = _load_embeds(session, articles)
    return [ArticleListItem.model_validate(_public_fields(a, embeds)) for a in articles]


def public_detail(session: Session, article: Article) -> ArticlePublic:
    embeds = _load_embeds(session, [article])
    return ArticlePublic.model_validate(
        {**_public_fields(article, embeds), "content_html": article.content_html}
    )


def _ordered_links(
    session: Session,
    link: type[ArticleRelated] | type[ArticleAttachment],
    target: str,
    article_ids: list[int | None],
) -> dict[int, list[int]]:
    """For each article, the ids its ordered link table points at, in editor order."""
    target_column = getattr(link, target)
    links: dict[int, list[int]] = {}
    for article_id, target_id in session.exec(
        select(link.article_id, target_column)
        .where(col(link.article_id).in_(article_ids))
        .order_by(col(link.article_id), col(link.position))
    ):
        links.setdefault(article_id, []).append(target_id)
    return links


def admin_list(
    session: Session, articles: Sequence[Article], *, now: datetime
) -> list[ArticleAdmin]:
    """The admin shape of many articles at once."""
    embeds = _load_embeds(session, articles)
    ids = [a.id for a in articles]
    related = _ordered_links(session, ArticleRelated, "related_id", ids)
    attachments = _ordered_links(session, ArticleAttachment, "media_id", ids)
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
                page_count=a.page_count,
                photo_count=a.photo_count,
                royalty_amount=a.royalty_amount,
                status=ArticleStatus(a.status),
                is_live=is_live(a, now),
                version=a.version,
                view_count=a.view_count,
                created_at=a.created_at,
                created_by=a.created_by,
                updated_at=a.updated_at,
                updated_by=a.updated_by,
            )
        )
    return result


def admin_detail(session: Session, article: Article, *, now: datetime) -> ArticleAdmin:
    return admin_list(session, [article], now=now)[0]
