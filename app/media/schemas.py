"""Request and response shapes of media items, and how articles embed them."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.core.text import NFCText

Alt = Annotated[NFCText, Field(max_length=500, description="Text alternative for screen readers")]
Caption = Annotated[NFCText, Field(max_length=5000)]
Credit = Annotated[
    NFCText, Field(max_length=300, description='Who made it, e.g. "Ảnh: Trung Hiếu"')
]
DisplayName = Annotated[NFCText, Field(min_length=1, max_length=255)]


class RenditionPublic(BaseModel):
    url: str
    width: int
    height: int
    content_type: str


class ImagePublic(BaseModel):
    """An image as articles embed it: the original plus renditions ready for `srcset`."""

    id: int
    url: str
    content_type: str = ""
    width: int | None
    height: int | None
    alt: str
    caption: str = ""
    credit: str = ""
    renditions: list[RenditionPublic] = []
    srcset: dict[str, str] = Field(
        default={},
        description="Per content type, a ready `srcset` value (`url 320w, url 640w, …`) for "
        "`<picture><source type=… srcset=…>`; the original is the largest candidate of its type",
    )


class AttachmentPublic(BaseModel):
    """A document attached to an article."""

    id: int
    url: str
    filename: str
    content_type: str
    byte_size: int
    caption: str


class RenditionAdmin(RenditionPublic):
    byte_size: int


class MediaAdmin(BaseModel):
    """A media item as the management API shows it."""

    id: int
    kind: str = Field(description="image or document")
    filename: str = Field(description="Display name as uploaded (sanitized)")
    url: str
    content_type: str = Field(description="Decided from the content, not the name")
    byte_size: int
    sha256: str = Field(description="Of the stored file (images are re-encoded without metadata)")
    width: int | None
    height: int | None
    alt: str
    caption: str
    credit: str
    renditions: list[RenditionAdmin]
    srcset: dict[str, str]
    created_at: datetime
    created_by: int | None
    updated_at: datetime | None
    updated_by: int | None


class MediaUploadFields(BaseModel):
    """The text fields that come with an upload (multipart form fields beside `file`)."""

    model_config = ConfigDict(extra="forbid")

    alt: Alt = ""
    caption: Caption = ""
    credit: Credit = ""


class MediaUpdate(BaseModel):
    """Change the descriptive fields; the file itself never changes (upload a new one)."""

    model_config = ConfigDict(extra="forbid")

    filename: DisplayName | None = None
    alt: Alt | None = None
    caption: Caption | None = None
    credit: Credit | None = None


class MediaPage(BaseModel):
    items: list[MediaAdmin]
    next_cursor: str | None
