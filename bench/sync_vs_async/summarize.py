"""Turn results.csv (written by run.sh) into the markdown tables used in RESULTS.md.

Usage:  python summarize.py [results.csv]
Ratio = req/s divided by the no-DB baseline req/s of the same round and stack.
"""

from __future__ import annotations

import csv
import statistics
import sys
from collections import defaultdict

ORDER = [
    ("sync", "sqlite"),
    ("async", "sqlite"),
    ("sync", "postgres"),
    ("async", "postgres"),
]


def main(path: str) -> None:
    rows = list(csv.DictReader(open(path, newline="")))
    for stack in sorted({r["stack"] for r in rows}, key=lambda s: s != "plain"):
        srows = [r for r in rows if r["stack"] == stack]
        base = {r["round"]: float(r["rps"]) for r in srows if r["mode"] == "baseline"}
        rounds = sorted(base, key=int)
        groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
        for r in srows:
            groups[(r["mode"], r["engine"], r["endpoint"])].append(r)

        print(f"\n### stack={stack} (rounds {', '.join(rounds)})\n")
        per_round = " / ".join(f"r{x}" for x in rounds)
        print(
            f"| mode | engine | endpoint | req/s median | req/s {per_round} | p99 ms median "
            f"| ratio to baseline (median) | server CPU ms/req |"
        )
        print("|---|---|---|---:|---|---:|---:|---:|")
        b = sorted(groups[("baseline", "none", "raw")], key=lambda r: int(r["round"]))
        b_rps = " / ".join(f"{float(r['rps']):,.0f}" for r in b)
        print(
            f"| baseline (no DB) | – | /raw | {statistics.median(float(r['rps']) for r in b):,.0f} "
            f"| {b_rps} "
            f"| {statistics.median(float(r['p99_ms']) for r in b):.1f} | 1.00 "
            f"| {statistics.median(float(r['server_cpu_ms_per_req']) for r in b):.2f} |"
        )
        for endpoint in ("detail", "list"):
            for mode, engine in ORDER:
                g = sorted(groups[(mode, engine, endpoint)], key=lambda r: int(r["round"]))
                if not g:
                    continue
                rps = [float(r["rps"]) for r in g]
                ratios = [float(r["rps"]) / base[r["round"]] for r in g]
                url = "/articles/{id}" if endpoint == "detail" else "/articles?limit=20"
                print(
                    f"| {mode} | {engine} | {url} | {statistics.median(rps):,.0f} "
                    f"| {' / '.join(f'{x:,.0f}' for x in rps)} "
                    f"| {statistics.median(float(r['p99_ms']) for r in g):.1f} "
                    f"| {statistics.median(ratios):.3f} "
                    f"| {statistics.median(float(r['server_cpu_ms_per_req']) for r in g):.2f} |"
                )
        bad = [r for r in srows if r["non2xx"] != "0" or r["errors"] != "0"]
        print(f"\nnon-2xx or socket errors in this stack: {len(bad)} rows")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "results.csv")
