"""A local fake of a SharePoint site's REST API, served over real HTTP on 127.0.0.1.

It serves one list's items the way SharePoint does: `$top` pages, `$skiptoken=Paged=TRUE&p_ID=N`
in the next link, verbose or light OData as the `Accept` header asks, 401 without credentials,
404 for another list, and whatever statuses a test plans (429 with `Retry-After`).
"""

import contextlib
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import orjson

BEARER = "fake-sharepoint-token"
COOKIE = "FedAuth=77u/PD94bWwgdmVyc2lvbj0iMS4wIj8+; rtFa=abc"
_LIST_PATH = re.compile(
    r"^(?:/sites/[^/]+)?/_api/web/lists/GetByTitle\('(?P<title>(?:[^']|'')*)'\)/items$"
)


@dataclass
class FakeSite:
    list_title: str
    items: list[dict[str, Any]]
    url: str = ""
    # Statuses to answer before serving normally, one per request: (status, Retry-After).
    plan: list[tuple[int, str | None]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def page(self, query: dict[str, list[str]], odata: str) -> dict[str, Any]:
        top = int(query.get("$top", ["100"])[0])
        after = 0
        token = query.get("$skiptoken", [""])[0]
        if token:
            after = int(parse_qs(token)["p_ID"][0])
        rest = [item for item in self.items if item["Id"] > after]
        chunk = rest[:top]
        next_url = None
        if len(rest) > top:
            skiptoken = quote(f"Paged=TRUE&p_ID={chunk[-1]['Id']}", safe="")
            title = quote(self.list_title.replace("'", "''"), safe="")
            next_url = (
                f"{self.url}/_api/web/lists/GetByTitle('{title}')/items"
                f"?%24skiptoken={skiptoken}&%24top={top}"
            )
        if odata == "verbose":
            body: dict[str, Any] = {"results": [_verbose(item) for item in chunk]}
            if next_url:
                body["__next"] = next_url
            return {"d": body}
        document: dict[str, Any] = {"value": chunk}
        if odata == "minimalmetadata":
            document["odata.metadata"] = f"{self.url}/_api/$metadata#SP.ListData.ListItems"
        if next_url:
            document["odata.nextLink"] = next_url
        return document


def _verbose(item: dict[str, Any]) -> dict[str, Any]:
    shaped: dict[str, Any] = {"__metadata": {"type": "SP.Data.ListItem"}}
    for name, value in item.items():
        if isinstance(value, list):
            value = {"results": value}
        elif isinstance(value, dict):
            value = {"__metadata": {"type": "SP.Data.UserInfoItem"}, **value}
        shaped[name] = value
    return shaped


@contextlib.contextmanager
def serve(site: FakeSite) -> Iterator[FakeSite]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with site.lock:
                site.requests.append(self.path)
                planned = site.plan.pop(0) if site.plan else None
            if planned is not None:
                status, retry_after = planned
                self._send(status, {"error": {"message": {"value": "planned"}}}, retry_after)
                return
            authorization = self.headers.get("authorization", "")
            if authorization != f"Bearer {BEARER}" and self.headers.get("cookie") != COOKIE:
                self._send(401, {"error": {"message": {"value": "Access denied."}}})
                return
            parts = urlsplit(self.path)
            match = _LIST_PATH.match(unquote(parts.path))
            if not match or match["title"].replace("''", "'") != site.list_title:
                self._send(404, {"error": {"message": {"value": "List does not exist."}}})
                return
            accept = self.headers.get("accept", "")
            odata = accept.partition("odata=")[2] or "minimalmetadata"
            self._send(200, site.page(parse_qs(parts.query), odata))

        def _send(self, status: int, body: Any, retry_after: str | None = None) -> None:
            payload = orjson.dumps(body)
            self.send_response(status)
            self.send_header("content-type", "application/json;charset=utf-8")
            self.send_header("content-length", str(len(payload)))
            if retry_after is not None:
                self.send_header("retry-after", retry_after)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}/sites/tintuc"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
