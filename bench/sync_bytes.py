"""Bytes of an initial sync, identity vs gzip vs br (issue 17): every page of /v1/sync from a
running server, as an integrator's first mirror would read it.

    .venv/bin/python bench/sync_bytes.py http://127.0.0.1:8000 USERNAME PASSWORD [LIMIT]

Logs in as an admin, creates an API key with the `sync` scope, then reads the whole feed three
times with `Accept-Encoding` identity, gzip and br, and prints pages, bytes on the wire and time.
"""

import sys
import time

import httpx


def main() -> None:
    base, username, password = sys.argv[1:4]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 500
    token = httpx.post(
        f"{base}/v1/auth/token", data={"username": username, "password": password}
    ).json()["access_token"]
    key = httpx.post(
        f"{base}/v1/admin/api-keys",
        json={"name": "bench/sync_bytes.py", "scopes": ["sync"]},
        headers={"Authorization": f"Bearer {token}"},
    ).json()["key"]
    identity = None
    for coding in ("identity", "gzip", "br"):
        sent, pages, cursor, items = 0, 0, None, 0
        started = time.perf_counter()
        with httpx.Client(base_url=base) as client:
            while True:
                params: dict[str, str | int] = {"limit": limit}
                if cursor:
                    params["cursor"] = cursor
                response = client.get(
                    "/v1/sync", params=params, headers={"X-API-Key": key, "Accept-Encoding": coding}
                )
                response.raise_for_status()
                # The bytes on the wire, before httpx decodes them.
                sent += int(response.headers["content-length"])
                page = response.json()
                pages += 1
                items += len(page["upserted"])
                cursor = page["next_cursor"]
                if not page["has_more"]:
                    break
        elapsed = time.perf_counter() - started
        identity = identity or sent
        print(
            f"{coding:8} {pages} pages, {items} articles, {sent:,} bytes "
            f"({sent / identity:.1%}), {elapsed:.2f} s"
        )


if __name__ == "__main__":
    main()
