"""HTML as a lossless run of tokens, for changing some text or attribute values of SharePoint
HTML while every other byte stays as it was.

The standard library's html.parser finds the tokens the way browsers do (tags, text, character
references, comments, script content); each token keeps the exact text it was read from, so
joining the tokens gives the input back, whatever the input is.
"""

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import Literal

INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "dfn", "em", "font", "i",
    "img", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
    "time", "tt", "u", "var", "wbr",
})  # fmt: skip

TokenKind = Literal["start", "end", "text", "raw", "other"]


@dataclass(frozen=True)
class Token:
    kind: TokenKind  # "raw": script/style content and anything the parser gave up on
    source: str  # exactly as in the input
    tag: str = ""  # lowercased, for "start" and "end"


class _Recorder(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", html))]
        self.marks: list[tuple[int, TokenKind, str]] = []
        self.tag_sources: dict[int, str] = {}

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _mark(self, kind: TokenKind, tag: str = "") -> None:
        self.marks.append((self.position(), kind, tag))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag_sources[self.position()] = self.get_starttag_text() or ""
        self._mark("start", tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._mark("end", tag)

    def handle_data(self, data: str) -> None:
        self._mark("raw" if self.cdata_elem else "text")

    def handle_entityref(self, name: str) -> None:
        self._mark("text")

    def handle_charref(self, name: str) -> None:
        self._mark("text")

    def handle_comment(self, data: str) -> None:
        self._mark("other")

    def handle_decl(self, decl: str) -> None:
        self._mark("other")

    def handle_pi(self, data: str) -> None:
        self._mark("other")

    def unknown_decl(self, data: str) -> None:
        self._mark("other")


def tokenize(html: str) -> list[Token]:
    """The tokens of an HTML text; "".join(t.source for t in tokenize(x)) == x for any x."""
    recorder = _Recorder(html)
    try:
        recorder.feed(html)
        recorder.close()
    except Exception:  # html.parser asserts on some bogus markup ("<![x]>"): the rest is kept
        recorder.marks = [mark for mark in recorder.marks if mark[0] < recorder.position()]
        recorder.marks.append((recorder.position(), "raw", ""))
    marks = sorted(recorder.marks, key=lambda mark: mark[0])
    if not marks:
        return [Token("raw", html)] if html else []
    tokens: list[Token] = []
    if marks[0][0] > 0:
        tokens.append(Token("raw", html[: marks[0][0]]))
    ends = [mark[0] for mark in marks[1:]] + [len(html)]
    for (start, kind, tag), end in zip(marks, ends, strict=True):
        source = html[start:end]
        if not source:
            continue
        if kind == "start":
            # Whatever the parser read past the tag without telling (the rest of an unclosed
            # <script>) is kept as it is.
            tag_source = recorder.tag_sources.get(start, "")
            if source.startswith(tag_source) and len(tag_source) < len(source):
                tokens.append(Token("start", tag_source, tag))
                tokens.append(Token("raw", source[len(tag_source) :]))
                continue
        if kind == "text" and tokens and tokens[-1].kind == "text":
            tokens[-1] = Token("text", tokens[-1].source + source)
        else:
            tokens.append(Token(kind, source, tag))
    return tokens


_TAG_NAME = re.compile(r"<[^\s/>]*")
_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s/>=][^\s/>=]*)(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s>"'][^\s>]*))?"""
)
_TAG_END = re.compile(r"\s*/?>$")


@dataclass(frozen=True)
class Attribute:
    name: str  # lowercased
    value: str  # as written, character references not resolved
    start: int  # where the value (or its opening quote) starts in the tag's source
    end: int


def attributes(tag_source: str) -> list[Attribute]:
    """The attributes of a start tag as written, with where their values are in it."""
    found: list[Attribute] = []
    position = _TAG_NAME.match(tag_source).end()  # type: ignore[union-attr]
    while True:
        match = _ATTRIBUTE.search(tag_source, position)
        if match is None:
            return found
        value = match.group("value")
        if value is None:
            found.append(Attribute(match.group("name").lower(), "", match.end(), match.end()))
        else:
            quoted = value[:1] in ("'", '"')
            start = match.start("value")
            found.append(
                Attribute(
                    match.group("name").lower(),
                    value[1:-1] if quoted else value,
                    start,
                    match.end("value"),
                )
            )
        position = match.end()


def with_attribute(tag_source: str, name: str, value: str) -> str:
    """The start tag with that attribute set (replaced where it is, else added at the end);
    the rest of the tag stays as written."""
    quoted = '"' + escape(value, quote=True) + '"'
    for attribute in attributes(tag_source):
        if attribute.name == name:
            if attribute.start == attribute.end:  # written without a value
                return tag_source[: attribute.end] + "=" + quoted + tag_source[attribute.end :]
            return tag_source[: attribute.start] + quoted + tag_source[attribute.end :]
    end = _TAG_END.search(tag_source)
    cut = end.start() if end else len(tag_source)
    return f"{tag_source[:cut]} {name}={quoted}{tag_source[cut:]}"
