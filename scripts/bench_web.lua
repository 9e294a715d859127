-- wrk script for scripts/bench-web.sh: one connection sends BENCH_REQUESTS requests (default
-- 200) to one path, then stops; done() prints the requests, the median and p99 latency in
-- milliseconds, the errors and the last body's size, as one tab-separated line.
local limit = tonumber(os.getenv("BENCH_REQUESTS") or "200")
local count = 0
local size = 0

response = function(status, headers, body)
  count = count + 1
  size = #body
  if status ~= 200 then
    io.stderr:write("bench-web: status " .. status .. " for " .. wrk.path .. "\n")
  end
  if count >= limit then
    wrk.thread:stop()
  end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT\t%d\t%.2f\t%.2f\t%d\t%d\n", summary.requests, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.read, size))
end
