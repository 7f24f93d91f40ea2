"""SharePoint import throughput (issue 18), with public reads measured while it runs.

    .venv/bin/python bench/import_sharepoint.py --items 2000             # images and files
    .venv/bin/python bench/import_sharepoint.py --items 2000 --no-files  # no files/ folder
    .venv/bin/python bench/import_sharepoint.py --items 100000 --no-files --every 120

One run: a generated archive (tests/sharepoint/archive.py: Vietnamese items, 3-10 versions,
every approval state, broken and legacy-encoded items) written as an export folder; a fresh
SQLite database (or BENCH_DATABASE_URL, which is dropped and made again: name a scratch one)
with the demo newsroom; the real server (`newsdesk serve --workers 1`) on it. Then:

1. `wrk` on the public detail of demo articles for --seconds: the reads before the import;
2. `newsdesk import-sharepoint --from-folder …` in its own process, and `wrk` on the same
   detail again and again while it runs (back to back, or one round every --every seconds:
   a 100k import is an hour, and readers sampled through it leave the import its usual share
   of the two cores): the reads during the import;
3. a line of results: items, wall time, items/s, the import's peak RSS (its own rusage),
   and the detail's req/s and p99 before and during (their ratio is the figure that matters:
   the issue lets it drop, not collapse).

`--no-files` leaves the export's `files/` folder out: every image and attachment an item names
is then missing, so the import reads the references, finds nothing and flags the item; no
file is validated or stored. That is the "without files" row of docs/performance.md.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import free_port, start_server, stop_server  # noqa: E402
from tests.sharepoint.archive import generate_archive, write_export_folder  # noqa: E402

BIN = Path(sys.executable).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--no-files", action="store_true")
    parser.add_argument("--seconds", type=int, default=10, help="each wrk round")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--every", type=int, default=0, help="start a round every N s (0: back to back)"
    )
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsdesk-import-bench."))
    try:
        run(arguments, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(arguments: argparse.Namespace, work: Path) -> None:
    started = time.monotonic()
    archive = generate_archive(count=arguments.items, seed=18)
    folder = work / "export"
    write_export_folder(archive, folder, odata="nometadata", page_size=100)
    if arguments.no_files:
        shutil.rmtree(folder / "files", ignore_errors=True)
    log(f"archive of {arguments.items} items written in {time.monotonic() - started:.0f} s")

    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{work}/import.db"
    env = {**os.environ, "DATABASE_URL": url, "NEWSDESK_MEDIA_ROOT": str(work / "media"),
           "NEWSDESK_RUN_JOBS": "false"}  # fmt: skip
    if "BENCH_DATABASE_URL" in os.environ:
        fresh_postgres_database(url)
    subprocess.run([BIN / "newsdesk", "migrate"], env=env, check=True, capture_output=True)
    subprocess.run(
        [BIN / "newsdesk", "seed-demo", "--admin-login-file", str(work / "admin.txt")],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    port = free_port()
    server = start_server(url, port, env={"NEWSDESK_MEDIA_ROOT": str(work / "media")})
    try:
        base = f"http://127.0.0.1:{port}"
        ids = [a["id"] for a in httpx.get(f"{base}/v1/articles?limit=50").json()["items"]]
        script = work / "rotate.lua"
        script.write_text(_rotating_paths(ids), encoding="utf-8")
        wrk = ["wrk", "-t2", f"-c{arguments.connections}", f"-d{arguments.seconds}s",
               "--latency", "-s", str(script), base]  # fmt: skip
        before = measure(wrk)
        log(f"before: {before[0]:.0f} req/s, p99 {before[1]:.1f} ms")

        report = work / "report.json"
        command = [BIN / "newsdesk", "import-sharepoint", "--from-folder", str(folder),
                   "--report", str(report)]  # fmt: skip
        import_started = time.monotonic()
        with open(work / "import.log", "wb") as import_log:
            importing = subprocess.Popen(command, env=env, stdout=import_log, stderr=import_log)
        # Reaped by wait4 in a thread: its rusage is the import's own peak RSS.
        ended: dict[str, Any] = {}

        def reap() -> None:
            _, ended["status"], ended["usage"] = os.wait4(importing.pid, 0)

        waiter = threading.Thread(target=reap)
        waiter.start()
        during: list[tuple[float, float]] = []
        while waiter.is_alive():
            round_started = time.monotonic()
            during.append(measure(wrk))
            log(f"during: {during[-1][0]:.0f} req/s, p99 {during[-1][1]:.1f} ms")
            waiter.join(timeout=max(arguments.every - (time.monotonic() - round_started), 0))
        waiter.join()
        elapsed = time.monotonic() - import_started
        usage = ended["usage"]
        code = os.waitstatus_to_exitcode(ended["status"])
        if code not in (0, 4):  # 4: some items failed, which the report tells
            tail = (work / "import.log").read_text(errors="replace")[-2000:]
            raise SystemExit(f"the import failed ({code}): {tail}")
    finally:
        stop_server(server)
    # A round cut short by the import's end still counts; an import shorter than one round
    # has a single one.
    rate = sum(r for r, _ in during) / len(during) if during else float("nan")
    p99 = max((p for _, p in during), default=float("nan"))
    print(
        f"| {arguments.items:,} | {'no' if arguments.no_files else 'yes'} | {elapsed:.0f} s "
        f"| {arguments.items / elapsed:.1f} | {usage.ru_maxrss / 1024:.0f} MB "
        f"| {before[0]:.0f} / {before[1]:.1f} ms | {rate:.0f} / {p99:.1f} ms "
        f"| {rate / before[0]:.2f} |"
    )


def _rotating_paths(ids: list[int]) -> str:
    paths = ", ".join(f'"/v1/articles/{i}"' for i in ids)
    return (
        f"local paths = {{{paths}}}\nlocal n = 0\n"
        "request = function()\n  n = n + 1\n"
        '  return wrk.format("GET", paths[n % #paths + 1])\nend\n'
    )


def measure(wrk: list[str]) -> tuple[float, float]:
    """req/s and p99 (ms) of one wrk round."""
    out = subprocess.run(wrk, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    return rate, float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def fresh_postgres_database(url: str) -> None:
    from sqlalchemy.engine import make_url

    from tests.conftest import create_database, drop_database

    name = make_url(url).database or ""
    drop_database(name)
    create_database(name)


def log(line: str) -> None:
    print(f"[import-bench] {line}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
