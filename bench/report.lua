-- wrk script for bench/run.sh: one machine-readable RESULT line per run, plus two request modes.
--
-- The mode comes from the environment, not from wrk's `-- args`, because wrk decides at load
-- time (in the main Lua state, before init runs) whether `request`/`response` exist; defining
-- them only when needed keeps the plain scenarios on wrk's fast static-request path.
--   BENCH_WRK_MODE=plain      the URL given to wrk, unchanged
--   BENCH_WRK_MODE=ids        rotate over the ids in BENCH_WRK_IDS (a file, one id per line),
--                             requesting BENCH_WRK_PREFIX .. id .. BENCH_WRK_SUFFIX
--                             (e.g. /v1/articles/ .. id, or .. id .. /related?limit=6)
--   BENCH_WRK_MODE=expect304  the URL unchanged (send If-None-Match with -H); every response
--                             that is not a 304 counts as an error
--
-- RESULT rps p50_ms p99_ms max_ms requests errors socket_errors
--   errors = non-2xx/3xx responses, or non-304 responses in expect304 mode

local mode = os.getenv("BENCH_WRK_MODE") or "plain"
local threads = {}

function setup(thread)
  thread:set("thread_no", #threads)
  table.insert(threads, thread)
end

if mode == "ids" then
  local prepared = {}
  local count, at = 0, 0

  function init(args)
    local path = os.getenv("BENCH_WRK_IDS")
    local prefix = os.getenv("BENCH_WRK_PREFIX") or "/v1/articles/"
    local suffix = os.getenv("BENCH_WRK_SUFFIX") or ""
    for line in io.lines(path) do
      local id = line:match("^%s*(%d+)%s*$")
      if id then
        count = count + 1
        prepared[count] = wrk.format(nil, prefix .. id .. suffix)
      end
    end
    if count == 0 then
      error("no ids in " .. tostring(path))
    end
    -- Threads start at different offsets so they do not request the same id in step.
    at = ((thread_no or 0) * math.floor(count / 2)) % count
  end

  function request()
    at = at % count + 1
    return prepared[at]
  end
end

if mode == "expect304" then
  not_modified_misses = 0

  function response(status, headers, body)
    if status ~= 304 then
      not_modified_misses = not_modified_misses + 1
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.status
  if mode == "expect304" then
    errors = 0
    for _, thread in ipairs(threads) do
      errors = errors + (thread:get("not_modified_misses") or 0)
    end
  end
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d %d\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, errors, e.connect + e.read + e.write + e.timeout))
end
