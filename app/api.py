"""The one place where domain routers are mounted.

Each router is included straight into the app, hottest public reads first: FastAPI (0.165)
resolves included routers lazily on every request, so each level of nesting and each router
tried before the right one costs time on every request (docs/performance.md).
"""

from fastapi import Depends, FastAPI

from app.accounts.admin_router import api_keys_router, audit_router, users_router
from app.accounts.deps import public_access
from app.accounts.router import router as auth_router
from app.articles.admin_router import router as admin_articles_router
from app.articles.catalog_router import categories_router as public_categories_router
from app.articles.catalog_router import resolve_router
from app.articles.catalog_router import tags_router as public_tags_router
from app.articles.public_router import HotDetailRoute
from app.articles.public_router import router as public_articles_router
from app.articles.taxonomy_router import categories_router, tags_router
from app.authors.router import admin_router as admin_authors_router
from app.authors.router import public_router as public_authors_router
from app.feeds.router import feeds_router, sitemaps_router
from app.media.router import files_router as media_files_router
from app.media.router import router as admin_media_router
from app.ops.router import router as ops_router
from app.related.router import RelatedRoute
from app.related.router import admin_router as related_admin_router
from app.related.router import public_router as public_related_router
from app.revisions.router import router as revisions_router
from app.royalties.router import rates_router, reports_router, royalty_router
from app.sync.router import router as sync_router
from app.views.router import BeaconRoute
from app.views.router import admin_router as views_admin_router
from app.views.router import public_router as views_public_router
from app.webhooks.router import router as webhooks_router
from app.workflow.router import admin_router as workflow_admin_router
from app.workflow.router import preview_router, workflow_router


def include_routers(app: FastAPI) -> None:
    # Ahead of everything: the public detail's fast lane (see HotDetailRoute).
    app.router.routes.insert(0, HotDetailRoute())
    app.router.routes.insert(1, BeaconRoute())  # the view beacon's fast lane
    app.router.routes.insert(2, RelatedRoute())  # the related list's fast lane
    # Before the public articles router, whose /{article_id} would take /most-read.
    app.include_router(
        views_public_router,
        prefix="/v1/articles",
        tags=["views"],
        dependencies=[Depends(public_access)],
    )
    # Before the articles router, whose `/{article_id}` would answer 422 for it.
    app.include_router(
        public_related_router,
        prefix="/v1/articles",
        tags=["articles"],
        dependencies=[Depends(public_access)],
    )
    app.include_router(
        public_articles_router,
        prefix="/v1/articles",
        tags=["articles"],
        dependencies=[Depends(public_access)],
    )
    app.include_router(
        public_categories_router,
        prefix="/v1/categories",
        tags=["categories"],
        dependencies=[Depends(public_access)],
    )
    app.include_router(
        public_tags_router, prefix="/v1/tags", tags=["tags"], dependencies=[Depends(public_access)]
    )
    app.include_router(
        resolve_router,
        prefix="/v1/resolve",
        tags=["articles"],
        dependencies=[Depends(public_access)],
    )
    app.include_router(
        public_authors_router,
        prefix="/v1/authors",
        tags=["authors"],
        dependencies=[Depends(public_access)],
    )
    app.include_router(ops_router, tags=["operations"])
    app.include_router(sync_router, prefix="/v1/sync", tags=["sync"])
    app.include_router(auth_router, prefix="/v1/auth", tags=["auth"])
    app.include_router(admin_articles_router, prefix="/v1/admin/articles", tags=["admin: articles"])
    app.include_router(workflow_admin_router, prefix="/v1/admin/articles", tags=["admin: workflow"])
    app.include_router(revisions_router, prefix="/v1/admin/articles", tags=["admin: revisions"])
    app.include_router(royalty_router, prefix="/v1/admin/articles", tags=["admin: royalties"])
    app.include_router(
        related_admin_router, prefix="/v1/admin/articles", tags=["admin: related articles"]
    )
    app.include_router(views_admin_router, prefix="/v1/admin/articles", tags=["admin: views"])
    app.include_router(rates_router, prefix="/v1/admin/royalty-rates", tags=["admin: royalties"])
    app.include_router(reports_router, prefix="/v1/admin/reports", tags=["admin: reports"])
    app.include_router(workflow_router, prefix="/v1/admin/workflow", tags=["admin: workflow"])
    app.include_router(preview_router, prefix="/v1/preview/articles", tags=["preview"])
    app.include_router(categories_router, prefix="/v1/admin/categories", tags=["admin: categories"])
    app.include_router(tags_router, prefix="/v1/admin/tags", tags=["admin: tags"])
    app.include_router(admin_authors_router, prefix="/v1/admin/authors", tags=["admin: authors"])
    app.include_router(users_router, prefix="/v1/admin/users", tags=["admin: users"])
    app.include_router(api_keys_router, prefix="/v1/admin/api-keys", tags=["admin: API keys"])
    app.include_router(audit_router, prefix="/v1/admin/audit", tags=["admin: audit"])
    app.include_router(webhooks_router, prefix="/v1/admin/webhooks", tags=["admin: webhooks"])
    app.include_router(admin_media_router, prefix="/v1/admin/media", tags=["admin: media"])
    app.include_router(media_files_router, prefix="/media", tags=["media"])
    app.include_router(
        feeds_router, prefix="/v1/feeds", tags=["feeds"], dependencies=[Depends(public_access)]
    )
    app.include_router(sitemaps_router, tags=["feeds"], dependencies=[Depends(public_access)])
