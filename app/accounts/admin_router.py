"""Admin-only management of staff, their category grants, API keys, and the audit trail."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from app.accounts import api_keys, audit, service
from app.accounts.deps import CurrentStaff, require_site_role
from app.accounts.models import ApiKey, Role, User
from app.accounts.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyPublic,
    AuditEventPublic,
    GrantCreate,
    GrantPublic,
    PasswordReset,
    UserCreate,
    UserPublic,
    UserUpdate,
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
from app.core.pagination import (
    DEFAULT_LIMIT,
    CursorQuery,
    LimitQuery,
    Page,
    decode_id_cursor,
    encode_cursor,
    next_link,
)

AdminOnly = [require_site_role(Role.admin)]
users_router = APIRouter(dependencies=AdminOnly)
api_keys_router = APIRouter(dependencies=AdminOnly)
audit_router = APIRouter(dependencies=AdminOnly)

PathId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _user(session: SessionDep, user_id: PathId) -> User:
    return service.get_user(session, user_id)


def _key(session: SessionDep, key_id: PathId) -> ApiKey:
    return api_keys.get_api_key(session, key_id)


UserById = Annotated[User, Depends(_user)]
ApiKeyById = Annotated[ApiKey, Depends(_key)]


def _user_etag(user: User) -> str:
    assert user.id is not None
    return version_etag("u", user.id, user.lock_version)


def _user_response(request: Request, user: User) -> Response:
    return cached_json(
        request,
        UserPublic.model_validate(user),
        etag=_user_etag(user),
        cache_control=PRIVATE_CACHE_CONTROL,
    )


@users_router.post("", response_model=UserPublic, status_code=201, responses=problems(409))
def create_user(
    request: Request, session: SessionDep, admin: CurrentStaff, data: UserCreate
) -> Response:
    """Create a staff user (admin)."""
    user = service.create_user_from(session, data=data, actor=admin)
    return created_json(
        request,
        UserPublic.model_validate(user),
        location=f"/v1/admin/users/{user.id}",
        etag=_user_etag(user),
    )


@users_router.get("", response_model=Page[UserPublic])
def list_users(
    request: Request,
    session: SessionDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Response:
    """Staff users by id, service accounts of API keys included."""
    rows = service.list_users(session, after_id=decode_id_cursor(cursor), limit=limit + 1)
    next_cursor = encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    page = Page[UserPublic](
        items=[UserPublic.model_validate(u) for u in rows[:limit]], next_cursor=next_cursor
    )
    return cached_json(
        request, page, cache_control=PRIVATE_CACHE_CONTROL,
        headers=next_link(request, next_cursor),
    )  # fmt: skip


@users_router.get("/{user_id}", response_model=UserPublic)
def get_user(request: Request, user: UserById) -> Response:
    """One staff user, with the ETag to send back when changing them."""
    return _user_response(request, user)


@users_router.patch("/{user_id}", response_model=UserPublic, responses=problems(409))
def update_user(
    request: Request,
    if_match: IfMatch,
    session: SessionDep,
    admin: CurrentStaff,
    user: UserById,
    data: UserUpdate,
) -> Response:
    """Change display name, email, site-wide role or active flag (If-Match required)."""
    require_if_match(if_match, _user_etag(user))
    return _user_response(request, service.update_user(session, user=user, data=data, actor=admin))


@users_router.delete("/{user_id}", response_model=UserPublic, responses=problems(409))
def deactivate_user(
    request: Request, if_match: IfMatch, session: SessionDep, admin: CurrentStaff, user: UserById
) -> Response:
    """Deactivate a user (If-Match required). Users are never deleted: their articles and
    history keep pointing to them. Their tokens stop working at once."""
    require_if_match(if_match, _user_etag(user))
    return _user_response(request, service.deactivate_user(session, user=user, actor=admin))


@users_router.post("/{user_id}/password", response_model=UserPublic, responses=problems(409))
def reset_password(
    request: Request,
    if_match: IfMatch,
    session: SessionDep,
    admin: CurrentStaff,
    user: UserById,
    data: PasswordReset,
) -> Response:
    """Set a new password for a user who lost theirs (If-Match required; audited). Their
    tokens stop working at once; the password is never shown back."""
    require_if_match(if_match, _user_etag(user))
    return _user_response(
        request,
        service.reset_password(session, user=user, new_password=data.new_password, actor=admin),
    )


@users_router.get("/{user_id}/grants", response_model=list[GrantPublic])
def list_grants(request: Request, session: SessionDep, user: UserById) -> Response:
    """The user's category grants."""
    assert user.id is not None
    grants = [GrantPublic.model_validate(g).model_dump(mode="json")
              for g in service.list_grants(session, user_id=user.id)]  # fmt: skip
    return cached_json(request, grants, cache_control=PRIVATE_CACHE_CONTROL)


