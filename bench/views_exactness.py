"""Exactness under load (issue 6): 100,000 beacons from 10,000 visitors over 64 connections to
`newsdesk serve --workers 2`, with a graceful restart mid-run; then the stored counts must equal
the distinct (visitor, article) views accepted: 0 lost, 0 double-counted.

    .venv/bin/python bench/views_exactness.py                      # scratch SQLite file
    .venv/bin/python bench/views_exactness.py --database-url postgresql://postgres@127.0.0.1/x
    .venv/bin/python bench/views_exactness.py --beacons 20000      # a shorter run

The database is migrated and seeded (demo newsroom) first; use a scratch one: its counts are
compared as a difference (before/after), so an already-seeded database also works. The dedupe
window is set to a day so that no window ends mid-run (windows are fixed, from the epoch: do not
start it just before 00:00 UTC). A beacon refused while the server restarts (connection error)
is sent again, as a browser's retry would be; it is deduped if it had in fact been counted.
"""

import argparse
import asyncio
import atexit
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import orjson
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


SERVERS: list[subprocess.Popen[bytes]] = []  # stopped at exit, however the run ends


def stop_servers() -> None:
    for server in SERVERS:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()


def start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(BIN / "newsdesk"), "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    SERVERS.append(server)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    sys.exit("server did not start")


def totals(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = conn.execute(text("SELECT COALESCE(SUM(view_count), 0) FROM article")).scalar()
        buckets = conn.execute(text("SELECT COALESCE(SUM(views), 0) FROM view_daily")).scalar()
    engine.dispose()
    return int(counts or 0), int(buckets or 0)


class Connection:
    """One keep-alive HTTP/1.1 connection sending beacons: plain asyncio streams, as a
    browser's requests are ~1 KB of text (httpx's pool cost ~1 ms of client CPU a request and
    made the client, not the server, the bottleneck of this benchmark)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, article_id: int, visitor: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        body = orjson.dumps({"visitor_id": visitor})
        self.writer.write(
            (
                f"POST /v1/articles/{article_id}/views HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"User-Agent: {AGENT}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
            + body
        )
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length, closing = 0, False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
            elif name.lower() == b"connection" and value.strip().lower() == b"close":
                closing = True
        if length:
            await self.reader.readexactly(length)
        if closing:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def send_all(
    port: int, beacons: list[tuple[int, str]], connections: int, halfway: asyncio.Event
) -> tuple[set[tuple[int, str]], int, int]:
    accepted: set[tuple[int, str]] = set()
    retries = 0
    done = 0
    queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue()
    for beacon in beacons:
        queue.put_nowait(beacon)

    async def worker() -> None:
        nonlocal retries, done
        connection = Connection(port)
        while not queue.empty():
            article_id, visitor = queue.get_nowait()
            while True:
                try:
                    status = await connection.post(article_id, visitor)
                    break
                except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                    # Refused or cut while the server restarts: send it again, as a browser's
                    # retry would (deduped if it had in fact been counted).
                    connection.close()
                    retries += 1
                    await asyncio.sleep(0.1)
            if status != 202:
                raise SystemExit(f"beacon answered {status}")
            accepted.add((article_id, visitor))
            done += 1
            if done >= len(beacons) // 2:
                halfway.set()
        connection.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return accepted, retries, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--beacons", type=int, default=100_000)
    parser.add_argument("--visitors", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/views-exactness.db"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "NEWSDESK_RUN_JOBS": "false",
        "NEWSDESK_VIEWS_RATE_LIMIT": "100000000/minute",
        "NEWSDESK_VIEWS_DEDUPE_MINUTES": "1440",
    }
    subprocess.run([str(BIN / "newsdesk"), "migrate"], env=env, check=True)
    subprocess.run([str(BIN / "newsdesk"), "seed-demo", "--if-empty"], env=env, check=True)
    port = free_port()
    server = start(env, port)
    ids_page = httpx.get(f"http://127.0.0.1:{port}/v1/articles?limit=100&fields=id").json()
    ids = [item["id"] for item in ids_page["items"]]
    before = totals(url)
    rng = random.Random(6)
    beacons = [
        (rng.choice(ids), f"visitor-{rng.randrange(args.visitors)}") for _ in range(args.beacons)
    ]
    print(f"{len(beacons)} beacons, {len(set(beacons))} distinct views, {len(ids)} articles")
    accepted, retries, sent, elapsed, server = asyncio.run(
        load(env, port, server, beacons, args.connections)
    )
    server.send_signal(signal.SIGTERM)
    server.wait(60)
    after = totals(url)
    counted = (after[0] - before[0], after[1] - before[1])
    print(f"{sent} beacons accepted in {elapsed:.1f} s ({sent / elapsed:.0f}/s), {retries} retries")
    print(
        f"distinct views accepted: {len(accepted)}; view_count +{counted[0]}, buckets +{counted[1]}"
    )
    ok = counted == (len(accepted), len(accepted))
    print("EXACT: 0 lost, 0 double-counted" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)


async def load(
    env: dict[str, str],
    port: int,
    server: subprocess.Popen[bytes],
    beacons: list[tuple[int, str]],
    connections: int,
) -> tuple[set[tuple[int, str]], int, int, float, subprocess.Popen[bytes]]:
    """Send every beacon, restarting the server gracefully once half have been accepted."""
    halfway = asyncio.Event()
    started = time.monotonic()
    sending = asyncio.create_task(send_all(port, beacons, connections, halfway))
    await halfway.wait()
    server.send_signal(signal.SIGTERM)  # graceful: in-flight beacons finish
    await asyncio.to_thread(server.wait, 60)
    print(f"restarted at {time.monotonic() - started:.1f} s")
    server = await asyncio.to_thread(start, env, port)
    accepted, retries, sent = await sending
    return accepted, retries, sent, time.monotonic() - started, server


if __name__ == "__main__":
    atexit.register(stop_servers)
    main()
