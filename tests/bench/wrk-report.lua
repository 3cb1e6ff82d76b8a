-- wrk script for `npm run bench` (tests/bench/wrk.js): sends the session cookies named in
-- BENCH_COOKIES (comma-separated; one per request in turn, so 100 connections can be 100
-- learners) and prints the run's summary as one JSON line for the bench to read.
local cookies = {}
for c in string.gmatch(os.getenv("BENCH_COOKIES") or "", "[^,]+") do
  table.insert(cookies, c)
end

if #cookies == 1 then
  wrk.headers["Cookie"] = cookies[1]
elseif #cookies > 1 then
  local n = 0
  request = function()
    n = n + 1
    local headers = {}
    for k, v in pairs(wrk.headers) do headers[k] = v end
    headers["Cookie"] = cookies[(n % #cookies) + 1]
    return wrk.format(nil, nil, headers)
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
