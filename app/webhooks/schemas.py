"""Request and response shapes of the webhook admin API."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core.text import NFCText

EventType = Literal[
    "article.published", "article.updated", "article.unpublished", "article.deleted"
]


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Annotated[str, Field(min_length=1, max_length=2000)]
    events: Annotated[list[EventType], Field(min_length=1, max_length=4)]
    category_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = Field(
        default=None, description="Only this category and below"
    )
    description: Annotated[NFCText, Field(max_length=500)] = ""


class WebhookUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Annotated[str, Field(min_length=1, max_length=2000)] | None = None
    events: Annotated[list[EventType], Field(min_length=1, max_length=4)] | None = None
    category_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None
    description: Annotated[NFCText, Field(max_length=500)] | None = None
    enabled: bool | None = Field(default=None, description="true re-enables a disabled endpoint")


class WebhookPublic(BaseModel):
    id: int
    url: str
    events: list[str]
    category_id: int | None
    description: str
    enabled: bool
    disabled_reason: str | None
    created_at: datetime
    updated_at: datetime


class WebhookCreated(WebhookPublic):
    secret: str = Field(description="The signing secret. Shown only in this response.")


class DeliveryPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    endpoint_id: int
    message_id: str
    event_type: str
    article_id: int | None
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_response_body: str | None
    last_error: str | None
    last_duration_ms: int | None
    delivered_at: datetime | None
    created_at: datetime
