-- wrk script for scripts/bench.py: after the run, print one line of JSON with the
-- latency percentiles (microseconds), the request count and the errors.
-- wrk's summary.errors.status counts responses with a status above 399 (not 2xx/3xx);
-- connect/read/write/timeout are socket errors. No response() hook: defining one makes
-- wrk hand every body to Lua, which costs the load generator CPU the server needs.

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"p50_us":%.0f,"p95_us":%.0f,"p99_us":%.0f,"mean_us":%.0f,"max_us":%.0f,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(95), latency:percentile(99),
      latency.mean, latency.max,
      e.connect, e.read, e.write, e.status, e.timeout))
end
