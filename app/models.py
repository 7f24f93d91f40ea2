"""Imports every table so SQLModel.metadata is complete (Alembic and tests read it from here)."""

from app.accounts.models import ApiKey, AuditEvent, CategoryGrant, LoginThrottle, User
from app.articles.models import (
    Article,
    ArticleAttachment,
    ArticleHistory,
    ArticleLegacyUrl,
    ArticleLive,
    ArticleLiveTag,
    ArticleRelated,
    ArticleSlugRedirect,
    ArticleTag,
    Category,
    Tag,
)
from app.authors.models import Author
from app.core.db import metadata
from app.desk.models import DeskSession
from app.events.models import OutboxEvent
from app.media.models import (
    ArticleInlineImage,
    ArticleLiveAttachment,
    ArticleLiveInlineImage,
    Media,
)
from app.notifications.models import Notification
from app.related.models import (
    ArticleLiveRelated,
    RelatedStale,
    RelatedSuggestion,
    RelatedTerm,
    RelatedTermStat,
)
from app.revisions.models import ArticleRevision
from app.royalties.models import (
    ArticleRoyalty,
    RoyaltyAdjustment,
    RoyaltyLine,
    RoyaltyRate,
    RoyaltyRateTable,
)
from app.sharepoint.models import SharePointFile, SharePointItem
from app.sync.models import SyncChange, SyncClock
from app.views.models import ViewDaily, ViewImport, ViewSeen
from app.webhooks.models import WebhookDelivery, WebhookEndpoint

__all__ = [
    "ApiKey",
    "Article",
    "ArticleAttachment",
    "ArticleHistory",
    "ArticleInlineImage",
    "ArticleLegacyUrl",
    "ArticleLive",
    "ArticleLiveAttachment",
    "ArticleLiveInlineImage",
    "ArticleLiveRelated",
    "ArticleLiveTag",
    "ArticleRelated",
    "ArticleRevision",
    "ArticleRoyalty",
    "ArticleSlugRedirect",
    "ArticleTag",
    "AuditEvent",
    "Author",
    "Category",
    "CategoryGrant",
    "DeskSession",
    "LoginThrottle",
    "Media",
    "Notification",
    "OutboxEvent",
    "RelatedStale",
    "RelatedSuggestion",
    "RelatedTerm",
    "RelatedTermStat",
    "RoyaltyAdjustment",
    "RoyaltyLine",
    "RoyaltyRate",
    "RoyaltyRateTable",
    "SharePointFile",
    "SharePointItem",
    "SyncChange",
    "SyncClock",
    "Tag",
    "User",
    "ViewDaily",
    "ViewImport",
    "ViewSeen",
    "WebhookDelivery",
    "WebhookEndpoint",
    "metadata",
]
