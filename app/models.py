"""Imports every table so SQLModel.metadata is complete (Alembic and tests read it from here)."""

from app.accounts.models import ApiKey, AuditEvent, CategoryGrant, LoginThrottle, User
from app.articles.models import (
    Article,
    ArticleAttachment,
    ArticleHistory,
    ArticleRelated,
    ArticleSlugRedirect,
    ArticleTag,
    Category,
    Tag,
)
from app.core.db import metadata
from app.media.models import Media

__all__ = [
    "ApiKey",
    "Article",
    "ArticleAttachment",
    "ArticleHistory",
    "ArticleRelated",
    "ArticleSlugRedirect",
    "ArticleTag",
    "AuditEvent",
    "Category",
    "CategoryGrant",
    "LoginThrottle",
    "Media",
    "Tag",
    "User",
    "metadata",
]
