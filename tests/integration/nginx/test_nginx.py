"""A real NGINX (Debian's) with the generated config, TLS with a certificate made at test time, in front of a
real gateway: health, routing by X-Environment-Path, case-insensitive scopes, HTTP->HTTPS, ACME, headers."""
import http.client
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from gateway import Devserver, Gateway, gateway_binary, free_port  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")

CONFIG = """
server:
  trusted_proxies: [127.0.0.1/32]
  data_dir: "@DATA_DIR@"
  default_scope: demo
scopes:
  demo:
    database: {db}
  production:
    read_only: false
    database: {db}
"""


def nginx_binary():
    return shutil.which("nginx") or "/usr/sbin/nginx"


class NginxInFront:
    def __init__(self, gateway, config_path):
        self.dir = tempfile.mkdtemp(prefix="nginx-test-")
        for sub in ("logs", "tmp", "acme/.well-known/acme-challenge"):
            os.makedirs(os.path.join(self.dir, sub))
        cert, key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=mcp.test", "-keyout", key, "-out", cert], check=True, capture_output=True)
        self.http_port, self.https_port = free_port(), free_port()
        site = subprocess.run(
            [gateway_binary(), "nginx-config", "--config", config_path, "--server-name", "mcp.test",
             "--upstream", "127.0.0.1:%d" % gateway.port, "--listen-address", "127.0.0.1",
             "--http-port", str(self.http_port), "--https-port", str(self.https_port),
             "--certificate", cert, "--certificate-key", key],
            check=True, capture_output=True, text=True).stdout
        site = site.replace("root /var/www/certbot;", "root %s/acme;" % self.dir)
        with open(os.path.join(self.dir, "site.conf"), "w") as f:
            f.write(site)
        user = "user root;\n" if os.getuid() == 0 else ""
        temp = "".join("    %s_temp_path %s/tmp/%s;\n" % (k, self.dir, k)
                       for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        with open(os.path.join(self.dir, "nginx.conf"), "w") as f:
            f.write(f"{user}worker_processes 1;\npid {self.dir}/nginx.pid;\nerror_log {self.dir}/logs/error.log;\n"
                    f"events {{ worker_connections 1024; }}\n"
                    f"http {{\n    access_log {self.dir}/logs/access.log;\n{temp}    include {self.dir}/site.conf;\n}}\n")
        self.conf = os.path.join(self.dir, "nginx.conf")
        check = subprocess.run([nginx_binary(), "-t", "-p", self.dir, "-c", self.conf], capture_output=True, text=True)
        self.test_output = check.stderr
        if check.returncode != 0:
            raise AssertionError("nginx -t failed:\n" + check.stderr)
        self.proc = subprocess.Popen([nginx_binary(), "-p", self.dir, "-c", self.conf, "-g", "daemon off;"],
                                     stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=1)
                probe.request("HEAD", "/")
                probe.close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("nginx did not start")

    def https(self, method, path, headers=None, body=None):
        ctx = ssl._create_unverified_context()
        conn = http.client.HTTPSConnection("127.0.0.1", self.https_port, context=ctx, timeout=10)
        conn.request(method, path, body=body, headers=headers or {})
        try:
            resp = conn.getresponse()
            return resp.status, resp.getheaders(), resp.read().decode()
        finally:
            conn.close()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def header(headers, name):
    values = [v for k, v in headers if k.lower() == name.lower()]
    return values


class NginxTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Devserver()
        cls.gw = Gateway(CONFIG.format(db=cls.db.database_yaml()))
        cls.nginx = NginxInFront(cls.gw, cls.gw.config_path)

    @classmethod
    def tearDownClass(cls):
        cls.nginx.stop()
        cls.gw.stop()
        cls.db.stop()

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
        self.assertRegex(header(headers, "X-Request-Id")[0], r"^[0-9a-f]{32}$")

    def test_security_headers_and_a_single_content_type_on_proxied_replies(self):
        for path in ["/demo/health", "/health", "/nothing-here"]:
            _, headers, _ = self.nginx.https("GET", path)
            self.assertEqual(len(header(headers, "Content-Type")), 1, path)
            self.assertEqual(header(headers, "Strict-Transport-Security"), ["max-age=63072000"], path)
            self.assertEqual(header(headers, "X-Content-Type-Options"), ["nosniff"], path)

    def test_unknown_path_is_json_404(self):
        status, headers, body = self.nginx.https("GET", "/nothing-here")
        self.assertEqual(status, 404)
        self.assertEqual(header(headers, "Content-Type"), ["application/json"])
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
        self.assertEqual(header(headers, "Access-Control-Allow-Origin"), ["*"])


class ShippedConfigTest(unittest.TestCase):
    def test_committed_nginx_site_matches_the_shipped_tenants_yaml(self):
        generated = subprocess.run([gateway_binary(), "nginx-config", "--config", "tenants.yaml"], cwd=ROOT,
                                   check=True, capture_output=True, text=True).stdout
        with open(os.path.join(ROOT, "nginx", "conf.d", "default.conf")) as f:
            self.assertEqual(f.read(), generated,
                             "nginx/conf.d/default.conf is stale: run scripts/update-generated")


if __name__ == "__main__":
    unittest.main(verbosity=2)
