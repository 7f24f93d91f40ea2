#!/usr/bin/env bash
# Load benchmark of the public read API, against a ceiling measured in the same run.
# What it measures, the targets and how to read the table: bench/README.md.
#
#   make bench                                   # SQLite, 100k articles, cached in bench/.data/
#   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/newsdesk_bench make bench
#   BENCH_ARTICLES=1000000 BENCH_SCENARIOS=list,detail make bench   # the 1M scale check
#
# Knobs: BENCH_DATABASE_URL (unset = cached SQLite file), BENCH_ARTICLES (100000),
#        BENCH_SCENARIOS (list,detail,304,search,related,compressed: which rows besides the
#        ceiling; compressed = list and detail again with Accept-Encoding gzip, then br),
#        BENCH_SECONDS (10), BENCH_CONNECTIONS (16), BENCH_THREADS (2), BENCH_WARMUP (2, seconds),
#        BENCH_IDS (300, live ids the detail scenario rotates over),
#        BENCH_TIMEOUT (30, seconds before wrk gives up on a response).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ARTICLES="${BENCH_ARTICLES:-100000}"
DURATION="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
THREADS="${BENCH_THREADS:-2}"
WARMUP="${BENCH_WARMUP:-2}"
ID_COUNT="${BENCH_IDS:-300}"
TIMEOUT="${BENCH_TIMEOUT:-30}"
ALL_SCENARIOS="list,detail,304,search,related,compressed"
SCENARIOS="${BENCH_SCENARIOS:-$ALL_SCENARIOS}"
SEARCH_QUERY="dan van" # "dân vận" typed without diacritics, as readers do
BIN="$ROOT/.venv/bin"
PY="$BIN/python"
DATA_DIR="$ROOT/bench/.data"
RESULTS_DIR="$ROOT/bench/results"
HOST=127.0.0.1

die() {
  echo "bench: $*" >&2
  exit 1
}
log() { echo "== $*" >&2; }

for knob in ARTICLES DURATION CONNECTIONS THREADS WARMUP ID_COUNT TIMEOUT; do
  [[ "${!knob}" =~ ^[1-9][0-9]*$ ]] || die "$knob must be a positive integer, got '${!knob}'"
