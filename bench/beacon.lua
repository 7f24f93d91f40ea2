-- wrk script for bench/views.sh: view beacons, as browsers send them.
--
-- Each request is `POST /v1/articles/{id}/views` with `{"visitor_id": "..."}` and a browser
-- user agent; the article rotates over the ids in BENCH_WRK_IDS (one per line) and the visitor
-- over BENCH_VISITORS (default 10000) ids, so most beacons are new views (a write each) and
-- some are repeats (deduped). Any answer but 202 counts as an error.
--
-- RESULT rps p50_ms p99_ms max_ms requests errors socket_errors

local threads = {}
local ids, count = {}, 0
local visitors = tonumber(os.getenv("BENCH_VISITORS") or "10000")
local at = 0
not_accepted = 0

function setup(thread)
  thread:set("thread_no", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_WRK_IDS")) do
    local id = line:match("^%s*(%d+)%s*$")
    if id then
      count = count + 1
      ids[count] = id
    end
  end
  if count == 0 then
    error("no ids in BENCH_WRK_IDS")
  end
  math.randomseed(os.time() + (thread_no or 0) * 7919)
end

local headers = {
  ["Content-Type"] = "application/json",
  ["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    .. "(KHTML, like Gecko) Chrome/131.0 Safari/537.36",
}

function request()
  at = at % count + 1
  local body = string.format('{"visitor_id":"bench-%d"}', math.random(visitors))
  return wrk.format("POST", "/v1/articles/" .. ids[at] .. "/views", headers, body)
end

function response(status, headers, body)
  if status ~= 202 then
    not_accepted = not_accepted + 1
  end
end

function done(summary, latency, requests)
  local errors = 0
  for _, thread in ipairs(threads) do
    errors = errors + (thread:get("not_accepted") or 0)
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d %d\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, errors, e.connect + e.read + e.write + e.timeout))
end
