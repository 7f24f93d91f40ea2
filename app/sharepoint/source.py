"""Where list items come from: a live site's REST API, or the export folder a team hands over.

Both give the same things (the `Source` protocol): pages of plain items (app.sharepoint.odata),
the list's fields, each item's versions and the files its items point to, so the importer has
one code path whichever the source. A live site is read page by page following the answer's
own next link (`__next`, `odata.nextLink`: SharePoint's `$skiptoken` paging, never `$skip`,
which list items do not support); a throttled answer (429, 503) is retried after its
`Retry-After`. An export folder (the layout `newsdesk export-sharepoint` writes) holds the same
answers as files: `items/*.json` read in name order, `fields.json`, `versions/<id>.json`,
`files/<server-relative path>`.
"""

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import quote, unquote, urlsplit

import httpx
import orjson

from app.sharepoint.odata import MalformedPage, Page, read_date, read_entity, read_page

ODataFormat = Literal["verbose", "nometadata", "minimalmetadata"]
THROTTLED = frozenset({429, 503})
# Never wait longer than this for one Retry-After, whatever the site says.
MAX_RETRY_AFTER_SECONDS = 120.0
_PERSON_TYPES = frozenset({"User", "UserMulti"})
_LOOKUP_TYPES = frozenset({"Lookup", "LookupMulti"})


class SourceError(Exception):
    """The source cannot be read further (credentials refused, list missing, page unreadable);
    the message says what to do."""


class CredentialsRefused(SourceError):
    """401/403: every further request would be refused too, so a run stops here."""


class Source(Protocol):
    """What the importer reads, from a live site or from an export folder."""

    problems: list[str]

    @property
    def site_url(self) -> str: ...

    @property
    def list_url(self) -> str: ...

    def pages(self, since: datetime | None = None) -> Iterator[Page]: ...

    def fields(self) -> list[dict[str, Any]]: ...

    def versions(self, item_id: int) -> list[dict[str, Any]]: ...

    def download(self, url: str) -> bytes | None: ...

    def item_count(self) -> int | None: ...


def property_name(list_field: dict[str, Any]) -> str:
    """The name a field's values have in item JSON."""
    return str(list_field.get("EntityPropertyName") or list_field["InternalName"])


