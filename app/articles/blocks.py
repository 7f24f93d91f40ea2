"""`content_blocks`: the public body as a list of typed blocks, for an app that renders natively
(no WebView) what the web renders from `content_html` (issue 20).

Derived from the public body itself (app/media/inline.py has completed its images), one block
per top-level element, so the two cannot disagree: `blocks_html` writes the blocks back as
HTML that parses to the same tree (tests/articles/test_blocks.py). Text inside a block stays
HTML limited to the sanitizer's inline tags (`<strong>`, `<em>`, `<a>`, `<br>`, …), which every
native rich-text view renders; what has no block of its own is an `html` block, never dropped.
"""

from collections.abc import Mapping
from html import escape
from typing import Annotated, Literal

import lxml.html
from lxml.html import HtmlElement
from pydantic import BaseModel, Field

from app.articles import embeds
from app.media.inline import image_attributes
from app.media.schemas import ImagePublic

HEADINGS = {"h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


class ParagraphBlock(BaseModel):
    type: Literal["paragraph"] = "paragraph"
    html: str = Field(description="The paragraph's inline HTML")


class HeadingBlock(BaseModel):
    type: Literal["heading"] = "heading"
    level: int = Field(ge=2, le=6)
    html: str


class QuoteBlock(BaseModel):
    type: Literal["quote"] = "quote"
    html: str = Field(description="The quotation's content (paragraphs or inline HTML)")


class ListBlock(BaseModel):
    type: Literal["list"] = "list"
    ordered: bool
    start: int | None = Field(default=None, description="The first number of an ordered list")
    items: list[str] = Field(description="Each item's HTML (a nested list stays inside it)")


class ImageBlock(BaseModel):
    type: Literal["image"] = "image"
    image: ImagePublic = Field(description="The library image, with its renditions")
    alt: str = Field(description="The alt text shown (the editor's, or the library's)")
    caption_html: str | None = Field(description="The figure's caption, if any")


class EmbedBlock(BaseModel):
    type: Literal["embed"] = "embed"
    provider: str = Field(description="youtube, facebook, vimeo or google_maps")
    ref: str = Field(description="The video's or map's reference at the provider")
    url: str = Field(description="Its page at the provider (for a native player or a link)")
    embed_url: str = Field(description="The provider's embeddable player")
    width: int
    height: int
    caption_html: str | None


class TableCell(BaseModel):
    html: str
    header: bool = False
    colspan: int = 1
    rowspan: int = 1


class TableBlock(BaseModel):
    type: Literal["table"] = "table"
    rows: list[list[TableCell]] = Field(description="Rows of cells, header rows included")
    html: str = Field(description="The table as HTML, for a view that renders HTML tables")


class DividerBlock(BaseModel):
    type: Literal["divider"] = "divider"


class HtmlBlock(BaseModel):
    type: Literal["html"] = "html"
    html: str = Field(description="Anything without a block of its own, as sanitized HTML")


ContentBlock = Annotated[
    ParagraphBlock | HeadingBlock | QuoteBlock | ListBlock | ImageBlock | EmbedBlock
    | TableBlock | DividerBlock | HtmlBlock,
    Field(discriminator="type"),
]  # fmt: skip


def content_blocks(html: str, images: Mapping[int, ImagePublic]) -> list[ContentBlock]:
    """The public body (`content_html` as served) as blocks; `images` by id."""
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks: list[ContentBlock] = []
    if (root.text or "").strip():
        blocks.append(HtmlBlock(html=escape(root.text, quote=False)))
    for element in root:
        if isinstance(element.tag, str):  # comments are stripped on save; skip any other node
            blocks.append(_block(element, images))
        if (element.tail or "").strip():
            blocks.append(HtmlBlock(html=escape(element.tail, quote=False)))
    return blocks


def blocks_html(blocks: list[ContentBlock]) -> str:
    """The blocks written back as HTML (what a client without native views may render)."""
    return "".join(_html(block) for block in blocks)


def _block(element: HtmlElement, images: Mapping[int, ImagePublic]) -> ContentBlock:
    tag = element.tag
    if tag == "p" and not element.attrib:
        return ParagraphBlock(html=embeds.inner_html(element))
    if tag in HEADINGS and not element.attrib:
        return HeadingBlock(level=HEADINGS[tag], html=embeds.inner_html(element))
    if tag == "blockquote" and not element.attrib:
        return QuoteBlock(html=embeds.inner_html(element))
    if tag in ("ul", "ol") and _is_plain_list(element):
        start = element.get("start")
        return ListBlock(
            ordered=tag == "ol",
            start=int(start) if start else None,
            items=[embeds.inner_html(item) for item in element],
        )
    if tag == "figure":
        found = _figure_embed(element) or _figure_image(element, images)
        if found is not None:
            return found
    if tag == "table":
        return TableBlock(rows=_rows(element), html=_outer(element))
    if tag == "hr" and not element.attrib:
        return DividerBlock()
    return HtmlBlock(html=_outer(element))


def _html(block: ContentBlock) -> str:
    match block:
        case ParagraphBlock():
            return f"<p>{block.html}</p>"
        case HeadingBlock():
            return f"<h{block.level}>{block.html}</h{block.level}>"
        case QuoteBlock():
            return f"<blockquote>{block.html}</blockquote>"
        case ListBlock():
            tag = "ol" if block.ordered else "ul"
            start = f' start="{block.start}"' if block.start is not None else ""
            items = "".join(f"<li>{item}</li>" for item in block.items)
            return f"<{tag}{start}>{items}</{tag}>"
        case ImageBlock():
            return _figure_html(block)
        case EmbedBlock():
            embed = embeds.Embed(embeds.PROVIDERS[block.provider], block.ref)
            return embeds.public_figure(embed, block.caption_html)
        case TableBlock() | HtmlBlock():
            return block.html
        case DividerBlock():
            return "<hr>"


def _figure_embed(figure: HtmlElement) -> EmbedBlock | None:
    """A public embed figure (embeds.public_figure made it)."""
    embed = embeds.embed_of(figure) if figure.get("data-embed") is not None else None
    if embed is None:
        return None
    caption = figure.find("figcaption")
    caption_html = embeds.inner_html(caption) if caption is not None else None
    public = lxml.html.fragment_fromstring(embeds.public_figure(embed, caption_html))
    if lxml.html.tostring(public) != lxml.html.tostring(figure, with_tail=False):
        return None  # changed since it was made: kept as HTML rather than misread
    provider = embed.provider
    return EmbedBlock(
        provider=provider.name, ref=embed.reference, url=provider.page_url(embed.reference),
        embed_url=provider.embed_url(embed.reference), width=provider.width,
        height=provider.height, caption_html=caption_html,
    )  # fmt: skip


def _figure_image(figure: HtmlElement, images: Mapping[int, ImagePublic]) -> ImageBlock | None:
    """A figure of one library image and at most a caption (what inline.py makes)."""
    children = [c for c in figure if isinstance(c.tag, str)]
    if figure.attrib or (figure.text or "").strip() or not children:
        return None
    img, *rest = children
    media_id = img.get("data-media-id", "")
    if img.tag != "img" or not media_id.isdigit() or int(media_id) not in images:
        return None
    if (img.tail or "").strip() or len(rest) > 1 or (rest and rest[0].tag != "figcaption"):
        return None
    if dict(img.attrib) != image_attributes(images[int(media_id)], img.get("alt", "")):
        return None  # attributes of its own: kept as HTML rather than lost
    caption = rest[0] if rest else None
    if caption is not None and (caption.attrib or (caption.tail or "").strip()):
        return None
    return ImageBlock(
        image=images[int(media_id)],
        alt=img.get("alt", ""),
        caption_html=embeds.inner_html(caption) if caption is not None else None,
    )


def _figure_html(block: ImageBlock) -> str:
    attributes = image_attributes(block.image, block.alt)
    img = "<img " + " ".join(f'{k}="{escape(v)}"' for k, v in attributes.items()) + ">"
    caption = (
        f"<figcaption>{block.caption_html}</figcaption>" if block.caption_html is not None else ""
    )
    return f"<figure>{img}{caption}</figure>"


def _is_plain_list(element: HtmlElement) -> bool:
    allowed = {"start"} if element.tag == "ol" else set()
    return (
        set(element.attrib) <= allowed
        and (element.get("start") or "0").isdigit()
        and not (element.text or "").strip()
        and all(
            item.tag == "li" and not item.attrib and not (item.tail or "").strip()
            for item in element
        )
    )


def _rows(table: HtmlElement) -> list[list[TableCell]]:
    return [
        [
            TableCell(
                html=embeds.inner_html(cell),
                header=cell.tag == "th",
                colspan=_span(cell.get("colspan")),
                rowspan=_span(cell.get("rowspan")),
            )
            for cell in row
            if cell.tag in ("td", "th")
        ]
        for row in table.iter("tr")
    ]


def _span(value: str | None) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) < 1000 else 1


def _outer(element: HtmlElement) -> str:
    return str(lxml.html.tostring(element, encoding="unicode", with_tail=False))
