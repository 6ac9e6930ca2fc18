"""MCP through a real NGINX with the generated site config and TLS: SSE is not buffered, the legacy endpoint
event keeps the scope's public prefix, and the official SDK client works over both transports."""
import json
import os
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "nginx"))
from behind_nginx import TlsSse  # noqa: E402
from mcp_gateway import initialize_body, start_gateway  # noqa: E402
from nginx_front import NginxInFront  # noqa: E402
from npm_env import installed_script, node22  # noqa: E402


class McpThroughNginxTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = start_gateway()
        cls.nginx = NginxInFront(cls.gw, cls.gw.config_path)

    @classmethod
    def tearDownClass(cls):
        cls.nginx.stop()
        assert cls.gw.stop() == 0

    def test_initialize_through_nginx_issues_a_session(self):
        status, headers, body = self.nginx.https("POST", "/Demo/mcp", body=initialize_body("2025-11-25"),
                                                 headers={"Content-Type": "application/json",
                                                          "Accept": "application/json, text/event-stream"})
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["result"]["protocolVersion"], "2025-11-25")
        self.assertEqual(len([v for k, v in headers if k.lower() == "mcp-session-id"]), 1)

    def test_legacy_sse_through_nginx_is_unbuffered_and_keeps_the_prefix(self):
        stream = TlsSse(self.nginx.https_port, "/demo/sse")
        try:
            self.assertEqual(stream.resp.status, 200)
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
        local = installed_script(os.path.join(HERE, "sdk_client.mjs"))
        # The certificate is made at test time and self-signed.
        env = dict(os.environ, NODE_TLS_REJECT_UNAUTHORIZED="0")
        done = subprocess.run([node22(), local, f"https://127.0.0.1:{self.nginx.https_port}/demo"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300, env=env)
        print(done.stdout[-2000:])
        self.assertEqual(done.returncode, 0, done.stdout[-4000:])
        self.assertRegex(done.stdout, r"\n[1-9]\d* passed, 0 failed\n")


if __name__ == "__main__":
    unittest.main(verbosity=2)
