"""Turn one run of bench/run.sh into the Markdown report it prints and appends to bench/results/.

    .venv/bin/python bench/render.py META_FILE ROWS_FILE

META_FILE holds KEY=VALUE lines written by run.sh; ROWS_FILE one tab-separated line per
scenario: name, request (as Markdown), req/s, p50 ms, p99 ms, max ms, requests, errors,
socket errors (numbers empty when wrk itself failed). The targets live here and in
bench/README.md.
"""

import importlib.metadata
import importlib.util
import platform
import sys

CEILING = "ceiling"
# scenario -> (measure, bound): a share of the ceiling's req/s to reach, or a p99 (ms) to stay under
TARGETS: dict[str, tuple[str, float]] = {
    "list": ("ratio", 0.25),
    "list gzip": ("ratio", 0.25),
    "list br": ("ratio", 0.25),
    "detail": ("ratio", 0.50),
    "detail gzip": ("ratio", 0.50),
    "detail br": ("ratio", 0.50),
    "detail 304": ("ratio", 0.70),
    "search": ("p99", 50.0),
    "related": ("p99", 20.0),
}
RSS_TARGET_MB = 150


def number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def mb(kilobytes: str) -> float | None:
    value = number(kilobytes)
    return None if value is None else value / 1024


def server_stack() -> str:
    """What uvicorn's "auto" loop and HTTP settings resolve to in this environment."""
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return (
        f"uvicorn {importlib.metadata.version('uvicorn')} ({loop} + {http}), "
        f"FastAPI {importlib.metadata.version('fastapi')}, Python {platform.python_version()}"
    )


def target_cell(
    name: str, ratio: float | None, p99: float | None, errors: int | None, socket: int
) -> str:
    if name not in TARGETS:
        return "–"
    measure, bound = TARGETS[name]
    text = f"≥ {bound:.2f}×" if measure == "ratio" else f"p99 ≤ {bound:.0f} ms"
    value = ratio if measure == "ratio" else p99
    if value is None or errors is None:
        return f"{text}: no result"
    if errors or socket:
        return f"{text}: n/a (errors)"
    met = value >= bound if measure == "ratio" else value <= bound
    return f"{text}: {'pass' if met else 'FAIL'}"


def bytes_table(meta: dict[str, str]) -> list[str]:
    """Bytes per answer as identity, gzip and br (the probe's), when the compressed rows ran."""
    found = [
        (label, [int(n) for n in meta[key].split()])
        for key, label in (("BYTES_LIST", "list"), ("BYTES_DETAIL", "detail (mean of 20 ids)"))
        if meta.get(key)
    ]
    if not found:
        return []
    out = [
        "",
        "Bytes per answer (body as sent):",
        "",
        "| answer | identity | gzip | br |",
        "|---|---:|---:|---:|",
    ]
    for label, (identity, gzip, br) in found:
        out.append(
            f"| {label} | {identity:,} | {gzip:,} ({gzip / identity:.0%}) "
            f"| {br:,} ({br / identity:.0%}) |"
        )
    return out


def render(meta: dict[str, str], rows: list[list[str]]) -> str:
    ceiling_rps = next((number(row[2]) for row in rows if row[0] == CEILING), None)
    out = [
        f"## {meta['STAMP']} — {meta['ENGINE']}",
        "",
        f"- command: `{meta['COMMAND']}`",
        f"- load per scenario: `{meta['WRK']}`, after a {meta['WARMUP']} s warm-up "
        "with the same command",
        f"- commit: {meta['COMMIT']}",
        f"- engine: {meta['ENGINE_VERSION']}, `{meta['DB']}` ({meta['SEEDED']})",
        f"- related index: {meta.get('RELATED_INDEX') or 'not checked'}",
        f"- articles: {int(meta['ARTICLES']):,} ({int(meta['LIVE']):,} live); "
        f"detail rotates over {meta['IDS']} live ids",
        f"- machine: {meta['NPROC']} cores ({meta['CPU']}), {meta['MEM']} RAM, "
        f"load average {meta['LOAD']} at start; wrk, server and database share the cores",
        f"- server: one worker, {server_stack()}, NEWSDESK_RUN_JOBS=false",
    ]
    rss, peak = mb(meta["SERVER_RSS_KB"]), mb(meta["SERVER_HWM_KB"])
    ceiling_rss = mb(meta["CEILING_RSS_KB"])
    if rss is None:
        out.append("- server RSS after the load: not measured")
    else:
        verdict = "pass" if rss < RSS_TARGET_MB else "FAIL"
        out.append(
            f"- server RSS after the load: {rss:.0f} MB (peak {peak or 0:.0f} MB; "
            f"target < {RSS_TARGET_MB} MB: {verdict}); ceiling process {ceiling_rss or 0:.0f} MB"
        )
    out += [
        "",
        "| scenario | req/s | p50 ms | p99 ms | non-2xx/3xx | ratio to ceiling | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, _path, rps_s, p50_s, p99_s, _max, _requests, errors_s, socket_s in rows:
        rps, p50, p99 = number(rps_s), number(p50_s), number(p99_s)
        if not p99:  # wrk reports 0 when no response came back in time to be timed
            p50 = p99 = None
        errors = int(errors_s) if errors_s.isdigit() else None
        socket = int(socket_s) if socket_s.isdigit() else 0
        ratio = rps / ceiling_rps if rps is not None and ceiling_rps else None
        error_cell = "wrk failed" if errors is None else f"{errors:,}"
        if socket:
            error_cell += f" (+{socket:,} socket)"
        out.append(
            "| "
            + " | ".join(
                [
                    name,
                    "–" if rps is None else f"{rps:,.0f}",
                    "–" if p50 is None else f"{p50:.2f}",
                    "–" if p99 is None else f"{p99:.2f}",
                    error_cell,
                    "–" if ratio is None else f"{ratio:.3f}",
                    target_cell(name, ratio, p99, errors, socket),
                ]
            )
            + " |"
        )
    out += ["", "Requests:"]
    out += [f"- {row[0]}: {row[1]}" for row in rows]
    out += bytes_table(meta)
    notes = [
        meta[key]
        for key in ("NOTE_LIST", "NOTE_304", "NOTE_SEARCH", "NOTE_RELATED", "NOTE_COMPRESSED")
        if meta.get(key)
    ]
    if notes:
        out += ["", "Notes from the probe before the load:"]
        out += [f"- {note}" for note in notes]
    return "\n".join(out) + "\n"


def main() -> int:
    meta_path, rows_path = sys.argv[1:3]
    with open(meta_path, encoding="utf-8") as handle:
        meta = dict(line.rstrip("\n").split("=", 1) for line in handle if "=" in line)
    with open(rows_path, encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle if line.strip()]
    sys.stdout.write(render(meta, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
