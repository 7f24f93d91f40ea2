"""SharePoint rich text (Note fields, publishing HTML) made tidy before our sanitizer.

What SharePoint's editors leave: `<div class="ExternalClass…">` wrappers, `ms-rte*` classes
(`ms-rteElement-H2` on a `<p>` is a heading), `<font>`, spans with inline styles, empty spans
and `<p>&#160;</p>` filler, `<div>`s used as paragraphs, zero-width spaces, the editor's
cursor markers, and Word paste (`<o:p>`, `mso-*` styles, conditional comments).

The input goes once through html5ever (nh3, with a wide allow-list), which repairs broken and
unclosed markup the way browsers do and drops comments and scripts; the well-formed result is
read into a small tree (html.parser), tidied, and written back with only the attributes
`sanitize_html` keeps.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape

import nh3

from app.articles.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES
from app.sharepoint.markup import INLINE_TAGS, attributes, tokenize, with_attribute


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    children: list["_Element | str"] = field(default_factory=list)


_Node = _Element | str

_VOID_TAGS = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "source", "wbr"})
# Read before cleaning: tags kept so they can be turned into ours (anything else is unwrapped
# by html5ever, its text kept), classes and styles for the headings, captions and emphasis.
_READ_TAGS = ALLOWED_TAGS | {"font", "h1"}
_READ_ATTRIBUTES = {
    **{tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    "*": {"class", "style", "align", "id"},
}
_DROPPED_WITH_CONTENT = {"script", "style", "xml", "title", "noscript", "template"}

_ZERO_WIDTH = re.compile("[\u200b\ufeff]")
_BLANK = " \t\r\n\f\xa0"
_SPACES = re.compile(r"[ \t\r\n\f]+")
_HEADING_CLASS = re.compile(r"ms-rteElement-H([1-4])B?", re.IGNORECASE)
_HEADINGS = {"1": "h2", "2": "h2", "3": "h3", "4": "h4"}
_PHRASING_ONLY = frozenset({"p", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS_WITH_TEXT = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "figcaption"})
_DROPPED_WHEN_BLANK = frozenset(
    {"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "figcaption", "pre"}
) | (INLINE_TAGS - {"br", "img", "wbr"})
# The items that close an open item of their list when they start.
_ITEM_SIBLINGS = {
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
}
CAPTION_MAX_LENGTH = 300
# Deeper than any article; past it elements are unwrapped, which keeps the tidying's recursion
# (a few frames a level) well inside Python's limit.
_MAX_DEPTH = 100


def clean_html(html: str) -> str:
    """Tidy SharePoint HTML: wrappers, fonts and spans unwrapped, SharePoint headings as
    h2-h4, divs of text as paragraphs, filler gone, captioned images as <figure>. Never raises;
    the result is meant for `sanitize_html`."""
    normalized = nh3.clean(
        html,
        tags=_READ_TAGS,
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=_READ_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    root = _parse(_ZERO_WIDTH.sub("", normalized))
    blocks = _blockify(_clean(root.children, in_pre=False))
    return "\n".join(_render(block) for block in blocks)


def image_sources(html: str) -> list[str]:
    """Every `<img src>` in order, each once, as written once character references are read."""
    return _targets(html, "img", "src")


def link_targets(html: str) -> list[str]:
    """Every `<a href>` in order, each once."""
    return _targets(html, "a", "href")


def rewrite_urls(html: str, *, images: dict[str, tuple[int, str]], links: dict[str, str]) -> str:
    """Point images and links at their new homes: `<img src=S>` for S in `images` gets
    `src=url data-media-id=id`, `<a href=H>` for H in `links` the new href; every other byte
    stays as it was."""
    pieces: list[str] = []
    for token in tokenize(html):
        source = token.source
        if token.kind == "start" and token.tag in ("img", "a"):
            name = "src" if token.tag == "img" else "href"
            value = next((unescape(a.value) for a in attributes(source) if a.name == name), None)
            if value is not None and token.tag == "img" and value in images:
                media_id, url = images[value]
                source = with_attribute(
                    with_attribute(source, "src", url), "data-media-id", str(media_id)
                )
            elif value is not None and token.tag == "a" and value in links:
                source = with_attribute(source, "href", links[value])
        pieces.append(source)
    return "".join(pieces)


def _targets(html: str, tag: str, name: str) -> list[str]:
    found: dict[str, None] = {}
    for token in tokenize(html):
        if token.kind == "start" and token.tag == tag:
            for attribute in attributes(token.source):
                if attribute.name == name:
                    value = unescape(attribute.value)
                    if value:
                        found.setdefault(value)
                    break
    return list(found)


# --- Reading ---------------------------------------------------------------------------------


def _parse(html: str) -> _Element:
    """The tree of well-formed HTML (html5ever's output): an end tag closes up to its element."""
    root = _Element("", {})
    stack = [root]
    for token in tokenize(html):
        if token.kind == "start" and len(stack) > _MAX_DEPTH and token.tag not in _VOID_TAGS:
            # Too deep: its content goes to its parent (the same list), its end tag closes it.
            stack.append(_Element(token.tag, {}, stack[-1].children))
        elif token.kind == "start":
            element = _Element(
                token.tag, {a.name: unescape(a.value) for a in attributes(token.source)}
            )
            stack[-1].children.append(element)
            if token.tag not in _VOID_TAGS:
                stack.append(element)
        elif token.kind == "end":
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].tag == token.tag:
                    del stack[depth:]
                    break
        elif token.kind == "text":
            stack[-1].children.append(unescape(token.source))
    return root