done
((CONNECTIONS >= THREADS)) || die "BENCH_CONNECTIONS must be at least BENCH_THREADS"
IFS=, read -r -a wanted_scenarios <<<"$SCENARIOS"
((${#wanted_scenarios[@]})) || die "BENCH_SCENARIOS names no scenario"
for name in "${wanted_scenarios[@]}"; do
  [[ ",$ALL_SCENARIOS," == *",$name,"* ]] ||
    die "BENCH_SCENARIOS: unknown scenario '$name' (known: $ALL_SCENARIOS)"
done
wants() { [[ ",$SCENARIOS," == *",$1,"* ]]; } # the ceiling always runs: it is the reference
[[ -x "$BIN/newsdesk" ]] || die "no $BIN/newsdesk: run 'make install' first (or 'make bench')"
command -v curl >/dev/null || die "curl is required"

# The command as it was typed, for the report; a password in the URL is masked.
mask_password() { sed -E 's#(://[^:/@]+):[^@/]*@#\1:***@#' <<<"$1"; }
COMMAND="bash bench/run.sh"
[[ -n "${MAKELEVEL:-}" ]] && COMMAND="make bench"
for var in BENCH_TIMEOUT BENCH_THREADS BENCH_WARMUP BENCH_IDS BENCH_SECONDS BENCH_CONNECTIONS \
  BENCH_SCENARIOS BENCH_ARTICLES BENCH_DATABASE_URL; do
  if [[ -n "${!var:-}" ]]; then
    COMMAND="$var=$(mask_password "${!var}") $COMMAND"
  fi
done

# ---------------------------------------------------------------- cleanup, bounded in time
WORK="$(mktemp -d "${TMPDIR:-/tmp}/newsdesk-bench.XXXXXX")"
SERVER_PIDS=()
cleanup() {
  local status=$? pid tries
  trap - EXIT INT TERM
  for pid in "${SERVER_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${SERVER_PIDS[@]}"; do
    # uvicorn stops within a second when idle; give it 10 s, then stop waiting.
    for ((tries = 0; tries < 100; tries++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- wrk
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  SUDO=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "wrk is missing and this user cannot apt-get install it"
    SUDO=(sudo)
  fi
  "${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" apt-get install -y -qq wrk
fi

# ---------------------------------------------------------------- the database, seeded once
size_label() { if (($1 % 1000 == 0)); then echo "$(($1 / 1000))k"; else echo "$1"; fi; }

newsdesk_with() { # URL newsdesk-args...
  local url=$1
  shift
  DATABASE_URL="$url" NEWSDESK_RUN_JOBS=false "$BIN/newsdesk" "$@"
}

seed() { # URL N where-to-keep-the-admin-login (not the developer's var/demo-admin.txt)
  log "seeding $2 generated articles (1-2 min per 100k)"
  newsdesk_with "$1" seed-demo --articles "$2" --admin-login-file "$3" >&2
}

read_pairs() { # prefix command... : KEY=VALUE lines from a helper become ${prefix}KEY variables
  local prefix=$1 key value
  shift
  while IFS='=' read -r key value; do
    [[ "$key" =~ ^[A-Z0-9_]+$ ]] || continue
    printf -v "$prefix$key" '%s' "$value"
  done < <("$@")
}

checkpoint() { # SQLite file: fold the write-ahead log into the file and truncate it
  "$PY" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA wal_checkpoint(TRUNCATE)"); c.close()' "$1"
}

mkdir -p "$DATA_DIR" "$RESULTS_DIR"
SEEDED="cached"
if [[ -z "${BENCH_DATABASE_URL:-}" ]]; then
  ENGINE=sqlite
  DB_FILE="$DATA_DIR/bench-$(size_label "$ARTICLES").db"
  DB_URL="sqlite:///$DB_FILE"
  if [[ ! -f "$DB_FILE" ]]; then
    # Seed under another name and rename at the end, so an interrupted seed is never cached.
    partial="$DB_FILE.partial"
    rm -f "$partial" "$partial-wal" "$partial-shm"
    log "creating $DB_FILE"
    newsdesk_with "sqlite:///$partial" migrate >&2
    seed "sqlite:///$partial" "$ARTICLES" "$DB_FILE.admin-login.txt"
    checkpoint "$partial"
    rm -f "$partial-wal" "$partial-shm"
    mv "$partial" "$DB_FILE"
    SEEDED="seeded in this run"
  else
    # A cached file predates any migration added since; /readyz refuses an old schema.
    newsdesk_with "$DB_URL" migrate >&2
    # Live versions published before prepared public JSON existed get it now (no-op after).
    newsdesk_with "$DB_URL" prepare-public >&2
  fi
else
  DB_URL="$BENCH_DATABASE_URL"
  case "$DB_URL" in
  postgres://* | postgresql://* | postgresql+psycopg://*) ENGINE=postgresql ;;
  sqlite:*) ENGINE=sqlite ;;
  *) die "BENCH_DATABASE_URL must be a postgresql:// (or sqlite://) URL" ;;
  esac
  if [[ "$ENGINE" == postgresql ]]; then
    command -v psql >/dev/null || die "psql is required to create the benchmark database"
    read_pairs PG_ "$PY" bench/dbinfo.py libpq "$DB_URL"
    [[ -n "$PG_PGDATABASE" ]] || die "BENCH_DATABASE_URL names no database"
    psql_admin() {
      PGHOST="$PG_PGHOST" PGPORT="$PG_PGPORT" PGUSER="$PG_PGUSER" PGPASSWORD="$PG_PGPASSWORD" \
        psql -X -q -v ON_ERROR_STOP=1 -d postgres -tA -v db="$PG_PGDATABASE"
    }
    if [[ -z "$(psql_admin <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")" ]]; then
      log "creating database $PG_PGDATABASE"
      psql_admin <<<'CREATE DATABASE :"db";'
    fi
  fi
  newsdesk_with "$DB_URL" migrate >&2
  read_pairs DB_ "$PY" bench/dbinfo.py count "$DB_URL"
  if ((DB_ARTICLES < ARTICLES)); then
    # An empty database gets the demo newsroom plus N generated articles, as the SQLite file.
    seed "$DB_URL" "$((DB_ARTICLES == 0 ? ARTICLES : ARTICLES - DB_ARTICLES))" \
      "$DATA_DIR/$ENGINE-$(size_label "$ARTICLES").admin-login.txt"
    SEEDED="seeded in this run"
  fi
  newsdesk_with "$DB_URL" prepare-public >&2
fi
# seed-demo inserts rows directly, so the related index (and its suggestion lists) is built
# here, once: the rebuild is skipped when every live version is already indexed, and the
# result stays in the cached database. Only the related row reads it (the build takes about
# 13 min per 100k articles), so without that row it is left alone.
if wants related; then
  started=$SECONDS
  related_out="$(newsdesk_with "$DB_URL" related-rebuild --if-unindexed)" ||
    die "newsdesk related-rebuild failed"
  echo "$related_out" >&2
  if [[ "$related_out" == indexed* ]]; then
    RELATED_INDEX="built in this run by \`newsdesk related-rebuild\` ($((SECONDS - started)) s)"
    if [[ -n "${DB_FILE:-}" ]]; then checkpoint "$DB_FILE"; fi
  else
    RELATED_INDEX="cached (every live version indexed)"
  fi
else
  RELATED_INDEX="not checked (related is not among BENCH_SCENARIOS=$SCENARIOS)"
fi
read_pairs DB_ "$PY" bench/dbinfo.py count "$DB_URL"
log "$ENGINE database: $DB_ARTICLES articles ($DB_LIVE live), $SEEDED; related index $RELATED_INDEX"

# ---------------------------------------------------------------- servers, 127.0.0.1 only
free_port() {
  "$PY" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_ready() { # pid url logfile name
  local deadline=$((SECONDS + 60))
  until curl -fsS --max-time 2 -o /dev/null "$2" 2>/dev/null; do
    if ! kill -0 "$1" 2>/dev/null; then
      tail -n 30 "$3" >&2
      die "$4 exited during startup (log above)"
    fi
    ((SECONDS < deadline)) || die "$4 not ready at $2 after 60 s"
    sleep 0.2
  done
}

PORT="$(free_port)"
DATABASE_URL="$DB_URL" NEWSDESK_RUN_JOBS=false \
  "$BIN/newsdesk" serve --host "$HOST" --port "$PORT" --workers 1 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
SERVER_PIDS+=("$SERVER_PID")
CEILING_PORT="$(free_port)"
"$PY" bench/ceiling.py --host "$HOST" --port "$CEILING_PORT" >"$WORK/ceiling.log" 2>&1 &
CEILING_PID=$!
SERVER_PIDS+=("$CEILING_PID")
BASE="http://$HOST:$PORT"
wait_ready "$SERVER_PID" "$BASE/readyz" "$WORK/server.log" "newsdesk serve"
wait_ready "$CEILING_PID" "http://$HOST:$CEILING_PORT/ceiling" "$WORK/ceiling.log" "ceiling"
log "newsdesk on :$PORT (pid $SERVER_PID), ceiling on :$CEILING_PORT (pid $CEILING_PID)"

read_pairs P_ "$PY" bench/probe.py "$BASE" "$WORK/ids.txt" --ids "$ID_COUNT" --query "$SEARCH_QUERY" \
  --scenarios "$SCENARIOS"
[[ -n "${P_DETAIL_ID:-}" ]] || die "the probe found no live article to request"

# ---------------------------------------------------------------- scenarios
DATE="$(date -u +%F)"
STAMP="$(date -u '+%F %H:%M UTC')"
RAW="$RESULTS_DIR/$DATE-$ENGINE.raw"
ROWS="$WORK/rows.tsv"
: >"$ROWS"
# wrk's default 2 s timeout would drop slow responses from the latency figures; a long one
# keeps them in, so a slow endpoint shows as slow rather than as a short list of fast answers.
WRK=(wrk "-t$THREADS" "-c$CONNECTIONS" "--timeout" "${TIMEOUT}s" --latency -s "$ROOT/bench/report.lua")

cpu_ticks() { # utime + stime of a process, in clock ticks
  local stat fields
  stat="$(<"/proc/$1/stat")"
  read -r -a fields <<<"${stat##*) }"
  echo $((fields[11] + fields[12]))
}

settle() { # wait (at most 120 s) until the server is idle: requests wrk gave up on still run
  local before after start=$SECONDS
  while ((SECONDS - start < 120)); do
    before="$(cpu_ticks "$SERVER_PID")"
    sleep 0.5
    after="$(cpu_ticks "$SERVER_PID")"
    # under 10% of one core over half a second
    ((after - before < $(getconf CLK_TCK) / 20)) && break
  done
  if ((SECONDS - start > 1)); then
    log "server busy for $((SECONDS - start)) s after the previous load"
  fi
}

scenario() { # name mode path-for-report url [extra wrk args...]
  local name=$1 mode=$2 shown=$3 url=$4 output line rps p50 p99 max requests errors socket
  shift 4
  local run=(env BENCH_WRK_MODE="$mode" BENCH_WRK_IDS="$WORK/ids.txt"
    BENCH_WRK_PREFIX=/v1/articles/ BENCH_WRK_SUFFIX="${WRK_SUFFIX:-}" "${WRK[@]}")
  log "$name: ${shown//\`/}"
  settle
  "${run[@]}" "-d${WARMUP}s" "$@" "$url" >/dev/null 2>&1 || true
  settle
  if output="$("${run[@]}" "-d${DURATION}s" "$@" "$url" 2>&1)"; then
    line="$(grep '^RESULT ' <<<"$output" | tail -n 1 || true)"
  else
    line=""
  fi
  {
    echo "### $STAMP $ENGINE $name: BENCH_WRK_MODE=$mode ${WRK[*]} -d${DURATION}s ${*:+$* }$url"
    echo "$output"
  } >>"$RAW"
  if [[ -n "$line" ]]; then
    read -r _ rps p50 p99 max requests errors socket <<<"$line"
  else
    echo "$output" >&2
    rps="" p50="" p99="" max="" requests="" errors="" socket=""
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$name" "$shown" "$rps" "$p50" "$p99" "$max" "$requests" "$errors" "$socket" >>"$ROWS"
}

LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"
scenario ceiling plain "\`GET /ceiling\` of bench/ceiling.py" "http://$HOST:$CEILING_PORT/ceiling"
if wants list; then scenario list plain "\`GET $P_LIST_PATH\`" "$BASE$P_LIST_PATH"; fi
if wants detail; then
  scenario detail ids "\`GET /v1/articles/{id}\` over $P_IDS live ids in turn" \
    "$BASE/v1/articles/$P_DETAIL_ID"
fi
if wants compressed; then # the same requests, accepting one coding (wrk does not decode)
  for coding in gzip br; do
    scenario "list $coding" plain "\`GET $P_LIST_PATH\` with \`Accept-Encoding: $coding\`" \
      "$BASE$P_LIST_PATH" -H "Accept-Encoding: $coding"
    scenario "detail $coding" ids \
      "\`GET /v1/articles/{id}\` over $P_IDS live ids in turn, with \`Accept-Encoding: $coding\`" \
      "$BASE/v1/articles/$P_DETAIL_ID" -H "Accept-Encoding: $coding"
  done
fi
if wants 304; then
  scenario "detail 304" expect304 \
    "\`GET /v1/articles/$P_DETAIL_ID\` with \`If-None-Match: $P_ETAG\` (errors = not 304)" \
    "$BASE/v1/articles/$P_DETAIL_ID" -H "If-None-Match: $P_ETAG"
fi
if wants search; then scenario search plain "\`GET $P_SEARCH_PATH\`" "$BASE$P_SEARCH_PATH"; fi
if wants related; then
  WRK_SUFFIX="/related?limit=6" scenario related ids \
    "\`GET /v1/articles/{id}/related?limit=6\` over $P_IDS live ids in turn" \
    "$BASE/v1/articles/$P_DETAIL_ID/related?limit=6"
fi

status_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status" 2>/dev/null || true; }
SERVER_RSS_KB="$(status_kb "$SERVER_PID" VmRSS)"
SERVER_HWM_KB="$(status_kb "$SERVER_PID" VmHWM)"
CEILING_RSS_KB="$(status_kb "$CEILING_PID" VmRSS)"

# ---------------------------------------------------------------- report
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
# --no-optional-locks: only look, never refresh the index.
if [[ "$COMMIT" != unknown ]] && ! git --no-optional-locks diff --quiet HEAD -- 2>/dev/null; then
  COMMIT="$COMMIT (working tree has uncommitted changes)"
fi
DB_SHOWN="$(mask_password "$DB_URL")"
DB_SHOWN="${DB_SHOWN/"$ROOT/"/}"
{
  echo "STAMP=$STAMP"
  echo "COMMAND=$COMMAND"
  echo "WRK=wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --timeout ${TIMEOUT}s --latency -s bench/report.lua URL"
  echo "WARMUP=$WARMUP"
  echo "COMMIT=$COMMIT"
  echo "ENGINE=$ENGINE"
  echo "ENGINE_VERSION=$DB_VERSION"
  echo "DB=$DB_SHOWN"
  echo "SEEDED=$SEEDED"
  echo "RELATED_INDEX=$RELATED_INDEX"
  echo "ARTICLES=$DB_ARTICLES"
  echo "LIVE=$DB_LIVE"
  echo "IDS=$P_IDS"
  echo "NPROC=$(nproc)"
  echo "CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "MEM=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "LOAD=$LOAD_AT_START"
  echo "SERVER_RSS_KB=$SERVER_RSS_KB"
  echo "SERVER_HWM_KB=$SERVER_HWM_KB"
  echo "CEILING_RSS_KB=$CEILING_RSS_KB"
  echo "NOTE_LIST=${P_NOTE_LIST:-}"
  echo "NOTE_304=${P_NOTE_304:-}"
  echo "NOTE_SEARCH=${P_NOTE_SEARCH:-}"
  echo "NOTE_RELATED=${P_NOTE_RELATED:-}"
  echo "NOTE_COMPRESSED=${P_NOTE_COMPRESSED:-}"
  echo "BYTES_LIST=${P_BYTES_LIST:-}"
  echo "BYTES_DETAIL=${P_BYTES_DETAIL:-}"
} >"$WORK/meta.txt"

REPORT="$RESULTS_DIR/$DATE-$ENGINE.md"
"$PY" bench/render.py "$WORK/meta.txt" "$ROWS" >"$WORK/report.md"
echo
cat "$WORK/report.md"
if [[ -s "$REPORT" ]]; then echo >>"$REPORT"; fi
cat "$WORK/report.md" >>"$REPORT"
log "appended to ${REPORT#"$ROOT"/}; raw wrk output in ${RAW#"$ROOT"/}"