@users_router.post(
    "/{user_id}/grants", response_model=GrantPublic, status_code=201, responses=problems(409)
)
def add_grant(
    request: Request, session: SessionDep, admin: CurrentStaff, user: UserById, data: GrantCreate
) -> Response:
    """Grant a role on a category and everything below it."""
    grant = service.add_grant(session, user=user, data=data, actor=admin)
    return created_json(
        request,
        GrantPublic.model_validate(grant),
        location=f"/v1/admin/users/{user.id}/grants/{grant.id}",
    )


@users_router.delete("/{user_id}/grants/{grant_id}", status_code=204)
def remove_grant(
    session: SessionDep, admin: CurrentStaff, user: UserById, grant_id: PathId
) -> Response:
    """Withdraw a grant; effective on the next request."""
    service.remove_grant(session, user=user, grant_id=grant_id, actor=admin)
    return Response(status_code=204)


@api_keys_router.post("", response_model=ApiKeyCreated, status_code=201)
def create_api_key(
    request: Request, session: SessionDep, admin: CurrentStaff, data: ApiKeyCreate
) -> Response:
    """Create an API key. The secret is in this response only; it is stored as a hash."""
    key, secret = api_keys.create_api_key(session, data=data, actor=admin)
    created = ApiKeyCreated(**api_keys.public_form(session, key).model_dump(), key=secret)
    return created_json(request, created, location=f"/v1/admin/api-keys/{key.id}")


@api_keys_router.get("", response_model=list[ApiKeyPublic])
def list_api_keys(request: Request, session: SessionDep) -> Response:
    """Every key (never the secret): prefix, scopes, role, created, last used, expiry."""
    keys = [api_keys.public_form(session, k).model_dump(mode="json")
            for k in api_keys.list_api_keys(session)]  # fmt: skip
    return cached_json(request, keys, cache_control=PRIVATE_CACHE_CONTROL)


@api_keys_router.get("/{key_id}", response_model=ApiKeyPublic)
def get_api_key(request: Request, session: SessionDep, key: ApiKeyById) -> Response:
    """One key (never the secret)."""
    return cached_json(
        request, api_keys.public_form(session, key), cache_control=PRIVATE_CACHE_CONTROL
    )


@api_keys_router.delete("/{key_id}", response_model=ApiKeyPublic)
def revoke_api_key(session: SessionDep, admin: CurrentStaff, key: ApiKeyById) -> ApiKeyPublic:
    """Revoke a key: the very next request with it is refused."""
    return api_keys.public_form(session, api_keys.revoke_api_key(session, key=key, actor=admin))


@audit_router.get("", response_model=Page[AuditEventPublic])
def list_audit_events(
    request: Request,
    session: SessionDep,
    cursor: CursorQuery = None,
    limit: Annotated[int, Query(ge=1, le=100)] = DEFAULT_LIMIT,
) -> Response:
    """Account, grant and key changes, newest first."""
    rows = audit.list_events(session, before_id=decode_id_cursor(cursor), limit=limit + 1)
    next_cursor = encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    page = Page[AuditEventPublic](
        items=[AuditEventPublic.model_validate(e) for e in rows[:limit]], next_cursor=next_cursor
    )
    return cached_json(
        request, page, cache_control=PRIVATE_CACHE_CONTROL,
        headers=next_link(request, next_cursor),
    )  # fmt: skip
