"""MCP through a real NGINX with the generated site config and TLS: SSE is not buffered, the legacy endpoint
event keeps the scope's public prefix, and the official SDK client works over both transports."""
import json
import time
import unittest

from gwtest.fixtures import GatewayBehindNginx
from gwtest.http_client import ACCEPT_BOTH, SseStream, initialize_body
from gwtest.npm import assert_sdk_checks_pass
from mcp_scopes import CONFIG


class McpThroughNginxTest(GatewayBehindNginx):
    CONFIG = CONFIG

    def test_initialize_through_nginx_issues_a_session(self):
        status, headers, body = self.nginx.https("POST", "/Demo/mcp", body=initialize_body("2025-11-25"),
                                                 headers={"Accept": ACCEPT_BOTH})
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["result"]["protocolVersion"], "2025-11-25")
        self.assertEqual(len(headers.all("mcp-session-id")), 1)

    def test_legacy_sse_through_nginx_is_unbuffered_and_keeps_the_prefix(self):
        stream = SseStream(self.nginx.https_port, "/demo/sse", tls=True)
        try:
            self.assertEqual(stream.status, 200)
            start = time.monotonic()
            text = stream.read_until("\n\n", seconds=5)
            self.assertLess(time.monotonic() - start, 3, "the endpoint event was held back (buffering?)")
            self.assertTrue(text.startswith("event: endpoint\ndata: /demo/messages?session_id="), text)
            endpoint = text.split("data: ", 1)[1].split("\n", 1)[0]
            status, _, _ = self.nginx.https("POST", endpoint, body=initialize_body("2024-11-05"),
                                            headers={"Content-Type": "application/json"})
            self.assertEqual(status, 202)
            text = stream.read_until('"id":1')
            self.assertIn('"protocolVersion":"2024-11-05"', text)
        finally:
            stream.close()

    def test_sdk_client_through_nginx(self):
        # The certificate is made at test time and self-signed.
        assert_sdk_checks_pass(self, "sdk_client.mjs", f"https://127.0.0.1:{self.nginx.https_port}/demo",
                               env={"NODE_TLS_REJECT_UNAUTHORIZED": "0"})


if __name__ == "__main__":
    unittest.main(verbosity=2)
