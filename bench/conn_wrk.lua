-- wrk script for scripts/bench-conn: one MCP tools/call per request on a session opened beforehand
-- (Streamable HTTP, MCP 2025-06-18 "Transports": Mcp-Session-Id and MCP-Protocol-Version on every
-- request after initialize). WRK_CLOSE=1 adds "Connection: close" (RFC 9112 §9.6), so every call
-- opens a new connection. An answer counts as an error unless it is a 200 with a JSON-RPC result
-- that is not a tool error: a fast refusal is not throughput. Prints one JSON line at the end.
wrk.method = "POST"
wrk.body = os.getenv("MCP_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Mcp-Session-Id"] = os.getenv("MCP_SESSION")
wrk.headers["MCP-Protocol-Version"] = os.getenv("MCP_VERSION")
if os.getenv("WRK_CLOSE") == "1" then
  wrk.headers["Connection"] = "close"
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  first_bad = ""
end

function response(status, headers, body)
  if status ~= 200 or not body:find('"result"', 1, true) or body:find('"isError":true', 1, true) then
    bad = bad + 1
    if first_bad == "" then
      first_bad = status .. " " .. body:sub(1, 120):gsub('[%c"\\]', " ")
    end
  end
end

function done(summary, latency, requests)
  local errors, first = 0, ""
  for _, t in ipairs(threads) do
    errors = errors + t:get("bad")
    if first == "" then
      first = t:get("first_bad")
    end
  end
  local e = summary.errors
  errors = errors + e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  local ok = summary.requests - errors
  io.write(string.format(
    '{"mode":"wrk","ok":%d,"errors":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,'
      .. '"first_error":"%s"}\n',
    ok, errors, seconds, ok / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, first))
end
