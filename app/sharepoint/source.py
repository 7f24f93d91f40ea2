"""Where list items come from: a live site's REST API, or the export folder a team hands over.

Both give the same thing, pages of plain items (app.sharepoint.odata), so the importer has one
code path whichever the source. A live site is read page by page following the answer's own
next link (`__next`, `odata.nextLink`: SharePoint's `$skiptoken` paging, never `$skip`, which
list items do not support); a throttled answer (429, 503) is retried after its `Retry-After`.
An export folder holds the same JSON pages as files, `items/*.json`, read in name order.
"""

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import quote

import httpx

from app.sharepoint.odata import MalformedPage, Page, read_page

ODataFormat = Literal["verbose", "nometadata", "minimalmetadata"]
THROTTLED = frozenset({429, 503})
# Never wait longer than this for one Retry-After, whatever the site says.
MAX_RETRY_AFTER_SECONDS = 120.0


class SourceError(Exception):
    """The source cannot be read further (credentials refused, list missing, page unreadable);
    the message says what to do."""


def items_url(site_url: str, list_title: str, *, page_size: int) -> str:
    """The first page of a list's items. A quote in the title is doubled (OData string)."""
    title = quote(list_title.replace("'", "''"), safe="")
    return f"{site_url.rstrip('/')}/_api/web/lists/GetByTitle('{title}')/items?$top={page_size}"


@dataclass
class SiteSource:
    """A live site, with a bearer token or the Cookie header of a signed-in browser session
    (docs/migration.md says how to get either)."""

    site_url: str
    list_title: str
    bearer_token: str | None = None
    cookie: str | None = None
    odata: ODataFormat = "nometadata"
    page_size: int = 100
    retries: int = 5
    timeout: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def pages(self) -> Iterator[Page]:
        headers = {"Accept": f"application/json;odata={self.odata}"}
        if self.bearer_token:
            headers["Authorization"] = f"Bearer {self.bearer_token}"
        if self.cookie:
            headers["Cookie"] = self.cookie
        url: str | None = items_url(self.site_url, self.list_title, page_size=self.page_size)
        with httpx.Client(headers=headers, timeout=self.timeout) as client:
            while url is not None:
                page = self._page(client, url)
                yield page
                url = page.next_url

    def _page(self, client: httpx.Client, url: str) -> Page:
        for attempt in range(self.retries + 1):
            try:
                response = client.get(url)
            except httpx.HTTPError as error:
                if attempt == self.retries:
                    raise SourceError(f"{url}: {error}") from error
                self.sleep(min(2.0**attempt, MAX_RETRY_AFTER_SECONDS))
                continue
            if response.status_code in THROTTLED and attempt < self.retries:
                self.sleep(_retry_after(response, default=2.0**attempt))
                continue
            if response.status_code in (401, 403):
                raise SourceError(
                    f"the site refused the credentials ({response.status_code}): renew the "
                    "bearer token or copy the Cookie header of a signed-in session again"
                )
            if response.status_code == 404:
                raise SourceError(f"no list {self.list_title!r} at {self.site_url} (404)")
            if response.status_code != 200:
                raise SourceError(f"{url}: the site answered {response.status_code}")
            try:
                return read_page(response.content)
            except MalformedPage as error:
                raise SourceError(f"{url}: {error}") from error
        raise SourceError(f"{url}: still throttled after {self.retries} retries")


def _retry_after(response: httpx.Response, *, default: float) -> float:
    try:
        seconds = float(response.headers.get("retry-after", default))
    except ValueError:
        seconds = default
    return max(0.0, min(seconds, MAX_RETRY_AFTER_SECONDS))


@dataclass
class FolderSource:
    """An export folder: `items/*.json`, each one page in any OData format. A page that cannot
    be read is skipped and named in `problems`; the others are read."""

    folder: Path
    problems: list[str] = field(default_factory=list)

    def pages(self) -> Iterator[Page]:
        page_files = sorted((self.folder / "items").glob("*.json"))
        if not page_files:
            raise SourceError(f"no items/*.json in {self.folder}")
        for page_file in page_files:
            try:
                yield read_page(page_file.read_bytes())
            except MalformedPage as error:
                self.problems.append(f"{page_file.name}: {error}")
