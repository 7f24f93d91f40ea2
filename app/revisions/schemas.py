"""Shapes of revisions and diffs."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class RevisionSummary(BaseModel):
    number: int
    version: str
    action: str
    created_at: datetime
    created_by: int | None


class RevisionDetail(RevisionSummary):
    snapshot: dict[str, Any]


class FieldChange(BaseModel):
    field: str
    from_value: Any = None
    to_value: Any = None
    text_diff: str | None = None


class RevisionDiff(BaseModel):
    from_revision: int
    to_revision: int
    changes: list[FieldChange]
