"""MCP 2026-07-28 over raw HTTP against a real gateway, beside the initialize era at the same URL: the spec's
errors with exact status codes, GET/DELETE 405, and a subscriptions/listen stream that announces
notifications/tools/list_changed when a reload changes the scope's tools (its read-only flag)."""
import http.client
import json
import os
import signal
import unittest

from gwtest.fixtures import GatewayTest, fill
from gwtest.processes import Gateway

CONFIG = """
server:
  data_dir: "@DATA_DIR@"
scopes:
  demo:
    read_only: {read_only}
    database: {host: 127.0.0.1, port: 9, name: DemoDB, user: u, password: p}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
"""

META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}


def modern(method, request_id=1, params=None, name=None):
    """A 2026-07-28 request and its headers."""
    body = {"jsonrpc": "2.0", "id": request_id, "method": method, "params": dict(params or {}, _meta=META)}
    headers = {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": method}
    if name is not None:
        headers["Mcp-Name"] = name
    return body, headers


class Mcp2026Test(GatewayTest):
    CONFIG = CONFIG
    VALUES = {"read_only": "true"}

    def test_errors_and_status_codes(self):
        discover, headers = modern("server/discover")
        cases = [
            ("removed: initialize", *modern("initialize"), 404, -32601),
            ("removed: ping", *modern("ping"), 404, -32601),
            ("removed: logging/setLevel", *modern("logging/setLevel", params={"level": "info"}), 404, -32601),
            ("removed: resources/subscribe", *modern("resources/subscribe", params={"uri": "x:y"}), 404, -32601),
            ("unknown method", *modern("unknown/method"), 404, -32601),
            ("header and _meta differ", discover, dict(headers, **{"MCP-Protocol-Version": "2025-11-25"}), 400,
             -32020),
            ("Mcp-Method missing", discover, {"MCP-Protocol-Version": "2026-07-28"}, 400, -32020),
            ("Mcp-Name differs", *modern("tools/call", params={"name": "list_tables"}, name="execute_sql"), 400,
             -32020),
            ("no _meta", {"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {}}, headers, 400,
             -32602),
        ]
        for name, body, hdrs, status, code in cases:
            with self.subTest(name):
                got, _, reply = self.http.post("/demo/mcp", body, hdrs)
                self.assertEqual((got, reply["error"]["code"]), (status, code), reply)
                self.assertEqual(reply["id"], body["id"])
        body = dict(discover, params={"_meta": dict(META, **{"io.modelcontextprotocol/protocolVersion": "2099-01-01"})})
        got, _, reply = self.http.post("/demo/mcp", body, dict(headers, **{"MCP-Protocol-Version": "2099-01-01"}))
        self.assertEqual((got, reply["error"]["code"]), (400, -32022))
        self.assertEqual(reply["error"]["data"], {"requested": "2099-01-01", "supported": [
            "2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]})

    def test_whitespace_and_base64_header_values(self):
        body, _ = modern("tools/call", params={"name": "execute_sql", "arguments": {}})
        for value in ("  execute_sql ", "=?base64?ZXhlY3V0ZV9zcWw=?="):
            with self.subTest(value=value):
                got, headers, reply = self.http.post("/demo/mcp", body, {
                    "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": " tools/call", "Mcp-Name": value})
                self.assertEqual(got, 200, reply)
                self.assertEqual(reply["result"]["resultType"], "complete")
                self.assertNotIn("mcp-session-id", headers)

    def test_tools_list_carries_caching_hints_and_server_info(self):
        body, headers = modern("tools/list")
        got, response_headers, reply = self.http.post("/demo/mcp", body, headers)
        self.assertEqual(got, 200, reply)
        result = reply["result"]
        self.assertEqual((result["resultType"], result["cacheScope"]), ("complete", "private"))
        self.assertIsInstance(result["ttlMs"], int)
        self.assertEqual(result["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "mssql-mcp-gateway")
        self.assertEqual([t["name"] for t in result["tools"]],
                         ["list_tables", "describe_table", "get_table_sample", "execute_sql", "search_objects"])
        self.assertNotIn("mcp-session-id", response_headers)

    def test_get_and_delete_are_405_for_2026_clients_only(self):
        for method in ("GET", "DELETE"):
            with self.subTest(method=method):
                status, headers, _ = self.http.request(method, "/demo/mcp", headers={
                    "MCP-Protocol-Version": "2026-07-28", "Accept": "text/event-stream"})
                self.assertEqual(status, 405)
                self.assertEqual(headers["allow"], "POST")
        status, _, _ = self.http.request("GET", "/demo/mcp", headers={"Accept": "application/json"})
        self.assertEqual(status, 200)


class ListenReloadTest(unittest.TestCase):
    """A reload that flips the scope's read-only flag changes execute_sql's annotations: the open
    subscriptions/listen stream gets notifications/tools/list_changed tagged with its subscription id."""

    def test_reload_announces_changed_tools(self):
        gw = Gateway(fill(CONFIG, {"read_only": "true"}))
        try:
            body, headers = modern("subscriptions/listen", request_id="sub-1",
                                   params={"notifications": {"toolsListChanged": True, "promptsListChanged": True}})
            conn = http.client.HTTPConnection("127.0.0.1", gw.port, timeout=15)
            conn.request("POST", "/demo/mcp", body=json.dumps(body), headers=dict(
                headers, **{"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}))
            resp = conn.getresponse()
            self.assertEqual(resp.status, 200)
            self.assertEqual(resp.getheader("Content-Type"), "text/event-stream")
            frames = []

            def next_frame():
                data = ""
                while True:
                    line = resp.readline().decode()
                    if not line:
                        return None
                    if line.startswith("data: "):
                        data += line[len("data: "):].rstrip("\n")
                    elif line == "\n" and data:
                        frames.append(json.loads(data))
                        return frames[-1]

            ack = next_frame()
            self.assertEqual(ack["method"], "notifications/subscriptions/acknowledged")
            self.assertEqual(ack["params"], {"notifications": {"toolsListChanged": True},
                                             "_meta": {"io.modelcontextprotocol/subscriptionId": "sub-1"}})
            with open(gw.config_path, "w") as f:
                text = fill(CONFIG, {"read_only": "false"})
                f.write(text.replace("@DATA_DIR@", os.path.join(gw.dir, "data")))
            os.kill(gw.proc.pid, signal.SIGHUP)
            note = next_frame()
            self.assertEqual(note, {"jsonrpc": "2.0", "method": "notifications/tools/list_changed",
                                    "params": {"_meta": {"io.modelcontextprotocol/subscriptionId": "sub-1"}}})
            conn.close()
            body, headers = modern("tools/list")
            _, _, reply = gw.http.post("/demo/mcp", body, headers)
            execute_sql = [t for t in reply["result"]["tools"] if t["name"] == "execute_sql"][0]
            self.assertFalse(execute_sql["annotations"]["readOnlyHint"])
        finally:
            self.assertEqual(gw.stop(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
