"""Request and response shapes of staff accounts, grants and API keys."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from app.accounts.models import Role
from app.core.text import NFCText
from app.core.timestamps import Timestamp

Username = Annotated[NFCText, Field(min_length=2, max_length=150, pattern=r"^[\w.@+-]+$")]
Password = Annotated[str, Field(min_length=8, max_length=256)]
DisplayName = Annotated[NFCText, Field(min_length=1, max_length=200)]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


class TokenResponse(BaseModel):
    # Always sent, so `required` in the contract although it has a default.
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

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
    role: Role | None
    is_active: bool
    is_service: bool
    created_at: datetime
    updated_at: datetime


class UserRef(BaseModel):
    """The short form of a user embedded in other resources."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: Username
    password: Password
    display_name: DisplayName | None = None
    email: EmailStr | None = None
    role: Role | None = Field(
        default=None, description="Site-wide role; leave empty for category grants only"
    )


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: DisplayName | None = None
    email: EmailStr | None = None
    role: Role | None = None
    is_active: bool | None = None


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    old_password: Annotated[str, Field(max_length=256)]
    new_password: Password


class PasswordReset(BaseModel):
    """A new password an admin sets for someone who lost theirs (tell it to them in person)."""

    model_config = ConfigDict(extra="forbid")

    new_password: Password


GrantRole = Literal["contributor", "editor", "chief_editor"]


class GrantCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category_id: Id
    role: GrantRole


class GrantPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    category_id: int
    role: GrantRole
    created_at: datetime
    created_by: int | None


Scope = Literal["sync", "preview"]


class ApiKeyCreate(BaseModel):
    """A machine credential: machine scopes, a staff role (optionally limited to categories),
    or both."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[NFCText, Field(min_length=1, max_length=200)]
    scopes: Annotated[list[Scope], Field(max_length=2)] = []
    role: Role | None = None
    category_ids: Annotated[list[Id], Field(max_length=100)] = []
    expires_at: Timestamp | None = None

    @model_validator(mode="after")
    def _grants_something(self) -> "ApiKeyCreate":
        if not self.scopes and self.role is None:
            raise ValueError("give the key at least one scope or a role")
        if self.category_ids and self.role is None:
            raise ValueError("category_ids limit a role; give a role too")
        if self.category_ids and self.role == Role.admin:
            raise ValueError("admin is site-wide; it cannot be limited to categories")
        return self


class ApiKeyPublic(BaseModel):
    id: int
    name: str
    prefix: str
    scopes: list[Scope]
    role: Role | None
    category_ids: list[int]
    user_id: int | None
    created_at: datetime
    created_by: int | None
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="The secret. Shown only in this response; store it now.")


class AuditEventPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor_id: int | None
    action: str
    target_type: str
    target_id: int | None
    details: str
