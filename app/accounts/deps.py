"""Who is calling: the staff user behind a bearer token."""

from typing import Annotated, Any

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from app.accounts.models import Role, User
from app.core.db import SessionDep
from app.core.errors import Forbidden, Unauthorized
from app.core.security import decode_access_token

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/v1/auth/token", auto_error=False)


def get_current_staff(
    session: SessionDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> User:
    if not token:
        raise Unauthorized("a bearer token is required")
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


CurrentStaff = Annotated[User, Depends(get_current_staff)]


def require_role(minimum: Role) -> Any:
    """A dependency that lets through staff whose site-wide role is at least `minimum`."""

    def _check(user: CurrentStaff) -> User:
        if Role(user.role).rank < minimum.rank:
            raise Forbidden(f"requires the {minimum.value} role")
        return user

    return Depends(_check)
