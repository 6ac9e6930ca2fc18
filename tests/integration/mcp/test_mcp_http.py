"""MCP over raw HTTP against a real gateway: every status code of both transports, bad input, Origin rules,
the session policy, and many idle streams at once."""
import json
import signal
import sys
import time
import unittest

from gwtest.http_client import ACCEPT_BOTH, SseStream, initialize_body
from gwtest.processes import Gateway
from mcp_scopes import CONFIG, McpScopesTest

SUPPORTED = "2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05"


class McpHttpTest(McpScopesTest):
    def open_session(self, version="2025-11-25", scope="demo"):
        status, headers, body = self.http.post(f"/{scope}/mcp", initialize_body(version))
        self.assertEqual(status, 200, body)
        self.assertEqual(body["result"]["protocolVersion"], version)
        return headers["mcp-session-id"]

    # --- lifecycle ------------------------------------------------------------------------------------------

    def test_initialize_negotiates_each_supported_version_and_answers_latest_otherwise(self):
        for requested, expected in [("2025-11-25", "2025-11-25"), ("2025-06-18", "2025-06-18"),
                                    ("2025-03-26", "2025-03-26"), ("2024-11-05", "2024-11-05"),
                                    ("2026-07-28", "2025-11-25"), ("1999-01-01", "2025-11-25")]:
            with self.subTest(requested=requested):
                status, headers, body = self.http.post("/demo/mcp", initialize_body(requested))
                self.assertEqual(status, 200)
                self.assertEqual(headers["content-type"], "application/json")
                result = body["result"]
                self.assertEqual(result["protocolVersion"], expected)
                self.assertEqual(result["serverInfo"]["name"], "mssql-mcp-gateway")
                self.assertEqual(result["capabilities"], {"tools": {"listChanged": False}, "logging": {}})
                self.assertIn("T-SQL", result["instructions"])
                self.assertIn("Mode: read-only.", result["instructions"])
                sid = headers["mcp-session-id"]
                self.assertGreaterEqual(len(sid), 22)
                self.assertTrue(all(0x21 <= ord(c) <= 0x7E for c in sid))

    def test_read_write_scope_says_so_in_its_instructions(self):
        _, _, body = self.http.post("/methods/mcp", initialize_body("2025-11-25"))
        self.assertIn("Mode: read-write.", body["result"]["instructions"])

    def test_initialized_notification_is_202_with_or_without_session(self):
        sid = self.open_session()
        note = {"jsonrpc": "2.0", "method": "notifications/initialized"}
        for headers in [{"Mcp-Session-Id": sid}, {}]:
            with self.subTest(headers=headers):
                status, _, text = self.http.request("POST", "/demo/mcp", json.dumps(note),
                                                    dict(headers, Accept=ACCEPT_BOTH))
                self.assertEqual(status, 202)
                self.assertEqual(text, "")

    def test_ping_answers_empty_object(self):
        sid = self.open_session()
        status, _, body = self.http.post("/demo/mcp", {"jsonrpc": "2.0", "id": "p", "method": "ping"},
                                         {"Mcp-Session-Id": sid})
        self.assertEqual((status, body), (200, {"jsonrpc": "2.0", "id": "p", "result": {}}))

    # --- the session policy -----------------------------------------------------------------------------------

    def test_session_policy_status_codes(self):
        sid = self.open_session()
        listing = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
        set_level = {"jsonrpc": "2.0", "id": 2, "method": "logging/setLevel", "params": {"level": "info"}}
        cases = [
            ("live session", listing, {"Mcp-Session-Id": sid}, 200, None),
            ("unknown session", listing, {"Mcp-Session-Id": "no-such-session"}, 404,
             "Session not found: it expired or was ended; send initialize to start a new one"),
            ("no session: tools/list is served", listing, {}, 200, None),
            ("no session: setLevel needs one", set_level, {}, 400,
             "Bad Request: Mcp-Session-Id header is required; send initialize first"),
            ("session: setLevel", set_level, {"Mcp-Session-Id": sid}, 200, None),
            ("server/discover is a 2026-07-28 request: without _meta, -32602", {"jsonrpc": "2.0", "id": 3,
                                                                                "method": "server/discover"},
             {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "server/discover"}, 400,
             {"code": -32602, "message": 'Invalid params: _meta["io.modelcontextprotocol/protocolVersion"] is '
                                         'required (a string)'}),
            ("modern header without session: served as 2025-11-25 (Claude's mixed traffic)", listing,
             {"MCP-Protocol-Version": "2026-07-28"}, 200, None),
            ("unknown older header without session", listing, {"MCP-Protocol-Version": "2024-10-07"}, 400,
             "Bad Request: unsupported MCP-Protocol-Version 2024-10-07 (supported: " + SUPPORTED + ")"),
            ("modern header on a live session", listing,
             {"Mcp-Session-Id": sid, "MCP-Protocol-Version": "2026-07-28"}, 200, None),
            ("malformed version header", listing, {"Mcp-Session-Id": sid, "MCP-Protocol-Version": "banana"}, 400,
             "Bad Request: malformed MCP-Protocol-Version header (supported: " + SUPPORTED + ")"),
            ("no session, supported header", listing, {"MCP-Protocol-Version": "2025-06-18"}, 200, None),
        ]
        for name, message, headers, status, error in cases:
            with self.subTest(name):
                got_status, _, body = self.http.post("/demo/mcp", message, headers)
                self.assertEqual(got_status, status, body)
                if error is None:
                    self.assertIn("result", body)
                elif isinstance(error, dict):
                    self.assertEqual(body["error"], error)
                else:
                    self.assertEqual(body["error"], {"code": -32600, "message": error})

    def test_delete_ends_the_session_then_404(self):
        sid = self.open_session()
        status, _, _ = self.http.request("DELETE", "/demo/mcp", headers={"Mcp-Session-Id": sid})
        self.assertEqual(status, 204)
        status, _, body = self.http.post("/demo/mcp", {"jsonrpc": "2.0", "id": 1, "method": "ping"},
                                         {"Mcp-Session-Id": sid})
        self.assertEqual(status, 404)
        self.assertEqual(body["error"]["code"], -32600)
        self.assertEqual(self.http.request("DELETE", "/demo/mcp", headers={"Mcp-Session-Id": sid})[0], 404)
        self.assertEqual(self.http.request("DELETE", "/demo/mcp")[0], 400)

    def test_batches_only_in_2025_03_26_sessions(self):
        batch = [{"jsonrpc": "2.0", "id": 1, "method": "ping"},
                 {"jsonrpc": "2.0", "method": "notifications/initialized"},
                 {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}]
        old = self.open_session("2025-03-26")
        status, _, body = self.http.post("/demo/mcp", batch, {"Mcp-Session-Id": old})
        self.assertEqual(status, 200)
        self.assertEqual([r["id"] for r in body], [1, 2])
        status, _, _ = self.http.post("/demo/mcp", batch[1:2], {"Mcp-Session-Id": old})
        self.assertEqual(status, 202)
        new = self.open_session("2025-11-25")
        status, _, body = self.http.post("/demo/mcp", batch, {"Mcp-Session-Id": new})
        self.assertEqual(status, 400)
        self.assertNotIn("id", body)
        self.assertEqual(body["error"]["message"], "Invalid Request: JSON-RPC batches are accepted only in "
                         "protocol version 2025-03-26, not 2025-11-25")

    # --- bad input ----------------------------------------------------------------------------------------------

    def test_bad_json_rpc_input(self):
        sid = self.open_session()
        cases = [
            ("malformed JSON", '{"jsonrpc": "2.0", "id": 1, "method": ', 400, -32700,
             "Parse error: the body is not valid JSON", None),
            ("not an object", "42", 400, -32600, "Invalid Request: a message must be a JSON object", None),
            ("wrong jsonrpc", '{"jsonrpc":"1.0","id":7,"method":"ping"}', 400, -32600,
             'Invalid Request: jsonrpc must be "2.0"', 7),
            ("null id", '{"jsonrpc":"2.0","id":null,"method":"ping"}', 400, -32600,
             "Invalid Request: id must be a string or an integer", None),
            ("no method, no id", '{"jsonrpc":"2.0"}', 400, -32600, "Invalid Request: missing method", None),
            ("unknown method", '{"jsonrpc":"2.0","id":8,"method":"resources/list"}', 200, -32601,
             "Method not found: resources/list", 8),
            ("prompts are not offered", '{"jsonrpc":"2.0","id":8,"method":"prompts/list"}', 200, -32601,
             "Method not found: prompts/list", 8),
            ("tools/call name of the wrong type", '{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":5}}',
             200, -32602, "Invalid params: name must be a string", 9),
            ("tools/call arguments not an object",
             '{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"x","arguments":[]}}',
             200, -32602, "Invalid params: arguments must be an object", 9),
            ("unknown tool", '{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"nope"}}', 200, -32602,
             "Unknown tool: nope", 9),
            ("bad cursor", '{"jsonrpc":"2.0","id":10,"method":"tools/list","params":{"cursor":"forged"}}', 200,
             -32602, "Invalid params: invalid cursor", 10),
            ("bad log level", '{"jsonrpc":"2.0","id":11,"method":"logging/setLevel","params":{"level":"loud"}}', 200,
             -32602, "Invalid params: level must be one of debug, info, notice, warning, error, critical, alert, "
             "emergency", 11),
            ("deep nesting", "[" * 5000 + "]" * 5000, 400, -32700, "Parse error: JSON nested deeper than 64 levels",
             None),
        ]
        for name, body, status, code, message, rid in cases:
            with self.subTest(name):
                got, _, reply = self.http.post("/demo/mcp", body, {"Mcp-Session-Id": sid})
                self.assertEqual(got, status, reply)
                self.assertEqual(reply["error"], {"code": code, "message": message})
                self.assertEqual(reply.get("id"), rid)

    def test_a_request_without_id_is_a_notification_and_gets_no_answer(self):
        status, _, text = self.http.request("POST", "/demo/mcp", '{"jsonrpc":"2.0","method":"tools/list"}',
                                            {"Accept": ACCEPT_BOTH})
        self.assertEqual((status, text), (202, ""))

    def test_huge_body_is_413_and_the_gateway_lives_on(self):
        big = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "ping", "params": {"pad": "x" * 200_000}})
        status, _, _ = self.http.request("POST", "/demo/mcp", big, {"Accept": ACCEPT_BOTH})
        self.assertEqual(status, 413)
        self.assertEqual(self.http.post("/demo/mcp", {"jsonrpc": "2.0", "id": 1, "method": "ping"})[0], 200)

    # --- Origin (DNS rebinding) ---------------------------------------------------------------------------------

    def test_origin_rules(self):
        ping = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
        for origin, status in [(None, 200), ("https://claude.ai", 200), ("https://chatgpt.com", 200),
                               ("https://evil.example.com", 403), ("http://localhost.evil.example", 403)]:
            with self.subTest(origin=origin):
                headers = {"Origin": origin} if origin else {}
                got, _, _ = self.http.post("/demo/mcp", ping, headers)
                self.assertEqual(got, status)
                got, _, _ = self.http.request("GET", "/demo/sse", headers=dict(headers, Accept="application/json"))
                self.assertEqual(got, status)

    # --- authentication switches (the OAuth flow itself: tests/integration/oauth) ------------------------------

    def test_scopes_without_development_switches_refuse_anonymous_calls(self):
        call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "x"}}
        listing = {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}
        self.assertEqual(self.http.post("/closed/mcp", listing)[0], 401)
        self.assertEqual(self.http.post("/closed/mcp", initialize_body("2025-11-25"))[0], 401)
        self.assertEqual(self.http.post("/methods/mcp", listing)[0], 200)
        status, headers, _ = self.http.post("/methods/mcp", call)
        self.assertEqual(status, 401)
        self.assertTrue(headers["www-authenticate"].startswith("Bearer"))

    def test_paths_as_users_type_them(self):
        """/demo/MCP, /Demo/mcp and /demo/mcp/ reach the scope; on an OAuth scope the challenge and the protected
        resource metadata name the URL exactly as typed (RFC 9728 §3.3 compares strings)."""
        listing = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
        for path in ("/demo/MCP", "/Demo/mcp", "/demo/mcp/", "/DEMO/Mcp/"):
            with self.subTest(path=path):
                self.assertEqual(self.http.post(path, listing)[0], 200)
        base = f"http://127.0.0.1:{self.gw.port}"
        for path, typed in (("/closed/mcp", "/closed/mcp"), ("/Closed/mcp", "/Closed/mcp"),
                            ("/closed/MCP/", "/closed/MCP")):
            with self.subTest(path=path):
                status, headers, _ = self.http.post(path, listing)
                self.assertEqual(status, 401)
                metadata = base + "/.well-known/oauth-protected-resource" + typed
                self.assertTrue(headers["www-authenticate"].startswith(f'Bearer resource_metadata="{metadata}"'),
                                headers["www-authenticate"])
                status, _, text = self.http.request("GET", metadata[len(base):])
                self.assertEqual(status, 200, text)
                self.assertEqual(json.loads(text)["resource"], base + typed)

    # --- GET, HEAD and streams ------------------------------------------------------------------------------------

    def test_head_probes_answer_event_stream_headers(self):
        for path in ["/demo/mcp", "/demo/sse", "/Demo/mcp/"]:
            with self.subTest(path=path):
                status, headers, _ = self.http.request("HEAD", path)
                self.assertEqual(status, 200)
                self.assertEqual(headers["content-type"], "text/event-stream")
                self.assertEqual(headers["cache-control"], "no-cache")
                self.assertEqual(headers["x-accel-buffering"], "no")

    def test_plain_get_describes_the_endpoint(self):
        for path, transport in [("/demo/mcp", "streamable-http"), ("/demo/sse", "sse (2024-11-05)")]:
            status, headers, text = self.http.request("GET", path, headers={"Accept": "application/json"})
            self.assertEqual(status, 200)
            self.assertEqual(json.loads(text)["transport"], transport)

    def test_get_with_event_stream_accept_holds_a_stream_open(self):
        stream = SseStream(self.gw.port, "/demo/mcp")
        try:
            self.assertEqual(stream.status, 200)
            self.assertEqual(stream.headers["content-type"], "text/event-stream")
            self.assertEqual(stream.headers["x-accel-buffering"], "no")
            self.assertTrue(stream.read_until(": stream open\n\n").startswith(": stream open\n\n"))
        finally:
            stream.close()
        stream = SseStream(self.gw.port, "/demo/mcp", {"Mcp-Session-Id": "unknown"})
        self.assertEqual(stream.status, 404)
        stream.close()

    def test_legacy_sse_round_trip(self):
        stream = SseStream(self.gw.port, "/demo/sse")
        try:
            self.assertEqual(stream.status, 200)
            self.assertEqual(stream.headers["content-type"], "text/event-stream")
            stream.read_until("\n\n")
            event, endpoint = stream.events()[0]
            self.assertEqual(event, "endpoint")
            self.assertTrue(endpoint.startswith("/demo/messages?session_id="), endpoint)
            status, _, text = self.http.request("POST", endpoint, initialize_body("2024-11-05"))
            self.assertEqual(status, 202)
            stream.read_until('"id":1')
            event, data = stream.events()[1]
            self.assertEqual(event, "message")
            self.assertEqual(json.loads(data)["result"]["protocolVersion"], "2024-11-05")
            self.assertNotIn("title", json.loads(data)["result"]["serverInfo"])  # not in the 2024-11-05 schema
            status, _, _ = self.http.request("POST", endpoint, '{"jsonrpc":"2.0","method":"notifications/initialized"}')
            self.assertEqual(status, 202)
            status, _, _ = self.http.request("POST", endpoint, '{"jsonrpc":"2.0","id":2,"method":"tools/list"}')
            self.assertEqual(status, 202)
            stream.read_until('"id":2')
            tools = json.loads(stream.events()[2][1])["result"]["tools"]
            self.assertEqual([t["name"] for t in tools],
                             ["list_tables", "describe_table", "get_table_sample", "execute_sql",
                              "search_objects"])
            self.assertEqual(self.http.request("POST", endpoint, "{nope")[0], 400)
            self.assertEqual(self.http.request("POST", "/demo/messages?session_id=unknown", "{}")[0], 404)
            self.assertEqual(self.http.request("POST", "/demo/messages", "{}")[0], 400)
        finally:
            stream.close()

    def test_legacy_endpoint_keeps_the_public_prefix_behind_a_proxy(self):
        cases = [({}, "/demo/sse", "/demo/messages?session_id="),
                 ({}, "/Demo/sse/", "/Demo/messages?session_id="),
                 ({"X-Environment-Path": "/demo"}, "/sse", "/demo/messages?session_id="),
                 ({"X-Environment-Path": "/demo", "X-Forwarded-Prefix": "/gw/demo"}, "/sse",
                  "/gw/demo/messages?session_id=")]
        for headers, path, prefix in cases:
            with self.subTest(path=path, headers=headers):
                stream = SseStream(self.gw.port, path, headers)
                try:
                    stream.read_until("\n\n")
                    self.assertTrue(stream.events()[0][1].startswith(prefix), stream.text)
                finally:
                    stream.close()

    def test_many_idle_streams_do_not_starve_requests(self):
        count = 200
        # Five clients behind the trusted proxy (127.0.0.1): one address may hold only
        # server.limits.max_streams_per_address (64) streams.
        streams = [SseStream(self.gw.port, "/demo/mcp" if i % 2 else "/demo/sse",
                             {"X-Forwarded-For": "10.0.0.%d" % (i % 5 + 1)}) for i in range(count)]
        try:
            self.assertTrue(all(s.status == 200 for s in streams))
            start = time.monotonic()
            status, _, _ = self.http.post("/demo/mcp", {"jsonrpc": "2.0", "id": 1, "method": "ping"})
            elapsed = time.monotonic() - start
            self.assertEqual(status, 200)
            self.assertLess(elapsed, 2.0)
            print(f"\n  ping with {count} idle streams open: {elapsed * 1000:.1f} ms", file=sys.stderr)
        finally:
            for s in streams:
                s.close()


class ShutdownTest(unittest.TestCase):
    def test_sigterm_ends_open_streams_promptly(self):
        gw = Gateway(CONFIG)
        streams = [SseStream(gw.port, "/demo/sse") for _ in range(20)]
        for s in streams:
            s.read_until("\n\n")
        start = time.monotonic()
        code = gw.stop(signal.SIGTERM, timeout=20)
        elapsed = time.monotonic() - start
        for s in streams:
            s.close()
        self.assertEqual(code, 0)
        self.assertLess(elapsed, 10)
        print(f"\n  SIGTERM with 20 open SSE streams: exit after {elapsed:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
