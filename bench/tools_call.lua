-- wrk script for scripts/bench and scripts/bench-conn: POSTs one MCP tools/call on every request and
-- counts what came back, so a fast refusal is never counted as throughput.
--   WRK_PATH=/demo/mcp WRK_TOOL=execute_sql WRK_ARGS='{"query":"SELECT 1"}' wrk -t2 -c8 -d5s \
--     -s bench/tools_call.lua http://127.0.0.1:PORT
-- Stateless by default (no session, MCP-Protocol-Version 2025-06-18). MCP_BODY replaces the built body;
-- MCP_SESSION (an Mcp-Session-Id from an initialize made beforehand) and MCP_VERSION go on every request,
-- as Streamable HTTP (MCP 2025-06-18 "Transports") asks after initialize; WRK_CLOSE=1 adds
-- "Connection: close" (RFC 9112 section 9.6), so every call opens a new connection.
-- A call is ok when the status is 2xx, the body is a JSON-RPC result (MCP basic § Responses) and the
-- tool result is not isError: true. Prints one JSON line like bench/load's, last on stdout
-- (WRK_CONNECTIONS: the -c given, echoed as "clients").

local path = os.getenv("WRK_PATH") or "/demo/mcp"
local tool = os.getenv("WRK_TOOL") or "execute_sql"
local args = os.getenv("WRK_ARGS") or "{}"

wrk.method = "POST"
wrk.path = path
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = os.getenv("MCP_VERSION") or "2025-06-18"
if os.getenv("MCP_SESSION") then
  wrk.headers["Mcp-Session-Id"] = os.getenv("MCP_SESSION")
end
if os.getenv("WRK_CLOSE") == "1" then
  wrk.headers["Connection"] = "close"
end
wrk.body = os.getenv("MCP_BODY") or
    ('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"' .. tool ..
     '","arguments":' .. args .. '}}')

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(_)
  ok = 0
  bad_status = 0
  rpc_errors = 0
  first_error = ""
end

local function note(what)
  if first_error == "" then first_error = what end
end

function response(status, _, body)
  if status < 200 or status > 299 then
    bad_status = bad_status + 1
    note("HTTP " .. status .. ": " .. string.sub(body or "", 1, 120))
  elseif not string.find(body, '"result":', 1, true) then
    rpc_errors = rpc_errors + 1
    note(string.sub(body, 1, 120))
  elseif string.find(body, '"isError":true', 1, true) then
    rpc_errors = rpc_errors + 1
    note(string.sub(body, 1, 120))
  else
    ok = ok + 1
  end
end

local function escape(s)
  return (string.gsub(s, '[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end))
end

function done(summary, latency, _)
  local n_ok, n_status, n_rpc, first = 0, 0, 0, ""
  for _, t in ipairs(threads) do
    n_ok = n_ok + t:get("ok")
    n_status = n_status + t:get("bad_status")
    n_rpc = n_rpc + t:get("rpc_errors")
    if first == "" then first = t:get("first_error") end
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
      '{"mode":"wrk","clients":%d,"ok":%d,"errors":%d,"http_errors":%d,"rpc_errors":%d,' ..
      '"socket_errors":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"first_error":"%s"}\n',
      tonumber(os.getenv("WRK_CONNECTIONS") or "0"),
      n_ok, n_status + n_rpc + socket_errors, n_status, n_rpc, socket_errors, seconds,
      n_ok / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, escape(first)))
end
