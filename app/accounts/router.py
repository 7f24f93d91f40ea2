"""Staff login."""

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from app.accounts import service
from app.accounts.deps import CurrentStaff
from app.accounts.schemas import TokenResponse, UserPublic
from app.core.db import ReadSessionDep
from app.core.errors import Unauthorized
from app.core.security import create_access_token

router = APIRouter()


@router.post("/token", response_model=TokenResponse)
def login(
    session: ReadSessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> TokenResponse:
    """Exchange a username and password for a bearer token (OAuth2 password flow)."""
    user = service.authenticate(session, username=form.username, password=form.password)
    if user is None or user.id is None:
        raise Unauthorized("wrong username or password")
    token, lifetime = create_access_token(user_id=user.id, token_version=user.token_version)
    return TokenResponse(access_token=token, expires_in=lifetime)


@router.get("/me", response_model=UserPublic)
def me(user: CurrentStaff) -> UserPublic:
    """The staff user the token belongs to."""
    return UserPublic.model_validate(user)
