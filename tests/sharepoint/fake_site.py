"""A local fake of a SharePoint site's REST API, served over real HTTP on 127.0.0.1.

It serves one list the way SharePoint does:
- `…/items`: `$top` pages in Id order, `$skiptoken=Paged=TRUE&p_ID=N` in the next link, which
  carries the other options on; `$filter=Modified ge datetime'…'`; `$select`/`$expand`: people,
  lookups and `AttachmentFiles` are objects only when expanded, deferred links otherwise, while
  a lookup's `XId` is always there;
- `…/fields`, `…/items(N)/versions` (newest first), `…/RootFolder`;
- the site's files by server-relative path, with a content type (404 when missing);
in verbose or light OData as the `Accept` header asks (or always in one format, like a
SharePoint 2013 that speaks only verbose); 401 without credentials, 404 for another list, and
whatever statuses a test plans (429 with `Retry-After`).

`FakeSite.answer` is the whole site without the HTTP around it, so an export folder can be
written from exactly what the site would send.
"""

import contextlib
import mimetypes
import re
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import orjson

BEARER = "fake-sharepoint-token"
COOKIE = "FedAuth=77u/PD94bWwgdmVyc2lvbj0iMS4wIj8+; rtFa=abc"
JSON = "application/json;charset=utf-8"
_LIST_API = re.compile(
    r"^(?:/sites/[^/]+)?/_api/web/lists/GetByTitle\('(?P<title>(?:[^']|'')*)'\)(?P<rest>/.*)?$"
)
_VERSIONS = re.compile(r"^/items\((?P<id>\d+)\)/versions$")
_SINCE = re.compile(r"^Modified ge datetime'(?P<moment>[^']+)'$")
_PEOPLE_AND_LOOKUPS = frozenset({"User", "UserMulti", "Lookup", "LookupMulti"})
_OFFICE = "application/vnd.openxmlformats-officedocument"
_CONTENT_TYPES = {".docx": f"{_OFFICE}.wordprocessingml.document", ".pdf": "application/pdf"}
Query = dict[str, list[str]]


