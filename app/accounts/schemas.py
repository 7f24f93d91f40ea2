"""Request and response shapes of staff accounts."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from app.accounts.models import Role


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class UserPublic(BaseModel):
    """A staff user as staff see it; never carries the password hash."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    email: str | None
    role: Role
    is_active: bool
    created_at: datetime


class UserRef(BaseModel):
    """The short form of a user embedded in other resources."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
