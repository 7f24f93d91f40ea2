"""Management API for categories (/v1/admin/categories) and tags (/v1/admin/tags)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.accounts.deps import CurrentStaff, require_role_somewhere, require_site_role
from app.accounts.models import Role
from app.articles import taxonomy
from app.articles.deps import CategoryById, TagById
from app.articles.models import Category
from app.articles.schemas import (
    CategoryAdmin,
    CategoryCreate,
    CategoryUpdate,
    TagAdmin,
    TagCreate,
)
from app.core.db import SessionDep
from app.core.http import (
    PRIVATE_CACHE_CONTROL,
    IfMatch,
    cached_json,
    created_json,
    require_if_match,
    version_etag,
)
from app.core.openapi import problems
from app.core.text import NFCText

categories_router = APIRouter()
tags_router = APIRouter()

AdminOnly = [require_site_role(Role.admin)]
EditorOrAbove = [require_role_somewhere(Role.editor)]


def _category_response(request: Request, category: Category) -> Response:
    assert category.id is not None
    return cached_json(
        request,
        CategoryAdmin.model_validate(category),
        etag=version_etag("c", category.id, category.lock_version),
        cache_control=PRIVATE_CACHE_CONTROL,
    )


@categories_router.get("", response_model=list[CategoryAdmin])
def list_categories(request: Request, session: SessionDep, _: CurrentStaff) -> Response:
    """Every category as a flat list (parent_id gives the tree), ordered by position."""
    items = [
        CategoryAdmin.model_validate(c).model_dump(mode="json")
        for c in taxonomy.list_categories(session)
    ]
    return cached_json(request, items, cache_control=PRIVATE_CACHE_CONTROL)


@categories_router.post(
    "",
    response_model=CategoryAdmin,
    status_code=201,
    dependencies=AdminOnly,
    responses=problems(409),
)
def create_category(request: Request, session: SessionDep, data: CategoryCreate) -> Response:
    """Create a category (admin); the slug comes from the name unless given."""
    category = taxonomy.create_category(session, data=data)
    assert category.id is not None
    return created_json(
        request,
        CategoryAdmin.model_validate(category),
        location=f"/v1/admin/categories/{category.id}",
        etag=version_etag("c", category.id, category.lock_version),
    )


@categories_router.get("/{category_id}", response_model=CategoryAdmin)
def get_category(request: Request, category: CategoryById, _: CurrentStaff) -> Response:
    """One category, with the ETag to send back when changing it."""
    return _category_response(request, category)


@categories_router.patch(
    "/{category_id}", response_model=CategoryAdmin, dependencies=AdminOnly, responses=problems(409)
)
def update_category(
    request: Request,
    if_match: IfMatch,
    session: SessionDep,
    category: CategoryById,
    data: CategoryUpdate,
) -> Response:
    """Rename, re-slug or move a category (admin, If-Match required)."""
    assert category.id is not None
    require_if_match(if_match, version_etag("c", category.id, category.lock_version))
    return _category_response(
        request, taxonomy.update_category(session, category=category, data=data)
    )


@categories_router.delete(
    "/{category_id}", status_code=204, dependencies=AdminOnly, responses=problems(409)
)
def delete_category(
    request: Request, if_match: IfMatch, session: SessionDep, category: CategoryById
) -> Response:
    """Delete an empty leaf category (admin, If-Match required)."""
    assert category.id is not None
    require_if_match(if_match, version_etag("c", category.id, category.lock_version))
    taxonomy.delete_category(session, category=category)
    return Response(status_code=204)


@tags_router.get("", response_model=list[TagAdmin])
def list_tags(
    request: Request,
    session: SessionDep,
    _: CurrentStaff,
    q: Annotated[
        NFCText | None, Query(max_length=100, description="Start of a word of the name, folded")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> Response:
    """Tags by name; `q` finds names with a word starting with it, folded (autocomplete)."""
    items = [
        TagAdmin.model_validate(t).model_dump(mode="json")
        for t in taxonomy.list_tags(session, q=q, limit=limit)
    ]
    return cached_json(request, items, cache_control=PRIVATE_CACHE_CONTROL)


@tags_router.post(
    "",
    response_model=TagAdmin,
    status_code=201,
    dependencies=EditorOrAbove,
    responses=problems(409),
)
def create_tag(request: Request, session: SessionDep, data: TagCreate) -> Response:
    """Create a tag (editors and up); articles also create tags on the fly by name."""
    tag = taxonomy.create_tag(session, name=data.name)
    return created_json(request, TagAdmin.model_validate(tag), location=f"/v1/admin/tags/{tag.id}")


@tags_router.get("/{tag_id}", response_model=TagAdmin)
def get_tag(request: Request, tag: TagById, _: CurrentStaff) -> Response:
    """One tag."""
    return cached_json(request, TagAdmin.model_validate(tag), cache_control=PRIVATE_CACHE_CONTROL)


@tags_router.delete("/{tag_id}", status_code=204, dependencies=EditorOrAbove)
def delete_tag(session: SessionDep, tag: TagById) -> Response:
    """Delete a tag and detach it from its articles (editors and up)."""
    taxonomy.delete_tag(session, tag=tag)
    return Response(status_code=204)