@dataclass
class FakeSite:
    list_title: str
    items: list[dict[str, Any]]  # in Id order, every person and lookup expanded
    url: str = ""
    fields: list[dict[str, Any]] = field(default_factory=list)
    versions: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # server-relative path → bytes
    list_url: str = "/sites/tintuc/Lists/TinTuc"
    # Items listed a second time, at the top of the page after theirs (as when an item is
    # edited while a slow export pages through the list).
    relisted: frozenset[int] = frozenset()
    # Always answer in this format, whatever the client asks.
    odata: str | None = None
    _ids: set[int] = field(default_factory=set, init=False, repr=False)
    _ids_counted: int = field(default=-1, init=False, repr=False)
    # An origin written in the items' URLs, rewritten to the fake's own (127.0.0.1:port) in
    # answers, so absolute links point into the site they are served from.
    origin_alias: str | None = None
    # Statuses to answer before serving normally, one per request: (status, Retry-After).
    plan: list[tuple[int, str | None]] = field(default_factory=list)
    # Requests whose target (as sent, percent-encoded) contains a key get its status, always.
    failing: dict[str, int] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, path: str, query: Query, accept: str = "") -> tuple[int, bytes, str]:
        """Status, body and content type for a GET of `path` (percent-decoded) and `query`."""
        odata = self.odata or accept.partition("odata=")[2] or "minimalmetadata"
        match = _LIST_API.match(path)
        if match is None:
            content = self.files.get(path)
            if content is None:
                return _error(404, "File Not Found.")
            kind = _CONTENT_TYPES.get(path[path.rfind(".") :].lower())
            return 200, content, kind or mimetypes.guess_type(path)[0] or "application/octet-stream"
        if match["title"].replace("''", "'") != self.list_title:
            return _error(404, "List does not exist.")
        rest = match["rest"] or ""
        versions = _VERSIONS.match(rest)
        if rest == "/items":
            since = query.get("$filter", [""])[0]
            if since and not _SINCE.match(since):
                return _error(400, f"The fake filters only on Modified ge datetime'…': {since}")
            document = self._items_page(query, odata)
        elif rest == "":
            info = {"Title": self.list_title, "ItemCount": len({i["Id"] for i in self.items})}
            document = _entity(_selected(info, query), "SP.List", odata)
        elif rest == "/fields":
            document = _collection([_shaped(f, "SP.Field", odata) for f in self.fields], odata)
        elif rest == "/RootFolder":
            folder = {"Name": self.list_url.rsplit("/", 1)[-1], "ServerRelativeUrl": self.list_url}
            document = _entity(_selected(folder, query), "SP.Folder", odata)
        elif versions is not None:
            item_id = int(versions["id"])
            if not self._has_item(item_id):
                return _error(404, "Item does not exist. It may have been deleted by another user.")
            shaped = [
                _shaped(v, "SP.ListItemVersion", odata) for v in self.versions.get(item_id, [])
            ]
            document = _collection(shaped, odata)
        else:
            return _error(400, f"The fake does not serve {rest}.")
        return 200, self._rewrite(orjson.dumps(document)), JSON

    def _has_item(self, item_id: int) -> bool:
        # A set of the ids, made again when the list changes size: scanning the list for each
        # item's versions made exporting a 100k archive quadratic (25 minutes).
        if len(self.items) != self._ids_counted:
            self._ids = {item["Id"] for item in self.items}
            self._ids_counted = len(self.items)
        return item_id in self._ids

    def _items_page(self, query: Query, odata: str) -> dict[str, Any]:
        top = int(query.get("$top", ["100"])[0])
        items = self.items
        moment = _SINCE.match(query.get("$filter", [""])[0])
        if moment is not None:
            start = datetime.fromisoformat(moment["moment"].replace("Z", "+00:00"))
            items = [i for i in items if datetime.fromisoformat(i["Modified"]) >= start]
        after = 0
        token = query.get("$skiptoken", [""])[0]
        if token:
            after = int(parse_qs(token)["p_ID"][0])
        previous_page = [item for item in items if item["Id"] <= after][-top:] if after else []
        again = [item for item in previous_page if item["Id"] in self.relisted]
        rest = [item for item in items if item["Id"] > after]
        chunk = rest[:top]
        next_url = None
        if len(rest) > top:
            following = {name: values[0] for name, values in query.items()}
            following["$skiptoken"] = f"Paged=TRUE&p_ID={chunk[-1]['Id']}"
            title = quote(self.list_title.replace("'", "''"), safe="")
            options = urlencode(following, quote_via=quote)
            next_url = f"{self.url}/_api/web/lists/GetByTitle('{title}')/items?{options}"
        shaped = [self._item(item, query, odata) for item in again + chunk]
        return _collection(shaped, odata, next_url=next_url, kind="SP.ListData.TinTucListItems")

    def _item(self, item: dict[str, Any], query: Query, odata: str) -> dict[str, Any]:
        """An item as SharePoint answers for this `$select`/`$expand`."""
        select = [name for value in query.get("$select", []) for name in value.split(",") if name]
        expand = {name for value in query.get("$expand", []) for name in value.split(",") if name}
        every_column = not select or "*" in select
        parts: dict[str, list[str]] = defaultdict(list)
        for name in select:
            head, _, tail = name.partition("/")
            if tail:
                parts[head].append(tail)
        navigation = {"Author", "Editor", "AttachmentFiles"} | {
            f.get("EntityPropertyName") or f["InternalName"]
            for f in self.fields
            if f.get("TypeAsString") in _PEOPLE_AND_LOOKUPS
        }
        address = f"Web/Lists(guid'{_LIST_GUID}')/Items({item['Id']})"
        shaped: dict[str, Any] = {}
        if odata == "verbose":
            shaped["__metadata"] = {
                "id": address, "uri": f"{self.url}/_api/{address}",
                "etag": f'"{item.get("OData__UIVersionString", "1")}"',
                "type": "SP.Data.TinTucListItem",
            }  # fmt: skip
        elif odata == "minimalmetadata":
            shaped.update({"odata.type": "SP.Data.TinTucListItem", "odata.editLink": address})
        for name, value in item.items():
            if name not in navigation:
                if every_column or name in select or name in ("Id", "ID"):
                    shaped[name] = _shaped(value, "", odata)
            elif name in expand:
                shaped[name] = _shaped(_pick(value, parts.get(name)), "SP.Data.Entity", odata)
            elif not every_column and name not in select:
                continue
            elif odata == "verbose":
                shaped[name] = {"__deferred": {"uri": f"{self.url}/_api/{address}/{name}"}}
            elif odata == "minimalmetadata":
                shaped[f"{name}@odata.navigationLinkUrl"] = f"{address}/{name}"
        return shaped

    def _rewrite(self, payload: bytes) -> bytes:
        if not self.origin_alias or not self.url:
            return payload
        own = urlsplit(self.url)
        return payload.replace(self.origin_alias.encode(), f"{own.scheme}://{own.netloc}".encode())


