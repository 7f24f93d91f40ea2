"""Who is calling: staff (a bearer JWT, or an API key with a staff role) and machine clients."""

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from starlette.concurrency import run_in_threadpool

from app.accounts import api_keys
from app.accounts.models import ApiKey, Role, User
from app.accounts.permissions import Principal, load_principal
from app.core.config import get_settings
from app.core.db import SessionDep, request_session
from app.core.errors import Forbidden, Unauthorized
from app.core.openapi import answers
from app.core.security import decode_access_token

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/v1/auth/token", auto_error=False)
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)

BearerCredential = Annotated[str | None, Depends(oauth2_scheme)]
HeaderKey = Annotated[str | None, Depends(api_key_header)]


def api_key_from(session: SessionDep, bearer: str | None, header_key: str | None) -> ApiKey | None:
    """The API key the request carries (X-API-Key, or a bearer credential that is a key)."""
    secret = header_key or (bearer if bearer and api_keys.looks_like_key(bearer) else None)
    if secret is None:
        return None
    key = api_keys.authenticate_key(session, secret)
    if key is None:
        raise Unauthorized("the API key is unknown, revoked or expired")
    return key


def _user_from_token(session: SessionDep, token: str) -> User:
    claims = decode_access_token(token)
    if claims is None:
        raise Unauthorized("the token is invalid or expired")
    try:
        user_id = int(claims["sub"])
    except (TypeError, ValueError):
        raise Unauthorized("the token is invalid or expired") from None
    user = session.get(User, user_id)
    # token_version is bumped on deactivation and password change: old tokens die at once.
    if user is None or not user.is_active or user.token_version != claims["ver"]:
        raise Unauthorized("the token is no longer valid")
    return user


@answers(401, 403)
def get_current_user(session: SessionDep, bearer: BearerCredential, header_key: HeaderKey) -> User:
    """The staff user behind the request: a person's token, or a role key's service account."""
    key = api_key_from(session, bearer, header_key)
    if key is not None:
        user = session.get(User, key.user_id) if key.user_id is not None else None
        if user is None or not user.is_active:
            raise Forbidden("this API key has no staff role")
        return user
    if not bearer:
        raise Unauthorized("a bearer token or an API key is required")
    return _user_from_token(session, bearer)


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_current_staff(session: SessionDep, user: CurrentUser) -> Principal:
    return load_principal(session, user)


CurrentStaff = Annotated[Principal, Depends(get_current_staff)]


def require_site_role(minimum: Role) -> Any:
    """Let through staff whose site-wide role is at least `minimum` (users, keys, categories)."""

    @answers(403)
    def _check(principal: CurrentStaff) -> Principal:
        if principal.site_role is None or principal.site_role.rank < minimum.rank:
            raise Forbidden(f"requires the site-wide {minimum.value} role")
        return principal

    return Depends(_check)


def require_role_somewhere(minimum: Role) -> Any:
    """Let through staff who hold at least `minimum` site-wide or in some category."""

    @answers(403)
    def _check(principal: CurrentStaff) -> Principal:
        if not principal.holds_somewhere(minimum):
            raise Forbidden(f"requires the {minimum.value} role")
        return principal

    return Depends(_check)


def require_scope(scope: str) -> Any:
    """Let through machine clients whose API key carries `scope` (e.g. "sync")."""

    # Documented with the API key scheme alone: a key sent as a bearer credential works too,
    # but a staff token never does.
    @answers(401, 403, security=[{"APIKeyHeader": []}])
    def _check(session: SessionDep, bearer: BearerCredential, header_key: HeaderKey) -> ApiKey:
        key = api_key_from(session, bearer, header_key)
        if key is None:
            raise Unauthorized(f"an API key with the {scope!r} scope is required")
        if scope not in api_keys.key_scopes(key):
            raise Forbidden(f"this API key lacks the {scope!r} scope")
        return key

    return Depends(_check)


def _public_requires_key() -> bool:
    return get_settings().public_requires_key


# Documented as open unless the site requires a key: a generated client then reads the open
# delivery API without credentials (openapi-python-client types any secured operation's client
# as an authenticated one).
@answers(401, security=[{"APIKeyHeader": []}], only_if=_public_requires_key)
async def public_access(request: Request) -> None:
    """With NEWSDESK_PUBLIC_REQUIRES_KEY, the delivery API serves only callers with a key.

    Async on purpose: on the (default) open API it costs no thread hop on the hottest paths.
    """
    if not get_settings().public_requires_key:
        return
    await run_in_threadpool(_require_key, request)


def _require_key(request: Request) -> None:
    scheme, _, credential = request.headers.get("authorization", "").partition(" ")
    bearer = credential if scheme.lower() == "bearer" else None
    with request_session(write=False) as session:
        key = api_key_from(session, bearer, request.headers.get("x-api-key"))
        session.commit()  # keeps the recorded last use
    if key is None:
        raise Unauthorized("this API requires an API key")