def _style(element: _Element) -> dict[str, str]:
    style: dict[str, str] = {}
    for declaration in element.attrs.get("style", "").split(";"):
        name, _, value = declaration.partition(":")
        if value.strip():
            style[name.strip().lower()] = value.strip().lower()
    return style


def _classes(element: _Element) -> list[str]:
    return element.attrs.get("class", "").split()


# --- Tidying ---------------------------------------------------------------------------------


def _clean(nodes: list[_Node], *, in_pre: bool) -> list[_Node]:
    cleaned: list[_Node] = []
    for node in nodes:
        if isinstance(node, str):
            cleaned.append(node)
        else:
            cleaned.extend(_clean_element(node, in_pre=in_pre))
    merged = _merge_text(cleaned)
    if not in_pre:
        merged = [_SPACES.sub(" ", node) if isinstance(node, str) else node for node in merged]
    return _figures(merged)


def _clean_element(element: _Element, *, in_pre: bool) -> list[_Node]:
    style = _style(element)
    # Word's list bullets ("·", "1.") and the editor's cursor markers are not content.
    if style.get("mso-list") == "ignore" or element.attrs.get("id", "").startswith(
        "ms-rterangecursor"
    ):
        return []
    element.children = _clean(element.children, in_pre=in_pre or element.tag == "pre")
    heading = _heading(element)
    if heading:
        element.tag = heading
    tag = element.tag
    if tag == "font":
        return element.children
    if tag == "span":
        return _emphasis(element.children, style)
    if tag == "a" and not element.attrs.get("href"):
        return element.children  # a named anchor, not a link
    if tag == "a":
        element.children = _without_links(element.children)  # a link in a link is no link
    if tag == "div":
        if _is_inline(element.children):
            return _paragraphs(element.children, element.attrs)
        return _blockify(element.children)
    if tag == "table":
        if not _text(element.children).strip(_BLANK) and not _has_image(element.children):
            return []
        figure = _table_figure(element)
        if figure is not None:
            return [figure]
    if tag in _PHRASING_ONLY and not _is_inline(element.children):
        # A paragraph or heading cannot hold blocks: its runs of text become paragraphs or
        # headings of their own, between the blocks.
        return _split_around(element, lambda child: child.tag not in INLINE_TAGS)
    siblings = _ITEM_SIBLINGS.get(tag, frozenset())
    if any(isinstance(child, _Element) and child.tag in siblings for child in element.children):
        # html5ever leaves an item in an item when a table came between them; read again, the
        # inner item would close the outer one, so they are set side by side now.
        return _split_around(element, lambda child: child.tag in siblings)
    if tag == "pre":
        # A line feed right after <pre> is dropped when read again.
        element.children = _without_leading_line_feeds(element.children)
    if tag in _BLOCKS_WITH_TEXT:
        element.children = _trim(element.children)
    if tag in _DROPPED_WHEN_BLANK and _is_blank(element.children):
        # A blank inline element between two words still separates them.
        return [" "] if tag in INLINE_TAGS and element.children else []
    if tag in INLINE_TAGS and tag not in _VOID_TAGS:
        return _inline_around(tag, element.attrs, element.children)
    return [element]


def _split_around(element: _Element, apart: Callable[[_Element], bool]) -> list[_Node]:
    """The element's children that are `apart` between copies of the element holding the rest."""
    parts: list[_Node] = []
    run: list[_Node] = []
    end = _Element("", {})
    for child in [*element.children, end]:
        if child is not end and (isinstance(child, str) or not apart(child)):
            run.append(child)
            continue
        if not _is_blank(run):
            parts.append(_Element(element.tag, dict(element.attrs), _trim(run)))
        run = []
        parts.append(child)
    return parts[:-1]


