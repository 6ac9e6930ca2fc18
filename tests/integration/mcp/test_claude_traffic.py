"""Claude's connector traffic as public reports show it (CodeWithCJ/SparkyFitness#2155, anthropics/claude-ai-mcp#70
and #99, getmunin/munin#672): after negotiating 2025-11-25 it sends `MCP-Protocol-Version: 2026-07-28` with
`Mcp-Method`/`Mcp-Name` on tools/list, tools/call and notifications, without `_meta`, with or without
`Mcp-Session-Id`. The gateway serves these exactly as if the header said 2025-11-25, over /mcp and POST /sse, with
rows from a real database (the TDS development server)."""
import unittest

from gwtest.fixtures import GatewayTest
from gwtest.http_client import ACCEPT_BOTH, initialize_body

CONFIG = """
server:
  data_dir: "@DATA_DIR@"
scopes:
  demo:
    description: Demo database
    database: {database}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
"""

SUPPORTED = "2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05"


def claude_headers(method, name=None, session=None):
    """The exact header set of Claude's requests (besides Content-Type, which Http adds)."""
    headers = {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": method,
               "Accept": ACCEPT_BOTH}
    if name is not None:
        headers["Mcp-Name"] = name
    if session is not None:
        headers["Mcp-Session-Id"] = session
    return headers


class ClaudeMixedTrafficTest(GatewayTest):
    CONFIG = CONFIG

    def sessions(self, path):
        """No session, and a session negotiated at 2025-11-25 (as Claude does after its discover probe)."""
        status, headers, body = self.http.post(path, initialize_body("2026-07-28"))
        self.assertEqual(status, 200, body)
        self.assertEqual(body["result"]["protocolVersion"], "2025-11-25")
        return [("no session", None), ("with session", headers["mcp-session-id"])]

    def test_tools_list_is_served_as_2025_11_25(self):
        for path in ("/demo/mcp", "/demo/sse"):
            for label, sid in self.sessions(path):
                with self.subTest(path=path, session=label):
                    status, headers, body = self.http.post(
                        path, {"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                        claude_headers("tools/list", session=sid))
                    self.assertEqual(status, 200, body)
                    self.assertEqual(headers["content-type"], "application/json")
                    tools = body["result"]["tools"]
                    self.assertEqual([t["name"] for t in tools],
                                     ["list_tables", "describe_table", "get_table_sample", "execute_sql", "search_objects"])
                    # 2025-11-25 shaping: execution and outputSchema are kept (2025-03-26 would drop them).
                    self.assertIn("outputSchema", tools[3])

    def test_tools_call_returns_rows(self):
        query = "SELECT TOP 2 CustomerID FROM Customers ORDER BY CustomerID"
        for path in ("/demo/mcp", "/demo/sse"):
            for label, sid in self.sessions(path):
                with self.subTest(path=path, session=label):
                    status, _, body = self.http.post(
                        path, {"jsonrpc": "2.0", "id": "c1", "method": "tools/call",
                               "params": {"name": "execute_sql", "arguments": {"query": query}}},
                        claude_headers("tools/call", "execute_sql", sid))
                    self.assertEqual(status, 200, body)
                    result = body["result"]
                    self.assertFalse(result["isError"], result)
                    rows = result["structuredContent"]["resultSets"][0]["rows"]
                    self.assertEqual(len(rows), 2)
                    self.assertLess(rows[0][0], rows[1][0])

    def test_initialized_notification_is_accepted(self):
        note = {"jsonrpc": "2.0", "method": "notifications/initialized"}
        for path in ("/demo/mcp", "/demo/sse"):
            for label, sid in self.sessions(path):
                with self.subTest(path=path, session=label):
                    status, _, body = self.http.post(path, note, claude_headers("notifications/initialized",
                                                                                session=sid))
                    self.assertEqual((status, body), (202, None))

    def test_scripted_claude_sequence_discover_then_headers_without_meta(self):
        """Claude opens with a 2026-07-28 server/discover probe, then sends the 2026 header with Mcp-Method and
        Mcp-Name but no _meta and no session: it lists and calls tools."""
        meta = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": {},
                "io.modelcontextprotocol/clientInfo": {"name": "claude-ai", "version": "0.1.0"}}
        status, headers, body = self.http.post(
            "/demo/mcp", {"jsonrpc": "2.0", "id": 0, "method": "server/discover", "params": {"_meta": meta}},
            claude_headers("server/discover"))
        self.assertEqual(status, 200, body)
        self.assertNotIn("mcp-session-id", headers)
        result = body["result"]
        self.assertEqual(result["supportedVersions"],
                         ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"])
        self.assertEqual(result["resultType"], "complete")
        self.assertEqual(result["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "mssql-mcp-gateway")
        status, _, body = self.http.post("/demo/mcp", {"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                                         claude_headers("tools/list"))
        self.assertEqual(status, 200, body)
        self.assertNotIn("resultType", body["result"])  # served in the initialize era, as 2025-11-25
        self.assertIn("execute_sql", [t["name"] for t in body["result"]["tools"]])
        status, _, body = self.http.post(
            "/demo/mcp", {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                          "params": {"name": "execute_sql", "arguments": {"query": "SELECT COUNT(*) AS n FROM Orders"}}},
            claude_headers("tools/call", "execute_sql"))
        self.assertEqual(status, 200, body)
        self.assertGreater(body["result"]["structuredContent"]["resultSets"][0]["rows"][0][0], 0)

    def test_malformed_and_older_unknown_headers_are_still_refused(self):
        listing = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
        for value, message in [
                ("2026-7-28", "Bad Request: malformed MCP-Protocol-Version header (supported: %s)" % SUPPORTED),
                ("2024-10-07", "Bad Request: unsupported MCP-Protocol-Version 2024-10-07 (supported: %s)"
                 % SUPPORTED)]:
            with self.subTest(value=value):
                headers = claude_headers("tools/list")
                headers["MCP-Protocol-Version"] = value
                status, _, body = self.http.post("/demo/mcp", listing, headers)
                self.assertEqual(status, 400)
                self.assertEqual(body["error"], {"code": -32600, "message": message})


if __name__ == "__main__":
    unittest.main(verbosity=2)
