"""The one place where domain routers are mounted."""

from fastapi import APIRouter

from app.accounts.router import router as auth_router
from app.articles.admin_router import router as admin_articles_router
from app.articles.public_router import router as public_articles_router
from app.articles.taxonomy_router import categories_router, tags_router
from app.ops.router import router as ops_router

api_router = APIRouter()
api_router.include_router(ops_router, tags=["operations"])
api_router.include_router(auth_router, prefix="/v1/auth", tags=["auth"])
api_router.include_router(public_articles_router, prefix="/v1/articles", tags=["articles"])
api_router.include_router(
    admin_articles_router, prefix="/v1/admin/articles", tags=["admin: articles"]
)
api_router.include_router(
    categories_router, prefix="/v1/admin/categories", tags=["admin: categories"]
)
api_router.include_router(tags_router, prefix="/v1/admin/tags", tags=["admin: tags"])