def _without_leading_line_feeds(nodes: list[_Node]) -> list[_Node]:
    if nodes and isinstance(nodes[0], str):
        return _merge_text([nodes[0].lstrip("\n"), *nodes[1:]])
    return nodes


def _without_links(nodes: list[_Node]) -> list[_Node]:
    kept: list[_Node] = []
    for node in nodes:
        if isinstance(node, _Element):
            node.children = _without_links(node.children)
            if node.tag == "a":
                kept.extend(node.children)
                continue
        kept.append(node)
    return kept


def _heading(element: _Element) -> str | None:
    if element.tag == "h1":
        return "h2"
    if element.tag in ("p", "div"):
        for name in _classes(element):
            match = _HEADING_CLASS.fullmatch(name)
            if match:
                return _HEADINGS[match.group(1)]
    return None


def _emphasis(children: list[_Node], style: dict[str, str]) -> list[_Node]:
    """A span's children, in <strong>/<em>/<u> when its style said bold/italic/underline."""
    if _is_blank(children):
        return children
    weight = style.get("font-weight", "")
    wrappers = [
        ("strong", weight in ("bold", "bolder") or weight in ("600", "700", "800", "900")),
        ("em", style.get("font-style") in ("italic", "oblique")),
        ("u", "underline" in style.get("text-decoration", "")),
    ]
    for tag, applies in reversed(wrappers):
        if applies:
            children = _inline_around(tag, {}, children)
    return children


def _inline_around(tag: str, attrs: dict[str, str], children: list[_Node]) -> list[_Node]:
    """An inline element around its children; around the text of each block among them when
    there are blocks (a <strong> holding a <div> paragraph), as browsers show it."""
    if _is_inline(children):
        return [_Element(tag, attrs, children)]
    wrapped: list[_Node] = []
    run: list[_Node] = []
    for child in [*children, _Element("hr", {})]:
        if isinstance(child, str) or child.tag in INLINE_TAGS:
            run.append(child)
            continue
        if not _is_blank(run):
            wrapped.append(_Element(tag, dict(attrs), run))
        run = []
        if child.tag in _BLOCKS_WITH_TEXT:
            child.children = _inline_around(tag, dict(attrs), child.children)
        wrapped.append(child)
    return wrapped[:-1]


def _merge_text(nodes: list[_Node]) -> list[_Node]:
    merged: list[_Node] = []
    for node in nodes:
        if isinstance(node, str) and merged and isinstance(merged[-1], str):
            merged[-1] += node
        elif node != "":
            merged.append(node)
    return merged


def _is_inline(nodes: list[_Node]) -> bool:
    return all(isinstance(node, str) or node.tag in INLINE_TAGS for node in nodes)


def _text(nodes: list[_Node]) -> str:
    return "".join(node if isinstance(node, str) else _text(node.children) for node in nodes)


def _is_blank(nodes: list[_Node]) -> bool:
    """Nothing but spaces and line breaks (an image, a rule or a table cell is something)."""
    return all(
        not node.strip(_BLANK)
        if isinstance(node, str)
        else node.tag == "br" or (node.tag in _DROPPED_WHEN_BLANK and _is_blank(node.children))
        for node in nodes
    )


def _trim(nodes: list[_Node]) -> list[_Node]:
    """Without the spaces and line breaks a block starts or ends with."""
    nodes = list(nodes)
    for end in (0, -1):
        while nodes:
            node = nodes[end]
            if isinstance(node, str):
                stripped = node.lstrip(_BLANK) if end == 0 else node.rstrip(_BLANK)
                if stripped:
                    nodes[end] = stripped
                    break
            elif node.tag != "br":
                break
            nodes.pop(end)
    return nodes


def _blockify(nodes: list[_Node]) -> list[_Node]:
    """Loose text and inline elements between blocks as paragraphs; blank runs dropped."""
    blocks: list[_Node] = []
    run: list[_Node] = []
    for node in [*nodes, _Element("hr", {})]:
        if isinstance(node, str) or node.tag in INLINE_TAGS:
            run.append(node)
            continue
        blocks.extend(_paragraphs(run, {}))
        blocks.append(node)
        run = []
    return _figures(blocks[:-1])


def _is_break(node: _Node) -> bool:
    return isinstance(node, _Element) and node.tag == "br"


def _paragraphs(run: list[_Node], attrs: dict[str, str]) -> list[_Node]:
    """Inline content as paragraphs, a new one where two line breaks follow each other (how
    `<div>` editors separate paragraphs)."""
    parts: list[list[_Node]] = [[]]
    pending: list[_Node] = []  # line breaks, and the spaces between them
    for node in run:
        if _is_break(node) or (pending and isinstance(node, str) and not node.strip(_BLANK)):
            pending.append(node)
            continue
        if sum(map(_is_break, pending)) >= 2:
            parts.append([])
        else:
            parts[-1].extend(pending)
        pending = []
        parts[-1].append(node)
    parts[-1].extend(pending)
    return [_Element("p", dict(attrs), _trim(part)) for part in parts if not _is_blank(part)]


