"""Look at a running server before the load: what to request, and whether it answers as expected.

    .venv/bin/python bench/probe.py http://127.0.0.1:PORT IDS_FILE [--ids 300] [--query "dan van"]
        [--scenarios list,detail,304,search,related,compressed]

Writes up to --ids live article ids to IDS_FILE (from `GET /v1/articles?limit=100` pages) and
prints KEY=VALUE lines for run.sh: CATEGORY, DETAIL_ID, ETAG, IDS, LIST_PATH, SEARCH_PATH, and
NOTE_* lines for anything odd (a filter answered 4xx, or seems to be ignored; related lists
missing or short, as when the related index was never built), checking only the scenarios
that will run; with `compressed`, BYTES_LIST and BYTES_DETAIL: the bytes sent per answer as
identity, gzip and br (the detail's a mean over the first ids). Standard library
only; an unexpected answer is reported, not fatal: the benchmark records what the server does.
"""

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

RELATED_LIMIT = 6  # what run.sh's related scenario asks for
CODINGS = ("identity", "gzip", "br")
SIZED_DETAILS = 20  # ids whose detail sizes are averaged


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], Any]:
    """GET a URL: (status, headers, parsed JSON body or None); HTTP errors are answers too."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, head, raw = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        status, head, raw = exc.code, dict(exc.headers), exc.read()
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = None
    return status, head, body


def sent_bytes(url: str, coding: str) -> tuple[int, str]:
    """The body's length as sent when accepting `coding` (urllib never decodes), and the
    Content-Encoding it came with ("" for none)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": coding})
    with urllib.request.urlopen(request, timeout=30) as response:
        return len(response.read()), response.headers.get("Content-Encoding") or ""


def sizes(urls: list[str], out: dict[str, str]) -> str:
    """Mean bytes per answer over `urls`, per coding: "identity gzip br"."""
    means = []
    for coding in CODINGS:
        found = [sent_bytes(url, coding) for url in urls]
        if any(sent != ("" if coding == "identity" else coding) for _, sent in found):
            out["NOTE_COMPRESSED"] = f"`Accept-Encoding: {coding}` was not answered in {coding}"
        means.append(round(sum(size for size, _ in found) / len(found)))
    return " ".join(str(mean) for mean in means)


def item_ids(body: Any) -> list[int]:
    if isinstance(body, dict) and isinstance(body.get("items"), list):
        return [item["id"] for item in body["items"] if isinstance(item, dict) and "id" in item]
    return []


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("ids_file")
    parser.add_argument("--ids", type=int, default=300)
    parser.add_argument("--query", default="dan van")
    parser.add_argument("--scenarios", default="list,detail,304,search,related")
    args = parser.parse_args()
    scenarios = set(args.scenarios.split(","))
    articles = args.base.rstrip("/") + "/v1/articles"
    out: dict[str, str] = {}

    status, _, body = fetch(f"{articles}?limit=1")
    first = body["items"][0] if status == 200 and item_ids(body) else None
    if first is None:
        print(f"probe: GET /v1/articles?limit=1 answered {status} with no items", file=sys.stderr)
        return 1
    out["CATEGORY"] = str((first.get("category") or {}).get("slug") or "")

    # Live ids, newest first, following the cursor until there are enough.
    ids: list[int] = []
    cursor: str | None = None
    while len(ids) < args.ids:
        query = {"limit": "100", **({"cursor": cursor} if cursor else {})}
        status, _, body = fetch(f"{articles}?{urllib.parse.urlencode(query)}")
        ids += item_ids(body)
        cursor = body.get("next_cursor") if status == 200 and isinstance(body, dict) else None
        if not cursor:
            break
    ids = ids[: args.ids]
    with open(args.ids_file, "w") as handle:
        handle.write("".join(f"{article_id}\n" for article_id in ids))
    out["IDS"] = str(len(ids))
    out["DETAIL_ID"] = str(ids[0])

    status, head, _ = fetch(f"{articles}/{ids[0]}")
    etag = next((value for key, value in head.items() if key.lower() == "etag"), "")
    out["ETAG"] = etag
    if not etag:
        out["NOTE_304"] = f"GET /v1/articles/{ids[0]} answered {status} without an ETag"
    else:
        status, _, _ = fetch(f"{articles}/{ids[0]}", {"If-None-Match": etag})
        if status != 304:
            out["NOTE_304"] = f"If-None-Match with the current ETag answered {status}, not 304"

    # Filters still being built may answer 4xx, or (unknown query parameters being ignored)
    # answer the unfiltered list; say so, since either changes what the row measures.
    _, _, plain = fetch(f"{articles}?limit=100")
    out["LIST_PATH"] = "/v1/articles?" + urllib.parse.urlencode(
        {"category": out["CATEGORY"], "limit": "20"}
    )
    out["SEARCH_PATH"] = "/v1/articles?" + urllib.parse.urlencode({"q": args.query})
    for key in ("LIST", "SEARCH"):
        if key.lower() not in scenarios:
            continue
        path = out[f"{key}_PATH"]
        status, _, body = fetch(args.base.rstrip("/") + path)
        found = item_ids(body)
        if status >= 400:
            out[f"NOTE_{key}"] = f"`{path}` answered {status}"
        elif status == 200 and found and found == item_ids(plain)[: len(found)]:
            out[f"NOTE_{key}"] = f"`{path}` returned the unfiltered list (filter ignored?)"
        elif status == 200 and not found:
            out[f"NOTE_{key}"] = f"`{path}` returned no items"

    # Related lists: without the index (seed-demo inserts rows directly) every answer is a
    # fast empty list, which would make the row meaningless.
    sample = ids[:20] if "related" in scenarios else []
    short = 0
    for article_id in sample:
        status, _, body = fetch(f"{articles}/{article_id}/related?limit={RELATED_LIMIT}")
        if status != 200:
            out["NOTE_RELATED"] = f"`/v1/articles/{article_id}/related` answered {status}"
            break
        short += len(item_ids(body)) < RELATED_LIMIT
    else:
        if short:
            out["NOTE_RELATED"] = (
                f"{short} of the first {len(sample)} ids have fewer than {RELATED_LIMIT} related "
                "articles (related index not built? `newsdesk related-rebuild`)"
            )

    if "compressed" in scenarios:
        out["BYTES_LIST"] = sizes([args.base.rstrip("/") + out["LIST_PATH"]], out)
        out["BYTES_DETAIL"] = sizes([f"{articles}/{i}" for i in ids[:SIZED_DETAILS]], out)

    for key, value in out.items():
        print(f"{key}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
