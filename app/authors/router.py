"""Author profiles: managed by editors (/v1/admin/authors), read by the public (/v1/authors)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from starlette.responses import Response

from app.accounts.deps import CurrentStaff, require_role_somewhere
from app.accounts.models import Role
from app.articles import live
from app.authors import service
from app.authors.models import Author
from app.authors.schemas import (
    AuthorAdmin,
    AuthorCreate,
    AuthorDetail,
    AuthorPublic,
    AuthorUpdate,
)
from app.core.db import SessionDep, utcnow
from app.core.http import (
    PRIVATE_CACHE_CONTROL,
    IfMatch,
    cached_json,
    created_json,
    public_cache_control,
    require_if_match,
    version_etag,
)
from app.core.openapi import problems
from app.core.text import SLUG_PATTERN

admin_router = APIRouter(dependencies=[require_role_somewhere(Role.editor)])
public_router = APIRouter()
AuthorId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _author(session: SessionDep, author_id: AuthorId) -> Author:
    return service.get_author(session, author_id)


AuthorById = Annotated[Author, Depends(_author)]


def _etag(author: Author) -> str:
    assert author.id is not None
    return version_etag("au", author.id, author.lock_version)


def _admin_response(request: Request, author: Author) -> Response:
    return cached_json(request, AuthorAdmin.model_validate(author, from_attributes=True),
                       etag=_etag(author), cache_control=PRIVATE_CACHE_CONTROL)  # fmt: skip


@admin_router.get("", response_model=list[AuthorAdmin])
def list_authors(request: Request, session: SessionDep, _: CurrentStaff) -> Response:
    """Every profile, by name (editors and above)."""
    items = [
        AuthorAdmin.model_validate(a, from_attributes=True).model_dump(mode="json")
        for a in service.list_authors(session)
    ]
    return cached_json(request, items, cache_control=PRIVATE_CACHE_CONTROL)


@admin_router.post("", response_model=AuthorAdmin, status_code=201, responses=problems(409))
def create_author(request: Request, session: SessionDep, data: AuthorCreate) -> Response:
    """A profile for a byline (one per byline, names matched without case or marks)."""
    author = service.create_author(session, data=data)
    return created_json(request, AuthorAdmin.model_validate(author, from_attributes=True),
                        location=f"/v1/admin/authors/{author.id}", etag=_etag(author))  # fmt: skip


@admin_router.get("/{author_id}", response_model=AuthorAdmin)
def get_author(request: Request, author: AuthorById) -> Response:
    return _admin_response(request, author)


@admin_router.patch("/{author_id}", response_model=AuthorAdmin, responses=problems(409))
def update_author(
    request: Request, if_match: IfMatch, session: SessionDep, author: AuthorById,
    data: AuthorUpdate,
) -> Response:  # fmt: skip
    """Change a profile (If-Match required)."""
    require_if_match(if_match, _etag(author))
    return _admin_response(request, service.update_author(session, author=author, data=data))


@admin_router.delete("/{author_id}", status_code=204)
def delete_author(if_match: IfMatch, session: SessionDep, author: AuthorById) -> Response:
    """Delete a profile (If-Match required); the articles keep their bylines."""
    require_if_match(if_match, _etag(author))
    service.delete_author(session, author=author)
    return Response(status_code=204)


@public_router.get("", response_model=list[AuthorPublic])
def public_authors(request: Request, session: SessionDep) -> Response:
    """Author profiles by name, each with its number of live articles."""
    now = utcnow()
    authors = [a.model_dump(mode="json") for a in service.public_authors(session, now=now)]
    return _public(request, session, authors, now)


@public_router.get("/{slug}", response_model=AuthorDetail, responses=problems(404))
def public_author(
    request: Request,
    session: SessionDep,
    slug: Annotated[str, Path(max_length=200, pattern=SLUG_PATTERN)],
) -> Response:
    """One profile with its newest live articles; all of them: `articles_url`."""
    now = utcnow()
    return _public(request, session, service.public_author(session, slug=slug, now=now), now)


def _public(request: Request, session: SessionDep, payload: object, now: datetime) -> Response:
    """Cached until the next go-live or expiry, as the other public lists (catalog_router)."""
    return cached_json(
        request, payload,
        cache_control=public_cache_control(now, live.next_change_at(session, now)),
        last_modified=live.last_change_at(session, now),
        read_at=now,
    )  # fmt: skip
