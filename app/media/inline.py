"""The body's inline images as clients get them: a frontend or the mobile app renders the public
`content_html` as it is, without rewriting a single `<img>` (issue 20).

The stored body keeps what the editor wrote (`<img src="…" data-media-id="12">`, sanitized by
app/articles/sanitize.py). The public body is derived from it whenever the live version's
public JSON is prepared (and again when an image's alt or caption changes): every image of our
library points at its stored file, offers its renditions (`srcset`, `sizes`), carries its
dimensions (no layout shift), loads lazily, and stands in a `<figure>` with its caption.
"""

from collections.abc import Mapping

import lxml.html
from lxml.html import HtmlElement

from app.articles import embeds
from app.media.schemas import ImagePublic

# The body column of a portal's article page is at most ~800 CSS px wide; on a phone the image
# spans the screen. A frontend with another layout can still pick from `inline_images`.
SIZES = "(max-width: 800px) 100vw, 800px"


def public_html(html: str, images: Mapping[int, ImagePublic]) -> str:
    """The body with each `<img data-media-id>` of `images` completed for clients (see the
    module's docstring), and each embed as its provider's sandboxed player
    (app/articles/embeds.py). An image that is not in our library keeps its `src` and gets
    `loading="lazy"`; nothing else in the body changes."""
    if "<img" not in html and "data-embed" not in html:
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    embeds.render_public(root)
    for img in list(root.iter("img")):
        image = _library_image(img, images)
        img.set("loading", "lazy")
        if image is None:
            continue
        _complete(img, image)
        _in_figure(img, image)
    return embeds.inner_html(root)


def _library_image(img: HtmlElement, images: Mapping[int, ImagePublic]) -> ImagePublic | None:
    media_id = img.get("data-media-id", "")
    return images.get(int(media_id)) if media_id.isdigit() else None


def _complete(img: HtmlElement, image: ImagePublic) -> None:
    # The editor's own alt text is kept; the library's fills an empty one.
    alt = img.get("alt") if (img.get("alt") or "").strip() else image.alt
    for name, value in image_attributes(image, alt).items():
        img.set(name, value)


def image_attributes(image: ImagePublic, alt: str) -> dict[str, str]:
    """The attributes of a completed library `<img>`, in the order they are written
    (app/articles/blocks.py writes an image block back with the same)."""
    attributes = {"src": image.url, "data-media-id": str(image.id), "loading": "lazy"}
    candidates = image.srcset.get(image.content_type)
    if candidates:
        attributes |= {"srcset": candidates, "sizes": SIZES}
    if image.width and image.height:
        attributes |= {"width": str(image.width), "height": str(image.height)}
    return attributes | {"decoding": "async", "alt": alt}


def _in_figure(img: HtmlElement, image: ImagePublic) -> None:
    """The image inside a `<figure>` with a `<figcaption>`: the editor's own caption is kept;
    the library's caption is added where there is none. An image standing alone in a
    paragraph takes the paragraph's place (a figure cannot sit inside a `<p>`); an image in
    running text stays where it is."""
    parent = img.getparent()
    if parent is not None and parent.tag == "figure":
        figure = parent
    elif parent is not None and parent.tag == "p" and _alone_in(img, parent):
        figure = lxml.html.Element("figure")
        figure.tail = parent.tail
        parent.addprevious(figure)
        parent.getparent().remove(parent)
        img.tail = None
        figure.append(img)
    elif parent is not None and parent.tag == "div" and parent.getparent() is None:
        figure = lxml.html.Element("figure")  # at the top level of the body
        figure.tail = img.tail
        img.tail = None
        img.addprevious(figure)
        figure.append(img)
    else:
        return
    if image.caption and figure.find("figcaption") is None:
        caption = lxml.html.Element("figcaption")
        caption.text = image.caption
        figure.append(caption)


def _alone_in(img: HtmlElement, paragraph: HtmlElement) -> bool:
    return (
        len(paragraph) == 1 and not (paragraph.text or "").strip() and not (img.tail or "").strip()
    )