# --- Captions --------------------------------------------------------------------------------


def _lone_image(nodes: list[_Node]) -> _Element | None:
    """The one image (maybe in a link, maybe in one paragraph) among blanks, if that is all."""
    solid = [node for node in nodes if not _is_blank([node])]
    if len(solid) != 1 or isinstance(solid[0], str):
        return None
    node = solid[0]
    if node.tag == "img":
        return node
    inner = _lone_image(node.children) if node.tag in ("a", "p") else None
    if inner is None or node.tag == "p":
        return inner
    return _Element("a", node.attrs, [inner])


def _has_image(nodes: list[_Node]) -> bool:
    return any(
        isinstance(node, _Element) and (node.tag == "img" or _has_image(node.children))
        for node in nodes
    )


def _caption(nodes: list[_Node], *, styled: bool) -> list[_Node] | None:
    """Caption content: short text without images; when `styled`, only if set apart by
    italics (then unwrapped)."""
    solid = [node for node in nodes if not _is_blank([node])]
    if len(solid) == 1 and isinstance(solid[0], _Element) and solid[0].tag == "p":
        return _caption(solid[0].children, styled=styled)
    if not _is_inline(nodes) or _has_image(nodes):
        return None
    text = _text(nodes).strip(_BLANK)
    if not text or len(text) > CAPTION_MAX_LENGTH:
        return None
    italic = bool(solid) and all(
        isinstance(node, _Element) and node.tag in ("em", "i") for node in solid
    )
    if styled and not italic:
        return None
    if italic and len(solid) == 1 and isinstance(solid[0], _Element):
        nodes = solid[0].children
    return _trim(nodes)


def _figure(image: _Element, caption: list[_Node]) -> _Element:
    return _Element("figure", {}, [image, _Element("figcaption", {}, caption)])


def _figures(nodes: list[_Node]) -> list[_Node]:
    """An image paragraph followed by a short centred or italic paragraph: a captioned figure."""
    result: list[_Node] = []
    position = 0
    while position < len(nodes):
        node = nodes[position]
        image = _lone_image([node]) if isinstance(node, _Element) and node.tag == "p" else None
        following = position + 1
        while following < len(nodes) and _is_blank([nodes[following]]):
            following += 1
        if image is not None and following < len(nodes):
            after = nodes[following]
            caption = None
            if isinstance(after, _Element) and after.tag == "p":
                centred = (
                    _style(after).get("text-align") == "center"
                    or after.attrs.get("align", "").lower() == "center"
                    or _style(after).get("font-style") == "italic"
                )
                caption = _caption(after.children, styled=not centred)
            if caption is not None:
                result.append(_figure(image, caption))
                position = following + 1
                continue
        result.append(node)
        position += 1
    return result


def _table_figure(table: _Element) -> _Element | None:
    """A two-row table, the image above and its caption below, as SharePoint users lay them."""
    rows: list[_Element] = []
    for child in table.children:
        if isinstance(child, _Element) and child.tag in ("tbody", "thead", "tfoot"):
            rows.extend(row for row in child.children if isinstance(row, _Element))
        elif isinstance(child, _Element):
            rows.append(child)
    if len(rows) != 2 or any(row.tag != "tr" for row in rows):
        return None
    cells = [[cell for cell in row.children if isinstance(cell, _Element)] for row in rows]
    if any(len(row_cells) != 1 for row_cells in cells):
        return None
    image = _lone_image(cells[0][0].children)
    caption = _caption(cells[1][0].children, styled=False)
    if image is None or caption is None:
        return None
    return _figure(image, caption)


# --- Writing ---------------------------------------------------------------------------------


# Escaped as html5ever writes them, so that `sanitize_html` gives the result back unchanged.
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "\xa0": "&nbsp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "\xa0": "&nbsp;", '"': "&quot;", "<": "&lt;", ">": "&gt;"}
)


def _render(node: _Node) -> str:
    if isinstance(node, str):
        return node.translate(_TEXT_ESCAPES)
    kept = ALLOWED_ATTRIBUTES.get(node.tag, set())
    attrs = "".join(
        f' {name}="{value.translate(_ATTRIBUTE_ESCAPES)}"'
        for name, value in node.attrs.items()
        if name in kept
    )
    if node.tag in _VOID_TAGS:
        return f"<{node.tag}{attrs}>"
    inner = "".join(_render(child) for child in node.children)
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"
