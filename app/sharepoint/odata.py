"""Pages of the SharePoint REST API, in whichever OData format the site answered.

The same list items come in three shapes, depending on the `Accept` header sent (or the one the
export tool used):
- `application/json;odata=verbose`: `{"d": {"results": [...], "__next": URL}}`, each item with
  `__metadata`, an unexpanded lookup as `{"__deferred": ...}`, a multi-value field as
  `{"results": [...]}`;
- `application/json;odata=nometadata` and `…=minimalmetadata`: `{"value": [...],
  "odata.nextLink": URL}` (`@odata.nextLink` on newer sites), multi-value fields as plain arrays;
- a single item (`…/items(7)`) without the list wrapper.

`read_page` turns any of them into one shape: plain items (metadata dropped, multi-values as
lists) and the address of the next page. Dates come as ISO 8601 strings, or as
`/Date(1400555700000)/` from older endpoints; `read_date` reads both.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

_MS_DATE = re.compile(r"^/Date\((-?\d+)(?:[+-]\d{4})?\)/$")
_METADATA_KEYS = frozenset({"__metadata", "odata.type", "odata.id", "odata.etag", "odata.editLink"})


class MalformedPage(ValueError):
    """A page that is not JSON or not a SharePoint list answer; the reason says which."""


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_url: str | None


def read_page(payload: bytes | str) -> Page:
    """The items and the next page's address of one answer of `…/items` (any OData format)."""
    try:
        document = orjson.loads(payload)
    except orjson.JSONDecodeError as error:
        raise MalformedPage(f"not JSON: {error}") from None
    if not isinstance(document, dict):
        raise MalformedPage(f"expected a JSON object, got {type(document).__name__}")
    if "error" in document or "odata.error" in document:
        raise MalformedPage(f"the site answered an error: {_error_message(document)}")
    if "d" in document:  # verbose
        body = document["d"]
        if not isinstance(body, dict):
            raise MalformedPage("`d` is not an object")
        if "results" in body:
            return Page(_items(body["results"]), _next(body.get("__next")))
        return Page(_items([body]), None)
    if "value" in document:  # nometadata / minimalmetadata
        next_url = document.get("odata.nextLink", document.get("@odata.nextLink"))
        return Page(_items(document["value"]), _next(next_url))
    if "Id" in document or "ID" in document:  # one item, no wrapper
        return Page(_items([document]), None)
    raise MalformedPage("neither a verbose (`d`) nor a light (`value`) OData answer")


def _items(raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise MalformedPage("the items are not a list")
    return [_plain(item) for item in raw if isinstance(item, dict)]


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    """An item without metadata, lookups unexpanded left out, multi-values as lists."""
    plain: dict[str, Any] = {}
    for name, value in item.items():
        if name in _METADATA_KEYS or name.startswith(("odata.", "@odata.")) or "@odata." in name:
            continue
        if isinstance(value, dict):
            if "__deferred" in value:
                continue  # a lookup that was not $expand-ed: nothing to read here
            if set(value) <= {"results", "__metadata"} and isinstance(value.get("results"), list):
                value = [_plain(v) if isinstance(v, dict) else v for v in value["results"]]
            else:
                value = _plain(value)
        elif isinstance(value, list):
            value = [_plain(v) if isinstance(v, dict) else v for v in value]
        plain[name] = value
    return plain


def _next(url: Any) -> str | None:
    if url is None or url == "":
        return None
    if not isinstance(url, str):
        raise MalformedPage("the next page's address is not a string")
    return url


def _error_message(document: dict[str, Any]) -> str:
    error = document.get("error") or document.get("odata.error") or {}
    message = error.get("message") if isinstance(error, dict) else None
    if isinstance(message, dict):
        message = message.get("value")
    return str(message or error)


def read_date(value: Any) -> datetime | None:
    """A SharePoint date: ISO 8601 (UTC when it says no zone) or `/Date(ms)/`; None for
    null or empty. Anything else is a ValueError, for the item's warning."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    legacy = _MS_DATE.match(value)
    if legacy:
        try:
            return datetime.fromtimestamp(int(legacy.group(1)) / 1000, tz=UTC)
        except (OverflowError, OSError) as error:
            raise ValueError(f"date out of range: {value!r}") from error
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def read_entity(payload: bytes | str) -> dict[str, Any]:
    """One object that is not a list item (`…/RootFolder`), in any OData format, without its
    metadata."""
    try:
        document = orjson.loads(payload)
    except orjson.JSONDecodeError as error:
        raise MalformedPage(f"not JSON: {error}") from None
    if isinstance(document, dict) and isinstance(document.get("d"), dict):
        document = document["d"]
    if not isinstance(document, dict):
        raise MalformedPage(f"expected a JSON object, got {type(document).__name__}")
    if "error" in document or "odata.error" in document:
        raise MalformedPage(f"the site answered an error: {_error_message(document)}")
    return _plain(document)
