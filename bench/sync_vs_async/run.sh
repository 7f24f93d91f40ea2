#!/usr/bin/env bash
# Sync-vs-async benchmark for Newsdesk: {sync, async} x {sqlite, postgres} + no-DB baseline.
#
#   bash run.sh                      # 2 rounds, plain uvicorn (asyncio loop + h11)
#   STACK=standard ROUNDS=1 bash run.sh   # uvicorn[standard] stack (uvloop + httptools)
#
# Env knobs: VENV (/tmp/bench-venv), ROUNDS (2), FIRST_ROUND (1, numbering only), DURATION (10s), WARMUP (3s),
#            STACK (plain|standard), OUT (results.csv, appended), DROP_DB (1).
# Needs: wrk, psql, a PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE"

VENV="${VENV:-/tmp/bench-venv}"
PY="$VENV/bin/python"
UVICORN="$VENV/bin/uvicorn"
ROUNDS="${ROUNDS:-2}"
FIRST_ROUND="${FIRST_ROUND:-1}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-3s}"
STACK="${STACK:-plain}"
OUT="${OUT:-$HERE/results.csv}"
DROP_DB="${DROP_DB:-1}"
PORT=8765
BASE="http://127.0.0.1:$PORT"
PG_DB="bench_sync_async"
export BENCH_SQLITE_PATH="${BENCH_SQLITE_PATH:-/tmp/bench_sync_async.db}"
export BENCH_PG_DB="$PG_DB"

case "$STACK" in
  plain) UV_STACK=(--loop asyncio --http h11) ;;
  standard) UV_STACK=(--loop uvloop --http httptools) ;;
  *) echo "STACK must be plain|standard" >&2; exit 2 ;;
esac

command -v wrk >/dev/null || { echo "wrk missing: apt-get update && apt-get install -y wrk" >&2; exit 1; }

PSQL=(psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -q)
SERVER_PID=""

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ "$DROP_DB" == "1" ]]; then
    "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" || true
    rm -f "$BENCH_SQLITE_PATH" "$BENCH_SQLITE_PATH-wal" "$BENCH_SQLITE_PATH-shm"
  fi
}
trap cleanup EXIT

echo "== seeding"
"${PSQL[@]}" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)"
"${PSQL[@]}" -c "CREATE DATABASE $PG_DB"
BENCH_DB=sqlite "$PY" seed.py
BENCH_DB=postgres "$PY" seed.py

[[ -f "$OUT" ]] || echo "ts,stack,round,mode,engine,endpoint,rps,p50_ms,p99_ms,max_ms,requests,non2xx,errors,server_cpu_pct,server_cpu_ms_per_req" >"$OUT"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

start_server() { # mode engine
  BENCH_MODE="$1" BENCH_DB="$2" "$UVICORN" app:app --workers 1 --port "$PORT" \
    --log-level warning "${UV_STACK[@]}" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -fs "$BASE/raw" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server $1/$2 did not start" >&2
  exit 1
}

stop_server() {
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  sleep 1
}

bench() { # round mode engine endpoint url [lua-arg]
  local round=$1 mode=$2 engine=$3 endpoint=$4 url=$5 arg=${6:-}
  wrk -t2 -c32 -d"$WARMUP" -s report.lua "$url" -- $arg >/dev/null
  local hz t0 t1 line
  hz=$(getconf CLK_TCK)
  t0=$(cpu_ticks "$SERVER_PID")
  line=$(wrk -t2 -c32 -d"$DURATION" -s report.lua "$url" -- $arg | grep '^RESULT')
  t1=$(cpu_ticks "$SERVER_PID")
  echo "  $mode/$engine $endpoint: $line"
  # shellcheck disable=SC2086
  eval "$(echo "$line" | sed 's/^RESULT //; s/ /;/g')"
  local secs=${DURATION%s}
  local cpu_pct cpu_per_req
  cpu_pct=$(awk -v d="$((t1 - t0))" -v hz="$hz" -v s="$secs" 'BEGIN{printf "%.0f", 100*d/hz/s}')
  cpu_per_req=$(awk -v d="$((t1 - t0))" -v hz="$hz" -v n="$requests" 'BEGIN{printf "%.3f", 1000*d/hz/n}')
  echo "$(date -u +%FT%TZ),$STACK,$round,$mode,$engine,$endpoint,$rps,$p50_ms,$p99_ms,$max_ms,$requests,$non2xx,$((connect_err + read_err + timeouts)),$cpu_pct,$cpu_per_req" >>"$OUT"
}

run_config() { # round mode engine
  local round=$1 mode=$2 engine=$3
  start_server "$mode" "$engine"
  if [[ "$mode" == "baseline" ]]; then
    bench "$round" baseline none raw "$BASE/raw"
  else
    bench "$round" "$mode" "$engine" detail "$BASE/articles/1" random-ids
    bench "$round" "$mode" "$engine" list "$BASE/articles?limit=20"
  fi
  stop_server
}

CONFIGS=("baseline none" "sync sqlite" "async sqlite" "sync postgres" "async postgres")
START=$(date +%s)
for round in $(seq "$FIRST_ROUND" $((FIRST_ROUND + ROUNDS - 1))); do
  echo "== round $round (stack=$STACK)"
  if ((round % 2 == 0)); then # reverse order on even rounds to cancel drift
    order=(4 3 2 1 0)
  else
    order=(0 1 2 3 4)
  fi
  for i in "${order[@]}"; do
    # shellcheck disable=SC2086
    run_config "$round" ${CONFIGS[$i]}
  done
done
echo "== done in $(($(date +%s) - START))s; raw rows appended to $OUT"