_LIST_GUID = "3f1c2a57-0b8e-4d2a-9c61-5e7d8a9b0c12"


def _pick(value: Any, parts: list[str] | None) -> Any:
    """An expanded object with only the `$select`-ed properties (all when none are named)."""
    if not parts:
        return value
    if isinstance(value, list):
        return [_pick(entry, parts) for entry in value]
    if isinstance(value, dict):
        return {name: value[name] for name in parts if name in value}
    return value


def _selected(entity: dict[str, Any], query: Query) -> dict[str, Any]:
    names = [name for value in query.get("$select", []) for name in value.split(",") if name]
    return {k: v for k, v in entity.items() if k in names} if names else entity


def _shaped(value: Any, kind: str, odata: str) -> Any:
    """A value in the answer's format: verbose wraps objects with `__metadata` and lists as
    `{"results": [...]}`; the light formats send them as they are."""
    if odata != "verbose":
        return value
    if isinstance(value, list):
        return {"results": [_shaped(entry, kind, odata) for entry in value]}
    if isinstance(value, dict):
        shaped = {name: _shaped(entry, "", odata) for name, entry in value.items()}
        return {"__metadata": {"type": kind or "SP.ComplexValue"}, **shaped}
    return value


def _collection(
    entries: list[Any], odata: str, *, next_url: str | None = None, kind: str = "Collection"
) -> dict[str, Any]:
    if odata == "verbose":
        body: dict[str, Any] = {"results": entries}
        if next_url:
            body["__next"] = next_url
        return {"d": body}
    document: dict[str, Any] = {}
    if odata == "minimalmetadata":
        document["odata.metadata"] = f"_api/$metadata#{kind}"
    document["value"] = entries
    if next_url:
        document["odata.nextLink"] = next_url
    return document


def _entity(entity: dict[str, Any], kind: str, odata: str) -> dict[str, Any]:
    if odata == "verbose":
        return {"d": _shaped(entity, kind, odata)}
    if odata == "minimalmetadata":
        return {"odata.metadata": f"_api/$metadata#{kind}", **entity}
    return entity


def _error(status: int, message: str) -> tuple[int, bytes, str]:
    return status, orjson.dumps({"error": {"message": {"value": message}}}), JSON


@contextlib.contextmanager
def serve(site: FakeSite) -> Iterator[FakeSite]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: an export makes thousands of requests
        disable_nagle_algorithm = True  # else each answer waits 40 ms for a delayed ACK

        def do_GET(self) -> None:
            with site.lock:
                site.requests.append(self.path)
                planned = site.plan.pop(0) if site.plan else None
            if planned is not None:
                status, retry_after = planned
                self._send(*_error(status, "planned"), retry_after)
                return
            authorization = self.headers.get("authorization", "")
            if authorization != f"Bearer {BEARER}" and self.headers.get("cookie") != COOKIE:
                self._send(*_error(401, "Access denied."))
                return
            failure = next((s for key, s in site.failing.items() if key in self.path), None)
            if failure is not None:
                self._send(*_error(failure, "planned"))
                return
            parts = urlsplit(self.path)
            accept = self.headers.get("accept", "")
            self._send(*site.answer(unquote(parts.path), parse_qs(parts.query), accept))

        def _send(
            self, status: int, payload: bytes, content_type: str, retry_after: str | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(payload)))
            if retry_after is not None:
                self.send_header("retry-after", retry_after)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    # A short poll: shutdown() waits for it, once per test.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}/sites/tintuc"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
