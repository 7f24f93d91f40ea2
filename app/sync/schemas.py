"""Shapes of the sync feed (documentation for OpenAPI; the body is written from prepared JSON)."""

from datetime import datetime

from pydantic import BaseModel

from app.articles.schemas import ArticlePublic


class Tombstone(BaseModel):
    id: int
    deleted_at: datetime


class SyncPageOut(BaseModel):
    upserted: list[ArticlePublic]
    deleted: list[Tombstone]
    next_cursor: str
    has_more: bool
