"""Webhook subscriptions and their deliveries (one row per event and endpoint)."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from app.core.db import UTCDateTime, utcnow


class WebhookEndpoint(SQLModel, table=True):
    __tablename__ = "webhook_endpoint"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000)
    events: str = Field(max_length=500)  # comma-separated event types
    category_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("category.id", ondelete="CASCADE"), nullable=True),
    )
    description: str = Field(default="", max_length=500)
    secret: str = Field(max_length=100)  # needed to sign; shown to the admin only at creation
    enabled: bool = True
    disabled_reason: str | None = Field(default=None, max_length=500)
    # Lease: the dispatcher that holds it delivers this endpoint's queue, in order, alone.
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="user.id")


class WebhookDelivery(SQLModel, table=True):
    __tablename__ = "webhook_delivery"

    id: int | None = Field(default=None, primary_key=True)
    endpoint_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("webhook_endpoint.id", ondelete="CASCADE"), nullable=False,
            index=True,
        )
    )  # fmt: skip
    message_id: str = Field(max_length=64, index=True)  # webhook-id: the same on every retry
    event_type: str = Field(max_length=50)
    article_id: int | None = None
    body: str = Field(sa_type=Text)  # fixed at creation, so every attempt sends the same bytes
    status: str = Field(default="pending", max_length=20, index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_status_code: int | None = None
    last_response_body: str | None = Field(default=None, sa_type=Text)
    last_error: str | None = Field(default=None, max_length=500)
    last_duration_ms: int | None = None
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Indexed for pruning the log by age (app.webhooks.service.prune_deliveries).
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
