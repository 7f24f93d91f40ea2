"""Shapes of author profiles: what staff send, what staff and the public read."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.core.text import NFCText
from app.media.schemas import ImagePublic

Name = Annotated[NFCText, Field(min_length=1, max_length=300)]
Bio = Annotated[NFCText, Field(max_length=5000)]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
Slug = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


class AuthorCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "Thanh Tâm", "bio": "Phóng viên Ban Thời sự."}]},
    )

    name: Name = Field(description="As it is written in bylines")
    slug: Slug | None = Field(default=None, description="Default: from the name")
    bio: Bio = ""
    photo_id: Id | None = Field(default=None, description="An uploaded image")
    user_id: Id | None = Field(default=None, description="The staff account, if any")


class AuthorUpdate(BaseModel):
    """A partial update; `null` clears `photo_id` or `user_id`."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    slug: Slug | None = None
    bio: Bio | None = None
    photo_id: Id | None = None
    user_id: Id | None = None


class AuthorAdmin(BaseModel):
    id: int
    name: str
    slug: str
    bio: str
    photo_id: int | None
    user_id: int | None
    created_at: datetime
    updated_at: datetime


class AuthorPublic(BaseModel):
    id: int
    name: str
    slug: str
    bio: str
    photo: ImagePublic | None
    article_count: int = Field(description="Live articles under this byline")
    articles_url: str = Field(description="Its live articles, paged: /v1/articles?author=…")


class AuthorDetail(AuthorPublic):
    latest: list[dict[str, object]] = Field(
        description="Its newest live articles (up to 10), in the list item shape"
    )
