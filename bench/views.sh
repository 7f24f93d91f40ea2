#!/usr/bin/env bash
# Beacon throughput (issue 6): `POST /v1/articles/{id}/views` against the ceiling, same run.
#
#   bash bench/views.sh                 # a scratch SQLite database with the demo newsroom
#   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/newsdesk_views bash bench/views.sh
#
# Serves the app with 2 worker processes (as production would) and the ceiling (bench/ceiling.py)
# with one, then runs wrk at BENCH_CONNECTIONS (64) on each: the ceiling, the beacon, and the
# public detail for comparison. Writes go to the database named, so use a scratch one. The
# exactness check under load with a restart is bench/views_exactness.py.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BIN="$ROOT/.venv/bin"
PY="$BIN/python"
HOST=127.0.0.1
DURATION="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
WORKERS="${BENCH_WORKERS:-2}"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[views-bench] $*" >&2; }

DB_URL="${BENCH_DATABASE_URL:-sqlite:///$WORK/views.db}"
log "database: ${DB_URL%%\?*}"
DATABASE_URL="$DB_URL" "$BIN/newsdesk" migrate >&2
# The scratch newsroom's admin login stays in the scratch directory, not over var/demo-admin.txt.
DATABASE_URL="$DB_URL" "$BIN/newsdesk" seed-demo --if-empty --articles "${BENCH_ARTICLES:-1000}" \
  --admin-login-file "$WORK/demo-admin.txt" >&2

free_port() {
  "$PY" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
wait_ready() {
  local deadline=$((SECONDS + 90))
  until curl -fsS --max-time 2 -o /dev/null "$1" 2>/dev/null; do
    ((SECONDS < deadline)) || { log "not ready: $1"; exit 1; }
    sleep 0.2
  done
}

PORT="$(free_port)"
DATABASE_URL="$DB_URL" NEWSDESK_RUN_JOBS=false NEWSDESK_VIEWS_RATE_LIMIT=100000000/minute \
  "$BIN/newsdesk" serve --host "$HOST" --port "$PORT" --workers "$WORKERS" >"$WORK/server.log" 2>&1 &
PIDS+=($!)
CEILING_PORT="$(free_port)"
"$PY" bench/ceiling.py --host "$HOST" --port "$CEILING_PORT" >"$WORK/ceiling.log" 2>&1 &
PIDS+=($!)
wait_ready "http://$HOST:$PORT/readyz"
wait_ready "http://$HOST:$CEILING_PORT/ceiling"

curl -fsS "http://$HOST:$PORT/v1/articles?limit=100&fields=id" \
  | "$PY" -c 'import json, sys; print("\n".join(str(i["id"]) for i in json.load(sys.stdin)["items"]))' \
  >"$WORK/ids.txt"
log "$(wc -l <"$WORK/ids.txt") live ids"

run() { # name url script [mode]
  BENCH_WRK_IDS="$WORK/ids.txt" BENCH_WRK_MODE="${4:-plain}" \
    wrk "-t$THREADS" "-c$CONNECTIONS" -d2s --timeout 30s -s "$3" "$2" >/dev/null
  BENCH_WRK_IDS="$WORK/ids.txt" BENCH_WRK_MODE="${4:-plain}" \
    wrk "-t$THREADS" "-c$CONNECTIONS" "-d${DURATION}s" --timeout 30s --latency -s "$3" "$2" \
    | awk -v name="$1" '/^RESULT/ { printf "| %s | %s | %s | %s | %s |\n", name, $2, $3, $4, $7 + $8 }'
}

echo "| scenario ($CONNECTIONS connections, $WORKERS workers) | req/s | p50 ms | p99 ms | errors |"
echo "|---|---:|---:|---:|---:|"
run ceiling "http://$HOST:$CEILING_PORT/ceiling" bench/report.lua
run beacon "http://$HOST:$PORT" bench/beacon.lua
run detail "http://$HOST:$PORT" bench/report.lua ids
run most-read "http://$HOST:$PORT/v1/articles/most-read?window=week" bench/report.lua
