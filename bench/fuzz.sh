#!/usr/bin/env bash
# The long schemathesis run (issue 16): every operation of /openapi.json, once as an admin and
# once with no credentials, with many more examples than CI's tests/test_api_fuzz.py.
#
#   bash bench/fuzz.sh                                    # SQLite
#   TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test bash bench/fuzz.sh
#
# Knobs: FUZZ_EXAMPLES (200, hypothesis examples per operation and pass; schemathesis adds its
# own coverage cases on top). Prints how many cases each pass sent and the status classes seen;
# any 5xx, undocumented status or content type, missing required header or schema mismatch
# fails the run with the failing case.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[[ -x .venv/bin/pytest ]] || make install >/dev/null
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
engine="sqlite"
[[ -n "${TEST_DATABASE_URL:-}" ]] && engine="postgresql"
echo "== schemathesis, $engine, FUZZ_EXAMPLES=${FUZZ_EXAMPLES:-200}" >&2
status=0
NEWSDESK_FUZZ_EXAMPLES="${FUZZ_EXAMPLES:-200}" NEWSDESK_FUZZ_REPORT="$report" \
  .venv/bin/pytest tests/test_api_fuzz.py -q -p no:cacheprovider || status=$?
echo "== cases sent ($engine):"
cat "$report"
exit "$status"
