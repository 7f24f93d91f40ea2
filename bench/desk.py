"""The desk's pages under load (issue 19: under 200 ms p95 at 100k articles).

    .venv/bin/python bench/desk.py                       # seeds a 100k SQLite database once
    BENCH_DESK_DB=sqlite:///path/to.db .venv/bin/python bench/desk.py --articles 100000

A real server (`newsdesk serve --workers 2`, as the Docker image serves; `--workers 1` for one
process) on a database seeded by `newsdesk seed-demo --articles N` (kept in bench/.data/
between runs); the admin signs in through the desk's own form; then `wrk` (2 threads,
--connections, --seconds) with that session cookie on each scenario, rotating over many
articles so nothing is answered from one warm row:

- list: /desk/articles (the default view, newest first, 50 rows), and filtered by a category;
- search: /desk/articles?q=… with Vietnamese title words, with and without diacritics;
- form: /desk/articles/{id} of random articles (the form, history, workflow buttons);
- versions: /desk/articles/{id}/versions (two revisions compared).

One line per scenario: req/s, its ratio to the ceiling, p50, p95, p99 (ms) and errors; a p95
over 200 ms is marked. The ceiling (bench/ceiling.py: one worker of the bare stack answering
fixed bytes) is measured first in the same run, with the same wrk settings; its ratio says how
far a page is from the framework's raw speed, the p95 is the target.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import free_port, start_server, stop_server  # noqa: E402

BIN = Path(sys.executable).parent
QUERIES = ["dai hoi", "Đại hội", "nông thôn mới", "nong thon", "An Giang", "Châu Đốc", "tỉnh"]
TARGET_P95_MS = 200.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="server processes (image: 2)")
    parser.add_argument("--admin-login-file", type=Path, help="for BENCH_DESK_DB (seed-demo's)")
    arguments = parser.parse_args()
    url = os.environ.get("BENCH_DESK_DB") or _seeded(arguments.articles)
    # A kept database is brought up to this checkout's schema first.
    subprocess.run([BIN / "newsdesk", "migrate"], env={**os.environ, "DATABASE_URL": url},
                   check=True, capture_output=True)  # fmt: skip
    port = free_port()
    env = {"NEWSDESK_RUN_JOBS": "false"}
    server = start_server(url, port, workers=arguments.workers, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        login = (
            arguments.admin_login_file or ROOT / "bench/.data" / f"desk-{arguments.articles}.admin"
        )
        cookie = _sign_in(base, login)
        ids = _article_ids(base, cookie)
        categories = re.findall(r'<option value="(\d+)"', httpx.get(
            f"{base}/desk/articles", cookies={"newsdesk_desk": cookie}).text)  # fmt: skip
        rng = random.Random(19)
        scenarios = {
            "list": ["/desk/articles"],
            "list by category": [f"/desk/articles?category={c}" for c in categories[:10]],
            "search": [f"/desk/articles?q={quote(q)}" for q in QUERIES],
            "form": [f"/desk/articles/{i}" for i in rng.sample(ids, min(200, len(ids)))],
            "versions": [
                f"/desk/articles/{i}/versions" for i in rng.sample(ids, min(50, len(ids)))
            ],
        }
        ceiling = _ceiling(arguments)
        print(
            "| scenario | req/s | × ceiling | p50 ms | p95 ms | p99 ms | errors |  "
            f"({arguments.articles:,} articles, {arguments.workers} workers, "
            f"{arguments.connections} connections, {arguments.seconds} s)"
        )
        for name, paths in scenarios.items():
            rps, p50, p95, p99, errors = _wrk(base, cookie, paths, arguments)
            mark = "" if p95 <= TARGET_P95_MS else "  ← over 200 ms"
            print(f"| {name} | {rps:.0f} | {rps / ceiling:.3f} | {p50:.1f} | {p95:.1f} | {p99:.1f} "
                  f"| {errors} |{mark}")  # fmt: skip
        print(f"| ceiling (bare stack, 1 worker) | {ceiling:.0f} | 1 | | | | |")
    finally:
        stop_server(server)


def _ceiling(arguments: argparse.Namespace) -> float:
    """req/s of bench/ceiling.py under the same wrk settings."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    ceiling = subprocess.Popen(
        [sys.executable, str(ROOT / "bench/ceiling.py"), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/ceiling", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        return _wrk(base, "", ["/ceiling"], arguments)[0]
    finally:
        stop_server(ceiling)


def _seeded(articles: int) -> str:
    data = ROOT / "bench" / ".data"
    data.mkdir(parents=True, exist_ok=True)
    path = data / f"desk-{articles}.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        env = {**os.environ, "DATABASE_URL": url}
        subprocess.run([BIN / "newsdesk", "migrate"], env=env, check=True, capture_output=True)
        subprocess.run(
            [BIN / "newsdesk", "seed-demo", "--articles", str(articles), "--admin-login-file",
             str(data / f"desk-{articles}.admin")],
            env=env, check=True,
        )  # fmt: skip
    return url


def _sign_in(base: str, login_file: Path) -> str:
    """The admin's desk session, through the sign-in form as a browser does."""
    # `newsdesk seed-demo --admin-login-file` writes "admin / <password>".
    parts = login_file.read_text().split() if login_file.exists() else ["", ""]
    username, password = parts[0], parts[-1]
    with httpx.Client(base_url=base) as client:
        form = client.get("/desk/login").text
        token = re.search(r'name="login_csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
        answer = client.post("/desk/login", data={"username": username, "password": password,
                                                   "login_csrf": token})  # fmt: skip
        if answer.status_code != 303:
            raise SystemExit(
                f"cannot sign in as the seeded admin ({login_file}): {answer.status_code}"
            )
        return answer.cookies["newsdesk_desk"]


def _article_ids(base: str, cookie: str) -> list[int]:
    ids: list[int] = []
    path = "/desk/articles"
    with httpx.Client(base_url=base, cookies={"newsdesk_desk": cookie}) as client:
        for _ in range(20):  # 20 pages of 50
            page = client.get(path).text
            ids += [int(i) for i in re.findall(r'data-article="(\d+)"', page)]
            more = re.search(r'href="([^"]+)" rel="next"', page)
            if not more:
                break
            path = more.group(1).replace("&amp;", "&")
    return ids


def _wrk(base: str, cookie: str, paths: list[str], arguments: argparse.Namespace) -> tuple:
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as listing:
        listing.write("\n".join(paths))
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{arguments.connections}", f"-d{arguments.seconds}s", "--timeout",
             "10s", "-H", f"Cookie: newsdesk_desk={cookie}", "-s", str(ROOT / "bench/desk.lua"),
             base],
            env={**os.environ, "BENCH_DESK_PATHS": listing.name},
            capture_output=True, text=True,
        )  # fmt: skip
        if out.returncode != 0:
            raise SystemExit(f"wrk failed: {out.stderr or out.stdout}")
        out = out.stdout
    finally:
        os.unlink(listing.name)
    fields = re.search(r"RESULT (\S+) (\S+) (\S+) (\S+) (\d+) (\d+)", out)
    assert fields, out
    rps, p50, p95, p99, _requests, errors = fields.groups()
    return float(rps), float(p50), float(p95), float(p99), int(errors)


if __name__ == "__main__":
    main()
