"""What search engines and share cards (Facebook, Zalo, X) read of a live article: the `seo`
object of the public detail (issue 20). Each field the editor left empty gets its default
here, when the public shape is prepared: the title, the summary (or the body's first words),
the lead image, and the article's address on the public site."""

import lxml.html
from pydantic import BaseModel, Field

from app.media.schemas import ImagePublic

# Search result snippets show about 160 characters; longer descriptions are cut by the engine.
DESCRIPTION_LENGTH = 160
# Share cards are drawn from an image about 1200 px wide (1.91:1); a narrower one is shown
# small or not at all by Facebook.
SHARE_WIDTH = 1200


class ShareImage(BaseModel):
    url: str
    width: int | None
    height: int | None
    content_type: str
    alt: str


class SeoPublic(BaseModel):
    title: str = Field(description="`meta_title`, or the title")
    description: str = Field(
        description="`meta_description`, or the summary (else the body's first words), cut "
        f"at a word within {DESCRIPTION_LENGTH} characters"
    )
    canonical_url: str = Field(description="`canonical_url`, or the article's public address")
    noindex: bool = Field(description="Ask search engines not to index the article")
    og_image: ShareImage | None = Field(
        description="The share image (`og_image_id`, or the lead image): its rendition closest "
        f"to {SHARE_WIDTH} px wide in a format every network reads"
    )


def seo_public(
    *,
    title: str,
    summary: str,
    content_html: str,
    meta_title: str,
    meta_description: str,
    canonical_url: str | None,
    public_url: str,
    noindex: bool,
    image: ImagePublic | None,
) -> SeoPublic:
    return SeoPublic(
        title=meta_title.strip() or title,
        description=meta_description.strip()
        or _cut(summary.strip() or _text(content_html), DESCRIPTION_LENGTH),
        canonical_url=canonical_url or public_url,
        noindex=noindex,
        og_image=share_image(image) if image is not None else None,
    )


def share_image(image: ImagePublic) -> ShareImage:
    """The narrowest JPEG/PNG of the image at least SHARE_WIDTH wide, else the widest one
    (the original is one of them): networks read JPEG and PNG everywhere, WebP not always."""
    candidates: list[tuple[int, int | None, str, str]] = [
        (r.width, r.height, r.url, r.content_type) for r in image.renditions
    ]
    candidates.append((image.width or 0, image.height, image.url, image.content_type))
    usable = [c for c in candidates if c[3] in ("image/jpeg", "image/png")] or candidates
    wide_enough = [c for c in usable if c[0] >= SHARE_WIDTH]
    width, height, url, content_type = (
        min(wide_enough, key=lambda c: c[0]) if wide_enough else max(usable, key=lambda c: c[0])
    )
    return ShareImage(
        url=url, width=width or None, height=height, content_type=content_type, alt=image.alt
    )


def _text(html: str) -> str:
    """The body's words as plain text (entities decoded; blocks apart)."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html.replace("<", " <"), create_parent="div")
    return " ".join(root.text_content().split())


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut between words, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.–-")
    return cut + "…"
