"""A real NGINX (Debian's) with the generated config, TLS with a certificate made at test time, in front of a
real gateway: health, routing by X-Environment-Path, case-insensitive scopes, HTTP->HTTPS, ACME, headers."""
import http.client
import os
import subprocess
import unittest

from gwtest.fixtures import GatewayBehindNginx
from gwtest.processes import gateway_binary

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")

CONFIG = """
server:
  trusted_proxies: [127.0.0.1/32]
  data_dir: "@DATA_DIR@"
  default_scope: demo
scopes:
  demo:
    database: {database}
  production:
    read_only: false
    database: {database}
"""


class NginxTest(GatewayBehindNginx):
    CONFIG = CONFIG

    def test_nginx_t_is_clean(self):
        self.assertIn("syntax is ok", self.nginx.test_output)
        self.assertNotIn("[warn]", self.nginx.test_output)

    def test_scope_health_through_nginx(self):
        status, headers, body = self.nginx.https("GET", "/demo/health")
        self.assertEqual(status, 200, body)
        self.assertIn('"scope":"demo"', body)
        status, _, body = self.nginx.https("GET", "/production/health")
        self.assertIn('"scope":"production"', body)

    def test_scope_segment_case_insensitive_through_nginx(self):
        status, _, body = self.nginx.https("GET", "/Demo/health")
        self.assertEqual(status, 200)
        self.assertIn('"scope":"demo"', body)

    def test_server_health_through_nginx(self):
        status, _, body = self.nginx.https("GET", "/health")
        self.assertEqual(status, 200)
        self.assertIn('"scopes"', body)

    def test_request_id_comes_from_nginx(self):
        _, headers, _ = self.nginx.https("GET", "/demo/health")
        self.assertRegex(headers.all("X-Request-Id")[0], r"^[0-9a-f]{32}$")

    def test_security_headers_and_a_single_content_type_on_proxied_replies(self):
        for path in ["/demo/health", "/health", "/nothing-here"]:
            _, headers, _ = self.nginx.https("GET", path)
            self.assertEqual(len(headers.all("Content-Type")), 1, path)
            self.assertEqual(headers.all("Strict-Transport-Security"), ["max-age=63072000"], path)
            self.assertEqual(headers.all("X-Content-Type-Options"), ["nosniff"], path)

    def test_unknown_path_is_json_404(self):
        status, headers, body = self.nginx.https("GET", "/nothing-here")
        self.assertEqual(status, 404)
        self.assertEqual(headers.all("Content-Type"), ["application/json"])
        status, _, body = self.nginx.https("GET", "/demo/nothing")
        self.assertEqual(status, 404)
        self.assertIn("scope demo has nothing at /nothing", body)

    def test_plain_http_redirects_to_https_but_serves_acme(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.nginx.http_port, timeout=5)
        conn.request("GET", "/demo/health", headers={"Host": "mcp.test"})
        resp = conn.getresponse()
        self.assertEqual(resp.status, 301)
        self.assertEqual(resp.getheader("Location"), "https://mcp.test/demo/health")
        with open(os.path.join(self.nginx.dir, "acme/.well-known/acme-challenge/token123"), "w") as f:
            f.write("proof")
        conn = http.client.HTTPConnection("127.0.0.1", self.nginx.http_port, timeout=5)
        conn.request("GET", "/.well-known/acme-challenge/token123")
        resp = conn.getresponse()
        self.assertEqual((resp.status, resp.read().decode()), (200, "proof"))

    def test_preflight_is_answered_by_the_gateway_through_nginx(self):
        status, headers, _ = self.nginx.https("OPTIONS", "/demo/health", headers={"Origin": "https://claude.ai"})
        self.assertEqual(status, 204)
        self.assertEqual(headers.all("Access-Control-Allow-Origin"), ["*"])


class ShippedConfigTest(unittest.TestCase):
    def test_committed_nginx_site_matches_the_shipped_tenants_yaml(self):
        generated = subprocess.run([gateway_binary(), "nginx-config", "--config", "tenants.yaml"], cwd=ROOT,
                                   check=True, capture_output=True, text=True).stdout
        with open(os.path.join(ROOT, "nginx", "conf.d", "default.conf")) as f:
            self.assertEqual(f.read(), generated,
                             "nginx/conf.d/default.conf is stale: run scripts/update-generated")


if __name__ == "__main__":
    unittest.main(verbosity=2)
