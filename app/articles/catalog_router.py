"""Public categories and tags: /v1/categories, /v1/tags."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel
from sqlmodel import Session
from starlette.responses import Response

from app.articles import catalog, live
from app.articles.models import Category
from app.core.db import SessionDep, utcnow
from app.core.http import cached_json, public_cache_control
from app.core.openapi import problems
from app.core.text import SLUG_PATTERN, NFCText

categories_router = APIRouter()
tags_router = APIRouter()
resolve_router = APIRouter()


class Resolved(BaseModel):
    id: int
    slug: str
    url: str
    api_url: str


class CategoryNode(BaseModel):
    id: int
    name: str
    slug: str
    description: str
    parent_id: int | None
    article_count: int
    children: list["CategoryNode"]


class TagCount(BaseModel):
    id: int
    name: str
    slug: str
    article_count: int


@categories_router.get("", response_model=list[CategoryNode])
def list_categories(request: Request, session: SessionDep) -> Response:
    """The category tree, each node with the number of live articles in it and below it."""
    now = utcnow()
    return _public_list(request, session, catalog.category_tree(session, now=now), now)


@categories_router.get("/{slug}", response_model=CategoryNode)
def get_category(
    request: Request,
    session: SessionDep,
    slug: Annotated[str, Path(max_length=200, pattern=SLUG_PATTERN)],
) -> Response:
    """One category with its subcategories and live-article counts."""
    now = utcnow()
    node = catalog.find_node(catalog.category_tree(session, now=now), slug)
    return _public_list(request, session, node, now)


@tags_router.get("", response_model=list[TagCount])
def list_tags(
    request: Request,
    session: SessionDep,
    q: Annotated[
        NFCText | None, Query(max_length=100, description="Start of a word of the name, folded")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> Response:
    """Tags of live articles, most used first."""
    now = utcnow()
    tags = catalog.tags_in_use(session, now=now, limit=limit, q=q)
    return _public_list(request, session, tags, now)


@resolve_router.get("", response_model=Resolved, responses=problems(404))
def resolve(
    request: Request,
    session: SessionDep,
    path: Annotated[NFCText, Query(min_length=1, max_length=1000, description="An old URL")],
) -> Response:
    """The live article an address of the old portal (e.g. SharePoint `Pages/…aspx?ItemID=`)
    now is; 404 if none, or if it is not live."""
    now = utcnow()
    article = live.resolve_legacy(session, path=path, now=now)
    category = session.get(Category, article.category_id)
    assert category is not None
    body = Resolved(
        id=article.article_id,
        slug=article.slug,
        url=live.public_url(article, category.slug),
        api_url=f"/v1/articles/{article.article_id}",
    )
    return cached_json(
        request,
        body,
        cache_control=public_cache_control(now, article.expire_at),
        last_modified=live.last_change_at(session, now),
        read_at=now,
    )


def _public_list(request: Request, session: Session, payload: Any, now: datetime) -> Response:
    """A public read that any go-live or expiry may change: cached until the next one, last
    modified at the last change of what the public sees (docs/api.md)."""
    return cached_json(
        request,
        payload,
        cache_control=public_cache_control(now, live.next_change_at(session, now)),
        last_modified=live.last_change_at(session, now),
        read_at=now,
    )
