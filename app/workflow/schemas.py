"""Request and response shapes of workflow actions and previews."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core.text import NFCText
from app.core.timestamps import Timestamp

Action = Literal[
    "submit", "withdraw", "approve", "reject", "publish", "unpublish", "trash", "restore"
]


class TransitionRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"action": "publish", "comment": "Đã duyệt, đăng ngay"},
                {"action": "reject", "comment": "Cần bổ sung nguồn tin và ảnh minh họa"},
            ]
        },
    )

    action: Action
    comment: Annotated[NFCText, Field(max_length=5000)] = ""
    publish_at: Timestamp | None = Field(
        default=None, description="For publish and approve: when it goes live (default now)"
    )


class PreviewToken(BaseModel):
    token: str
    expires_in: int
    url: str = Field(description="Where a frontend fetches the working copy with this token")


class TransitionRule(BaseModel):
    action: str
    from_: list[str] = Field(alias="from")
    to: str
    who: str
    guard: str | None
    comment_required: bool
    admin_override: bool = Field(
        description="An admin may take it before the last review step, with a comment "
        "(recorded in the history as `<action>_override`)"
    )


class ScheduledRun(BaseModel):
    article_id: int
    kind: str
    due_at: datetime
    delay_seconds: float
