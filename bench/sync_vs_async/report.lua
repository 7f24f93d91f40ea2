-- Shared wrk `done` hook: prints one machine-readable line for run.sh.
-- Optional per-request path randomisation is enabled when RANDOM_IDS is set via wrk's args.
local random_ids = false
local counter = 0

function init(args)
  if args[1] == "random-ids" then random_ids = true end
  -- different seed per wrk thread so the two threads do not replay the same ids
  counter = tonumber(tostring({}):match("0x(%x+)") or "1", 16) or 1
  math.randomseed(os.time() + counter)
end

function request()
  if random_ids then
    return wrk.format("GET", "/articles/" .. math.random(1, 2000))
  end
  return wrk.request()
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d non2xx=%d connect_err=%d read_err=%d timeouts=%d\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, e.status, e.connect, e.read, e.timeout))
end
