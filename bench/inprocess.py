"""Time one request path straight into the ASGI app, without a server or network: what our own
code costs per request (the access line included), for finding where time goes.

    DATABASE_URL=sqlite:///bench/.data/bench-100k.db NEWSDESK_RUN_JOBS=false \\
        .venv/bin/python bench/inprocess.py "/v1/articles?category=xay-dung-dang&limit=20" 20000 \\
        2>/tmp/inprocess.log; grep -E "^(n=|status)" /tmp/inprocess.log

Options by environment: ETAG=<etag> sends If-None-Match; PROF=1 prints a cProfile table
(SORT=cumtime to sort by cumulative time); NOLOG=1 turns the access line off; INLINE=1 runs
PostgreSQL's reader-thread reads on the calling thread instead (cProfile sees one thread only,
and a single caller gains nothing from the hop). Results go to stderr, with the log lines (send
them to a file, as a server's log would be).
"""

import asyncio
import cProfile
import logging
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

from app.core import db
from app.main import app

if os.environ.get("NOLOG"):
    logging.getLogger("newsdesk.access").disabled = True


class _OnTheCallingThread(Executor):
    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        done: Future[Any] = Future()
        try:
            done.set_result(fn(*args, **kwargs))
        except BaseException as error:  # handed to the awaiting caller, as a thread would
            done.set_exception(error)
        return done


if os.environ.get("INLINE"):
    db._threads = lambda name, count: _OnTheCallingThread()  # type: ignore[assignment]
    db._become_reader()


async def call(path: str, query: bytes, headers: list[tuple[bytes, bytes]]) -> list[Any]:
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 5555),
        "server": ("127.0.0.1", 8000),
    }
    await app(scope, receive, send)
    return sent


async def main(url: str, count: int) -> None:
    path, _, query = url.partition("?")
    headers = [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"bench")]
    if etag := os.environ.get("ETAG"):
        headers.append((b"if-none-match", etag.encode()))
    for _ in range(200):  # warm up: caches, the kept connection, lazy imports
        sent = await call(path, query.encode(), headers)
    size = sum(len(m.get("body", b"")) for m in sent[1:])
    print("status", sent[0]["status"], "bytes", size, file=sys.stderr)
    profile = cProfile.Profile() if os.environ.get("PROF") else None
    times = []
    if profile:
        profile.enable()
    for _ in range(count):
        started = time.perf_counter()
        await call(path, query.encode(), headers)
        times.append(time.perf_counter() - started)
    if profile:
        profile.disable()
        stats = pstats.Stats(profile, stream=sys.stderr)
        stats.sort_stats(os.environ.get("SORT", "tottime")).print_stats(35)
    times.sort()
    print(
        f"n={count} mean={statistics.mean(times) * 1e6:.0f}us"
        f" p50={times[count // 2] * 1e6:.0f}us p99={times[int(count * 0.99)] * 1e6:.0f}us",
        file=sys.stderr,
    )


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5000))
