-- wrk script for `npm run bench` (tests/bench/load.js): sends the session cookies named in
-- BENCH_COOKIES (comma-separated; one per request in turn, so 100 connections can be 100
-- learners) and prints the run's summary as one JSON line for the bench to read.
local cookies = {}
for c in string.gmatch(os.getenv("BENCH_COOKIES") or "", "[^,]+") do
  table.insert(cookies, c)
end

if #cookies == 1 then
  wrk.headers["Cookie"] = cookies[1]
elseif #cookies > 1 then
  -- Each request formatted once, at start-up: cycling through them costs the client nothing.
  local formatted = {}
  local n = 0
  init = function(args)
    for i, c in ipairs(cookies) do
      local headers = {}
      for k, v in pairs(wrk.headers) do headers[k] = v end
      headers["Cookie"] = c
      formatted[i] = wrk.format(nil, nil, headers)
    end
  end
  request = function()
    n = n + 1
    return formatted[(n % #formatted) + 1]
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"durationUs":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"p50":%d,"p75":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
end