def expanded_query(fields: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """`$select` and `$expand` for whole items: every column, plus the people, lookups and
    attachments, which SharePoint gives only as ids (or not at all) unless expanded.
    Hidden and read-only lookups (SharePoint's own plumbing) are left as ids: a site refuses
    queries that join more than 12 lookups."""
    select, expand = ["*"], []
    people = {"Author", "Editor"}
    lookups = set()
    for list_field in fields:
        if list_field.get("Hidden") or list_field.get("ReadOnlyField"):
            continue
        if list_field.get("TypeAsString") in _PERSON_TYPES:
            people.add(property_name(list_field))
        elif list_field.get("TypeAsString") in _LOOKUP_TYPES:
            lookups.add(property_name(list_field))
    for name in sorted(people):
        expand.append(name)
        select.extend(f"{name}/{part}" for part in ("Id", "Title", "EMail", "Name"))
    for name in sorted(lookups):
        expand.append(name)
        select.extend((f"{name}/Id", f"{name}/Title"))
    expand.append("AttachmentFiles")
    select.append("AttachmentFiles")
    return select, expand


def items_url(
    site_url: str,
    list_title: str,
    *,
    page_size: int,
    select: list[str] | None = None,
    expand: list[str] | None = None,
    since: datetime | None = None,
) -> str:
    """The first page of a list's items; the site's next links carry the options on."""
    url = f"{list_api_url(site_url, list_title)}/items?$top={page_size}"
    if select:
        url += "&$select=" + quote(",".join(select), safe="*,/")
    if expand:
        url += "&$expand=" + quote(",".join(expand), safe=",/")
    if since is not None:
        url += "&$filter=" + quote(f"Modified ge datetime'{_odata_moment(since)}'", safe="'")
    return url


def list_api_url(site_url: str, list_title: str) -> str:
    """The list's REST address. A quote in the title is doubled (OData string)."""
    title = quote(list_title.replace("'", "''"), safe="")
    return f"{site_url.rstrip('/')}/_api/web/lists/GetByTitle('{title}')"


def _odata_moment(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def site_file_path(url: str, site_url: str) -> str | None:
    """The percent-decoded server-relative path of a file URL that points into the site
    (server-relative, or absolute on the site's host under either scheme: old bodies mix
    http and https), without its query; None for another host or an unsafe path."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc:
        site_host = urlsplit(site_url).hostname
        if parts.scheme not in ("http", "https", "") or parts.hostname != site_host:
            return None
    path = unquote(parts.path)
    if not path.startswith("/"):
        return None
    # A path is later a file name under files/: nothing may climb out of that folder.
    if any(segment in ("", ".", "..") for segment in path[1:].split("/")) or "\\" in path:
        return None
    return path


def _modified_since(items: list[dict[str, Any]], since: datetime | None) -> list[dict[str, Any]]:
    """Items changed at or after `since`; one whose date cannot be read is kept (importing it
    again costs less than missing it)."""
    if since is None:
        return items
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    kept = []
    for item in items:
        try:
            modified = read_date(item.get("Modified"))
        except ValueError:
            modified = None
        if modified is None or modified >= since:
            kept.append(item)
    return kept


@dataclass
class SiteSource:
    """A live site, with a bearer token or the Cookie header of a signed-in browser session
    (docs/migration.md says how to get either). Holds one HTTP connection pool: `close()` it,
    or use it in a `with` block."""

    site_url: str
    list_title: str
    bearer_token: str | None = None
    cookie: str | None = None
    odata: ODataFormat = "nometadata"
    page_size: int = 100
    retries: int = 5
    timeout: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    select: list[str] = field(default_factory=list)
    expand: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _list_url: str | None = field(default=None, init=False, repr=False)

    def __enter__(self) -> "SiteSource":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def list_url(self) -> str:
        """The list's server-relative address ("/sites/tintuc/Lists/TinTuc"), asked once."""
        if self._list_url is None:
            url = f"{list_api_url(self.site_url, self.list_title)}/RootFolder"
            response = self._list_answer(f"{url}?$select=ServerRelativeUrl")
            try:
                value = read_entity(response.content).get("ServerRelativeUrl")
            except MalformedPage as error:
                raise SourceError(f"{url}: {error}") from error
            if not isinstance(value, str):
                raise SourceError(f"{url}: the answer has no ServerRelativeUrl")
            self._list_url = value
        return self._list_url

    def item_count(self) -> int | None:
        """How many items the list holds (for the progress line's ETA); None if not told."""
        url = f"{list_api_url(self.site_url, self.list_title)}?$select=ItemCount"
        try:
            count = read_entity(self._list_answer(url).content).get("ItemCount")
        except CredentialsRefused:
            raise
        except (SourceError, MalformedPage):
            return None
        return count if isinstance(count, int) and not isinstance(count, bool) else None

    def pages(self, since: datetime | None = None) -> Iterator[Page]:
        """The list's items page by page, in Id order; with `since`, those modified since
        (on a list over 5000 items the site refuses that filter unless Modified is indexed)."""
        for _, page in self.answers(since):
            yield Page(_modified_since(page.items, since), page.next_url)

    def answers(self, since: datetime | None = None) -> Iterator[tuple[bytes, Page]]:
        """Each items page as the site sent it, with what it reads as (the export keeps the
        bytes). Stops with SourceError at a page that cannot be read: the next page's address
        is in it."""
        url: str | None = items_url(
            self.site_url, self.list_title, page_size=self.page_size,
            select=self.select, expand=self.expand, since=since,
        )  # fmt: skip
        while url is not None:
            response = self._list_answer(url)
            try:
                page = read_page(response.content)
            except MalformedPage as error:
                raise SourceError(f"{url}: {error}") from error
            yield response.content, page
            url = page.next_url

    def fields(self) -> list[dict[str, Any]]:
        return _collection(self.fields_answer(), "fields", self.problems)

    def fields_answer(self) -> bytes | None:
        """The `…/fields` answer as sent; None (and a problem) when it cannot be had."""
        return self._optional(f"{list_api_url(self.site_url, self.list_title)}/fields", "fields")

    def versions(self, item_id: int) -> list[dict[str, Any]]:
        """The item's versions, newest first as the site answers."""
        return _collection(self.versions_answer(item_id), f"versions of {item_id}", self.problems)

    def versions_answer(self, item_id: int) -> bytes | None:
        """The `…/items(ID)/versions` answer as sent; None when the site has no such item."""
        url = f"{list_api_url(self.site_url, self.list_title)}/items({item_id})/versions"
        return self._optional(url, f"versions of {item_id}")

    def download(self, url: str) -> bytes | None:
        """A file of the site; None when it is missing (named in `problems`) or on another
        host: the credentials are never sent elsewhere."""
        path = site_file_path(url, self.site_url)
        if path is None:
            return None
        origin = urlsplit(self.site_url)
        response = self._get(f"{origin.scheme}://{origin.netloc}{quote(path)}", accept="*/*")
        if response.status_code == 200:
            return response.content
        reason = "missing (404)" if response.status_code == 404 else "unreadable"
        self.problems.append(f"{path}: {reason}, the site answered {response.status_code}")
        return None

    def _list_answer(self, url: str) -> httpx.Response:
        """An answer the run cannot do without (items, the list's folder)."""
        response = self._get(url)
        if response.status_code == 404:
            raise SourceError(f"no list {self.list_title!r} at {self.site_url} (404)")
        if response.status_code != 200:
            raise SourceError(f"{url}: the site answered {response.status_code}")
        return response

    def _optional(self, url: str, what: str) -> bytes | None:
        response = self._get(url)
        if response.status_code == 200:
            return response.content
        if response.status_code != 404:
            self.problems.append(f"{what}: the site answered {response.status_code}")
        return None

    def _get(self, url: str, *, accept: str | None = None) -> httpx.Response:
        """One GET, retried while the site throttles or the network fails. Credentials refused
        end the run; any other answer is the caller's to judge."""
        client = self._http()
        headers = {"Accept": accept} if accept else None
        attempt = 0
        while True:
            try:
                response = client.get(url, headers=headers)
            except httpx.HTTPError as error:
                if attempt >= self.retries:
                    raise SourceError(f"{url}: {error}") from error
                wait = min(2.0**attempt, MAX_RETRY_AFTER_SECONDS)
            else:
                if response.status_code in (401, 403):
                    raise CredentialsRefused(
                        f"the site refused the credentials ({response.status_code}): renew the "
                        "bearer token or copy the Cookie header of a signed-in session again"
                    )
                if response.status_code not in THROTTLED or attempt >= self.retries:
                    return response
                wait = _retry_after(response, default=2.0**attempt)
            self.sleep(wait)
            attempt += 1

    def _http(self) -> httpx.Client:
        if self._client is None:
            headers = {"Accept": f"application/json;odata={self.odata}"}
            if self.bearer_token:
                headers["Authorization"] = f"Bearer {self.bearer_token}"
            if self.cookie:
                headers["Cookie"] = self.cookie
            # No redirects: a signed-out session is sent to a login page, which must not be
            # saved as the file asked for.
            self._client = httpx.Client(headers=headers, timeout=self.timeout)
        return self._client


def _retry_after(response: httpx.Response, *, default: float) -> float:
    try:
        seconds = float(response.headers.get("retry-after", default))
    except ValueError:
        seconds = default
    return max(0.0, min(seconds, MAX_RETRY_AFTER_SECONDS))


def _collection(payload: bytes | None, what: str, problems: list[str]) -> list[dict[str, Any]]:
    if payload is None:
        return []
    try:
        return read_page(payload).items
    except MalformedPage as error:
        problems.append(f"{what}: {error}")
        return []


@dataclass
class FolderSource:
    """An export folder: `items/*.json`, each one page in any OData format. A page that cannot
    be read is skipped and named in `problems`; the others are read."""

    folder: Path
    problems: list[str] = field(default_factory=list)
    _site: dict[str, Any] | None = field(default=None, init=False, repr=False)

    @property
    def site_url(self) -> str:
        return str(self._site_json()["site_url"])

    @property
    def list_url(self) -> str:
        return str(self._site_json()["list_url"])

    def _site_json(self) -> dict[str, Any]:
        if self._site is None:
            try:
                site = orjson.loads((self.folder / "site.json").read_bytes())
            except (OSError, orjson.JSONDecodeError) as error:
                raise SourceError(f"{self.folder}/site.json cannot be read: {error}") from error
            if not isinstance(site, dict) or not {"site_url", "list_url"} <= site.keys():
                raise SourceError(f"{self.folder}/site.json lacks site_url or list_url")
            self._site = site
        return self._site

    def pages(self, since: datetime | None = None) -> Iterator[Page]:
        page_files = sorted((self.folder / "items").glob("*.json"))
        if not page_files:
            raise SourceError(f"no items/*.json in {self.folder}")
        for page_file in page_files:
            try:
                page = read_page(page_file.read_bytes())
            except MalformedPage as error:
                self.problems.append(f"{page_file.name}: {error}")
                continue
            yield Page(_modified_since(page.items, since), page.next_url)

    def fields(self) -> list[dict[str, Any]]:
        return _collection(self._read("fields.json"), "fields.json", self.problems)

    def versions(self, item_id: int) -> list[dict[str, Any]]:
        name = f"versions/{item_id}.json"
        return _collection(self._read(name), name, self.problems)

    def item_count(self) -> int | None:
        """The export saved one version history per item."""
        return sum(1 for _ in (self.folder / "versions").glob("*.json")) or None

    def download(self, url: str) -> bytes | None:
        """A file saved under `files/`; None when the export lacks it (named in `problems`, as
        a live site's 404 is) or it is off the site."""
        path = site_file_path(url, self.site_url)
        if path is None:
            return None
        content = self._read(f"files{path}")
        if content is None:
            self.problems.append(f"{path}: not in the export folder")
        return content

    def _read(self, name: str) -> bytes | None:
        try:
            return (self.folder / name).read_bytes()
        except FileNotFoundError:
            return None
