"""Staff login, the caller's own account, and password change: /v1/auth."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from starlette.responses import Response

from app.accounts import service
from app.accounts.deps import CurrentUser
from app.accounts.schemas import PasswordChange, TokenResponse, UserPublic
from app.core.db import ReadSessionDep, SessionDep
from app.core.http import PRIVATE_CACHE_CONTROL, cached_json
from app.core.security import create_access_token

router = APIRouter()


def _token_for(user_id: int | None, token_version: int) -> TokenResponse:
    assert user_id is not None
    token, lifetime = create_access_token(user_id=user_id, token_version=token_version)
    return TokenResponse(access_token=token, expires_in=lifetime)


@router.post(
    "/token",
    response_model=TokenResponse,
    responses={401: {"description": "Wrong credentials"}, 429: {"description": "Throttled"}},
)
def login(
    request: Request,
    session: ReadSessionDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> TokenResponse:
    """Exchange a username and password for a bearer token (OAuth2 password flow)."""
    user = service.authenticate(
        session,
        username=form.username,
        password=form.password,
        client_ip=request.client.host if request.client else None,
    )
    return _token_for(user.id, user.token_version)


@router.get("/me", response_model=UserPublic)
def me(request: Request, user: CurrentUser) -> Response:
    """The staff user the credentials belong to."""
    return cached_json(
        request, UserPublic.model_validate(user), cache_control=PRIVATE_CACHE_CONTROL
    )


@router.post("/password", response_model=TokenResponse)
def change_password(session: SessionDep, user: CurrentUser, data: PasswordChange) -> TokenResponse:
    """Change your own password (the old one is required). Every older token stops working;
    the response carries a fresh one."""
    user = service.change_password(
        session, user=user, old_password=data.old_password, new_password=data.new_password
    )
    return _token_for(user.id, user.token_version)
