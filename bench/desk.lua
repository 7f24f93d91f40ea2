-- wrk script for bench/desk.py: rotate over the paths in BENCH_DESK_PATHS (a file, one path per
-- line) and print one machine-readable line: RESULT rps p50_ms p95_ms p99_ms requests errors
local paths = {}
local at = 0

function init(args)
  for line in io.lines(os.getenv("BENCH_DESK_PATHS")) do
    if line ~= "" then table.insert(paths, line) end
  end
end

function request()
  at = at % #paths + 1
  return wrk.format("GET", paths[at])
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests, errors))
end
