"""Videos and maps in a body (issue 20): embeds from an allow-list of providers, stored as a
structured figure, never as a raw `<iframe>`.

On save, every `<iframe src>` and every `<figure data-embed-url>` (what the desk's editor
inserts for a pasted address) is recognised by its provider's address patterns and stored as

    <figure data-embed="youtube" data-embed-ref="dQw4w9WgXcQ"><figcaption>…</figcaption></figure>

where the reference matches the provider's strict pattern (so no markup or script can ride in
it). An embed from a provider not allowed (`NEWSDESK_EMBED_PROVIDERS`) or not recognised is
refused (422, `embed_not_allowed`). The public body gets, in its place, a sandboxed `<iframe>`
of the provider's own embed address (`public_figure`), and `content_blocks` an `embed` block.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qs, quote, urlsplit

import lxml.html
from lxml.html import HtmlElement

from app.core.config import get_settings
from app.core.errors import InvalidInput

EMBED_NOT_ALLOWED = "embed_not_allowed"


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    # Each pattern's first group is the reference, from an address the provider gives out.
    patterns: tuple[re.Pattern[str], ...]
    reference: re.Pattern[str]  # what a stored reference must match, whole
    embed_url: Callable[[str], str]
    page_url: Callable[[str], str]
    width: int
    height: int
    allow: str = ""


def _facebook_video(ref: str) -> str:
    return f"https://www.facebook.com/watch/?v={ref}"


PROVIDERS = {
    provider.name: provider
    for provider in (
        Provider(
            name="youtube",
            label="YouTube",
            patterns=(
                re.compile(
                    r"^https?://(?:www\.|m\.)?youtube\.com/(?:watch\?(?:[^#]*&)?v=|embed/|"
                    r"shorts/|live/)([A-Za-z0-9_-]{11})(?:[?&#/]|$)"
                ),
                re.compile(r"^https?://(?:www\.)?youtube-nocookie\.com/embed/([A-Za-z0-9_-]{11})"),
                re.compile(r"^https?://youtu\.be/([A-Za-z0-9_-]{11})(?:[?&#/]|$)"),
            ),
            reference=re.compile(r"[A-Za-z0-9_-]{11}"),
            # The privacy-enhanced player: no cookies until the reader plays the video.
            embed_url=lambda ref: f"https://www.youtube-nocookie.com/embed/{ref}",
            page_url=lambda ref: f"https://www.youtube.com/watch?v={ref}",
            width=560,
            height=315,
            allow="accelerometer; encrypted-media; gyroscope; picture-in-picture; fullscreen",
        ),
        Provider(
            name="vimeo",
            label="Vimeo",
            patterns=(
                re.compile(r"^https?://(?:www\.)?vimeo\.com/(\d{1,12})(?:[?#/]|$)"),
                re.compile(r"^https?://player\.vimeo\.com/video/(\d{1,12})(?:[?#/]|$)"),
            ),
            reference=re.compile(r"\d{1,12}"),
            embed_url=lambda ref: f"https://player.vimeo.com/video/{ref}",
            page_url=lambda ref: f"https://vimeo.com/{ref}",
            width=640,
            height=360,
            allow="fullscreen; picture-in-picture",
        ),
        Provider(
            name="facebook",
            label="Facebook",
            patterns=(
                re.compile(r"^https?://(?:www\.|m\.|web\.)?facebook\.com/watch/?\?v=(\d{1,20})"),
                re.compile(
                    r"^https?://(?:www\.|m\.|web\.)?facebook\.com/[A-Za-z0-9.\-]{1,100}/videos/"
                    r"(?:[^/?#]{1,200}/)?(\d{1,20})(?:[?#/]|$)"
                ),
                re.compile(r"^https?://fb\.watch/([A-Za-z0-9_-]{1,20})/?$"),
            ),
            reference=re.compile(r"[A-Za-z0-9_-]{1,20}"),
            embed_url=lambda ref: (
                "https://www.facebook.com/plugins/video.php?href="
                + quote(_facebook_video(ref), safe="")
            ),
            page_url=_facebook_video,
            width=560,
            height=315,
            allow="encrypted-media; picture-in-picture; fullscreen",
        ),
        Provider(
            name="google_maps",
            label="Google Maps",
            # Only the map's own embed address (Share → Embed a map) can be embedded.
            patterns=(
                re.compile(
                    r"^https://(?:www\.|maps\.)?google\.com/maps/embed\?pb=([A-Za-z0-9!._%-]{1,2000})$"
                ),
            ),
            reference=re.compile(r"[A-Za-z0-9!._%-]{1,2000}"),
            embed_url=lambda ref: f"https://www.google.com/maps/embed?pb={ref}",
            page_url=lambda ref: f"https://www.google.com/maps/embed?pb={ref}",
            width=600,
            height=450,
        ),
    )
}
# The sandbox of every public embed: the provider's player runs, but cannot navigate the
# page, open forms, or reach anything of the site around it.
SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups"


@dataclass(frozen=True)
class Embed:
    provider: Provider
    reference: str


def recognise(url: str) -> Embed | None:
    """The embed an address names, whatever providers are allowed; None if none does."""
    url = url.strip()
    plugin = urlsplit(url)
    if plugin.netloc.endswith("facebook.com") and plugin.path.startswith("/plugins/video.php"):
        href = parse_qs(plugin.query).get("href", [""])[0]  # the plugin wraps the video's page
        return recognise(href) if href and href != url else None
    for provider in PROVIDERS.values():
        for pattern in provider.patterns:
            found = pattern.match(url)
            if found:
                return Embed(provider, found.group(1))
    return None


def stored_embeds(html: str) -> str:
    """The body as it is stored: embeds in their structured figure, checked (see the module's
    docstring). Run before the sanitizer, which removes any `<iframe>` left."""
    if "<iframe" not in html and "data-embed" not in html:
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in list(root.iter("iframe", "figure")):
        if element.tag == "iframe":
            _replace_iframe(element)
        elif element.get("data-embed-url") is not None:
            _replace_url_figure(element)
        elif element.get("data-embed") is not None:
            _check_stored(element)
    return inner_html(root)


def _allowed(url: str) -> Embed:
    embed = recognise(url)
    allowed = get_settings().embed_providers
    if embed is None or embed.provider.name not in allowed:
        names = ", ".join(PROVIDERS[n].label for n in allowed if n in PROVIDERS) or "none"
        shown = url[:200] or "(empty)"
        raise InvalidInput(
            f"cannot embed {shown}: embeds come only from {names} (a video's or map's own "
            "address or embed code)",
            loc=["content_html"],
            kind=EMBED_NOT_ALLOWED,
        )
    return embed


def _replace_iframe(iframe: HtmlElement) -> None:
    embed = _allowed(iframe.get("src", ""))
    figure = _stored_figure(embed, caption=None)
    figure.tail = iframe.tail
    parent = iframe.getparent()
    if parent is not None and parent.tag in ("p", "figure") and _only_child(iframe, parent):
        caption = parent.find("figcaption") if parent.tag == "figure" else None
        if caption is not None:
            figure.append(caption)
        figure.tail = parent.tail
        parent.addprevious(figure)
        parent.getparent().remove(parent)
    else:
        iframe.addprevious(figure)
        iframe.getparent().remove(iframe)


def _only_child(element: HtmlElement, parent: HtmlElement) -> bool:
    others = [c for c in parent if c is not element and c.tag != "figcaption"]
    return not others and not (parent.text or "").strip() and not (element.tail or "").strip()


def _replace_url_figure(figure: HtmlElement) -> None:
    embed = _allowed(figure.get("data-embed-url", ""))
    caption = figure.find("figcaption")
    stored = _stored_figure(embed, caption=caption)
    stored.tail = figure.tail
    figure.addprevious(stored)
    figure.getparent().remove(figure)


def _check_stored(figure: HtmlElement) -> None:
    provider = PROVIDERS.get(figure.get("data-embed", ""))
    reference = figure.get("data-embed-ref", "")
    if provider is None or not provider.reference.fullmatch(reference):
        raise InvalidInput("an embed names no known provider or a malformed reference",
                           loc=["content_html"], kind=EMBED_NOT_ALLOWED)  # fmt: skip
    _allowed(provider.page_url(reference))


def _stored_figure(embed: Embed, caption: HtmlElement | None) -> HtmlElement:
    figure = lxml.html.Element("figure")
    figure.set("data-embed", embed.provider.name)
    figure.set("data-embed-ref", embed.reference)
    if caption is not None:
        caption.tail = None
        figure.append(caption)
    return figure


# --- the public body -------------------------------------------------------------------------


def embed_of(figure: HtmlElement) -> Embed | None:
    """The embed a stored figure holds, if it is well-formed and its provider still allowed."""
    provider = PROVIDERS.get(figure.get("data-embed", ""))
    reference = figure.get("data-embed-ref", "")
    if provider is None or provider.name not in get_settings().embed_providers:
        return None
    if not provider.reference.fullmatch(reference):
        return None
    return Embed(provider, reference)


def public_figure(embed: Embed, caption_html: str | None) -> str:
    """The public HTML of an embed: the provider's player in a sandboxed, lazy iframe."""
    provider = embed.provider
    attributes = {
        "src": provider.embed_url(embed.reference),
        "title": provider.label,
        "width": str(provider.width),
        "height": str(provider.height),
        "loading": "lazy",
        "sandbox": SANDBOX,
        "referrerpolicy": "strict-origin-when-cross-origin",
        **({"allow": provider.allow} if provider.allow else {}),
        "allowfullscreen": "allowfullscreen",
    }
    iframe = "".join(f' {k}="{escape(v)}"' for k, v in attributes.items())
    caption = f"<figcaption>{caption_html}</figcaption>" if caption_html is not None else ""
    return (
        f'<figure class="embed" data-embed="{provider.name}" '
        f'data-embed-ref="{escape(embed.reference)}"><iframe{iframe}></iframe>{caption}</figure>'
    )


def render_public(root: HtmlElement) -> None:
    """Each stored embed figure under `root` replaced by its public figure; one whose provider
    is no longer allowed (or malformed) is removed: nothing unchecked reaches the public."""
    for figure in list(root.iter("figure")):
        if figure.get("data-embed") is None:
            continue
        embed = embed_of(figure)
        caption = figure.find("figcaption")
        if embed is not None:
            caption_html = inner_html(caption) if caption is not None else None
            public = lxml.html.fragment_fromstring(public_figure(embed, caption_html))
            public.tail = figure.tail
            figure.addprevious(public)
        elif figure.tail:
            previous = figure.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + figure.tail
            else:
                parent = figure.getparent()
                parent.text = (parent.text or "") + figure.tail
        figure.getparent().remove(figure)


def inner_html(element: HtmlElement) -> str:
    """An element's content as HTML (its text, then its children with their tails)."""
    text = escape(element.text, quote=False) if element.text else ""
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in element)
