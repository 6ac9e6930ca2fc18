"""The operator's "add a scope" workflow against a real NGINX and gateway: edit tenants.yaml, regenerate the
site with `nginx-config`, `nginx -t`, `nginx -s reload`, reload the gateway; the new scope's health,
discovery documents and 401 challenge then answer through NGINX, and the old scope still does."""
import json
import signal
import time
import unittest

from gwtest.fixtures import GatewayBehindNginx, fill
from gwtest.http_client import ACCEPT_BOTH

CONFIG = """
server:
  public_base_url: https://mcp.test
  trusted_proxies: [127.0.0.1/32]
  data_dir: "@DATA_DIR@"
  default_scope: demo
scopes:
  demo:
    database: {database}
"""

# What the operator appends under scopes: in tenants.yaml.
NEW_SCOPE = """
  analytics:
    description: Analytics database
    read_only: true
    database: {database}
"""


class AddScopeTest(GatewayBehindNginx):
    CONFIG = CONFIG

    def reload_gateway(self):
        """Live reload, as an operator does it: SIGHUP; the same process serves the new scope."""
        self.gw.proc.send_signal(signal.SIGHUP)

    def get_json(self, path):
        status, _, body = self.nginx.https("GET", path)
        return status, json.loads(body)

    def wait_for_status(self, path, status, seconds=10):
        """Polls path through NGINX until it answers status: reloads of both are asynchronous."""
        deadline = time.monotonic() + seconds
        while True:
            got, _, body = self.nginx.https("GET", path)
            if got == status or time.monotonic() > deadline:
                return got, body
            time.sleep(0.1)

    def test_added_scope_answers_through_nginx_after_regenerate_and_reload(self):
        status, body = self.get_json("/analytics/health")
        self.assertEqual((status, body["message"]), (404, "no scope is served here"))

        with open(self.gw.config_path, "a") as f:
            f.write(fill(NEW_SCOPE, {"database": self.db.database_yaml()}))
        self.reload_gateway()
        site = self.nginx.generate_site(self.gw.config_path, self.gw.port)
        self.assertIn("    # scope analytics: Analytics database\n", site)
        self.assertIn("    location ~* ^/analytics/(mcp|sse|messages)/?$ {\n", site)
        self.assertIn("syntax is ok", self.nginx.check())
        self.nginx.reload()

        status, body = self.wait_for_status("/analytics/health", 200)
        self.assertEqual(status, 200, body)
        health = json.loads(body)
        self.assertEqual((health["scope"], health["database"], health["url"]),
                         ("analytics", "healthy", "https://mcp.test/analytics"))

        status, prm = self.get_json("/.well-known/oauth-protected-resource/analytics/mcp")
        self.assertEqual(status, 200)
        self.assertEqual((prm["resource"], prm["authorization_servers"]),
                         ("https://mcp.test/analytics/mcp", ["https://mcp.test/analytics"]))
        status, metadata = self.get_json("/.well-known/oauth-authorization-server/analytics")
        self.assertEqual((status, metadata["issuer"]), (200, "https://mcp.test/analytics"))

        status, headers, _ = self.nginx.https("POST", "/analytics/mcp", body="{}", headers={"Accept": ACCEPT_BOTH})
        self.assertEqual(status, 401)
        challenge = headers.all("www-authenticate")
        self.assertEqual(len(challenge), 1)
        self.assertIn('resource_metadata="https://mcp.test/.well-known/oauth-protected-resource/analytics/mcp"',
                      challenge[0])

        status, health = self.get_json("/demo/health")
        self.assertEqual((status, health["scope"]), (200, "demo"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
