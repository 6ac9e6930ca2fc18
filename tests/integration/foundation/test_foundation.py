"""The foundation over real HTTP on loopback: health, routing (prefix, trusted header, untrusted header,
unknown scope), CORS and Origin, the CLI's check, bad configuration, and clean shutdown."""
import os
import signal
import subprocess
import tempfile
import time
import unittest

from gwtest.processes import Devserver, Gateway, free_port, gateway_binary

CONFIG = """
server:
  trusted_proxies: [{trusted}]
  data_dir: "@DATA_DIR@"
  allowed_origins: [https://claude.ai]
scopes:
  demo:
    description: Demo database
    database: {{host: 127.0.0.1, port: {demo_port}, name: DemoDB, user: reader, password: "${{DEMO_SECRET}}",
                encryption: "off", login_timeout_s: 5}}
  demonstration:
    read_only: false
    database: {{host: 127.0.0.1, port: {closed_port}, name: Other, user: u, password: p, encryption: "off",
                login_timeout_s: 2}}
"""


class FoundationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.secret = Devserver.LOGIN.split(":", 1)[1]  # the real database password: it must never show
        # A read-only scope with a login that can only read is healthy (one that can write is degraded).
        cls.devserver = Devserver(extra_args=("--login", "reader:%s:reader" % cls.secret))
        cls.closed_port = free_port()
        cls.gw = Gateway(CONFIG.format(trusted="127.0.0.1/32", demo_port=cls.devserver.port,
                                       closed_port=cls.closed_port), env={"DEMO_SECRET": cls.secret})

    @classmethod
    def tearDownClass(cls):
        code = cls.gw.stop()
        cls.devserver.stop()
        assert code == 0, "gateway exit code %d" % code
        # The whole log, drained at exit: the database password never appears in it.
        assert cls.secret not in cls.gw.log_text(), "the secret reached the log"
        assert '"msg":"request"' in cls.gw.log_text(), "no access-log line was written"

    def test_scope_health_reports_the_scope_and_a_reachable_database(self):
        # The read-only scope's background login check borrows a pooled connection at start; once it has
        # reported, the pool's connections are idle.
        deadline = time.monotonic() + 20
        while True:
            status, headers, body = self.gw.json("GET", "/demo/health")
            if body.get("login", "unknown") != "unknown" or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "application/json")
        self.assertEqual(body["status"], "healthy")
        self.assertEqual(body["database"], "healthy")
        self.assertEqual(body["scope"], "demo")
        self.assertTrue(body["read_only"])
        self.assertEqual(body["transport"], ["streamable-http", "sse"])
        self.assertEqual(body["mcp_version"], "2026-07-28")
        self.assertEqual(body["url"], self.gw.base + "/demo")
        self.assertEqual(body["oauth"], "enabled")
        self.assertEqual(body["tools"], ["list_tables", "describe_table", "get_table_sample", "execute_sql", "search_objects"])
        # One connection for the probes, and a second when the start-up login check and a probe overlapped.
        self.assertRegex(body["database_detail"], r"^answering \(pool: [12] open, 0 in use\)$")

    def test_scope_health_is_degraded_when_the_database_is_down(self):
        status, _, body = self.gw.json("GET", "/demonstration/health")
        self.assertEqual(status, 503)
        self.assertEqual(body["database"], "degraded")
        self.assertIn('cannot connect to database "Other" at 127.0.0.1:%d' % self.closed_port,
                      body["database_detail"])
        self.assertFalse(body["read_only"])

    def test_server_health_lists_every_scope(self):
        status, _, body = self.gw.json("GET", "/health")
        self.assertEqual(status, 200)
        self.assertEqual([s["path"] for s in body["scopes"]], ["/demo", "/demonstration"])
        self.assertEqual([s["status"] for s in body["scopes"]], ["healthy", "degraded"])

    def test_trusted_proxy_header_selects_the_scope(self):
        status, _, body = self.gw.json("GET", "/health", headers={"X-Environment-Path": "/demo"})
        self.assertEqual(status, 200)
        self.assertEqual(body["scope"], "demo")
        status, _, body = self.gw.json("GET", "/health", headers={"X-Environment-Path": "/demonstration"})
        self.assertEqual(body["scope"], "demonstration")

    def test_header_naming_no_scope_is_404_json(self):
        status, headers, body = self.gw.json("GET", "/health", headers={"X-Environment-Path": "/payroll"})
        self.assertEqual(status, 404)
        self.assertEqual(headers["content-type"], "application/json")
        self.assertEqual(body, {"error": "not_found", "message": "no scope is served at /payroll"})

    def test_unknown_scope_and_prefix_lookalikes_are_404(self):
        for path in ["/payroll/health", "/demox/health", "/dem/health"]:
            status, _, body = self.gw.json("GET", path)
            self.assertEqual(status, 404, path)
            self.assertEqual(body["error"], "not_found")

    def test_scope_segment_is_case_insensitive_and_trailing_slash_tolerated(self):
        for path in ["/Demo/health", "/DEMO/health/", "/demo/health/"]:
            status, _, body = self.gw.json("GET", path)
            self.assertEqual((status, body["scope"]), (200, "demo"), path)

    def test_wrong_method_is_405_with_allow(self):
        status, headers, body = self.gw.json("DELETE", "/demo/health")
        self.assertEqual(status, 405)
        self.assertEqual(headers["allow"], "GET, OPTIONS")
        self.assertEqual(body["error"], "method_not_allowed")

    def test_preflight_answers_204_with_cors_headers(self):
        status, headers, _ = self.gw.request("OPTIONS", "/demo/health", headers={"Origin": "https://claude.ai"})
        self.assertEqual(status, 204)
        self.assertEqual(headers["access-control-allow-origin"], "*")
        self.assertIn("Mcp-Session-Id", headers["access-control-allow-headers"])

    def test_request_id_is_returned(self):
        _, headers, _ = self.gw.request("GET", "/demo/health")
        self.assertRegex(headers["x-request-id"], r"^[0-9a-f]{16}$")

    def test_oversized_body_is_refused_with_json(self):
        status, _, body = self.gw.json("POST", "/demo/health", body="x" * (2 << 20),
                                       headers={"Content-Type": "application/json"})
        self.assertEqual(status, 413)
        self.assertEqual(body["error"], "invalid_request")

    def test_secret_never_reaches_health(self):
        for path in ["/demo/health", "/health"]:
            _, _, text = self.gw.request("GET", path)
            self.assertNotIn(self.secret, text)


class UntrustedProxyTest(unittest.TestCase):
    def test_header_from_untrusted_peer_is_ignored(self):
        gw = Gateway(CONFIG.format(trusted="10.9.9.0/24", demo_port=free_port(), closed_port=free_port()),
                     env={"DEMO_SECRET": "x"})
        try:
            status, _, body = gw.json("GET", "/health", headers={"X-Environment-Path": "/demo"})
            self.assertEqual(status, 200)
            self.assertNotIn("scope", body)  # the server-wide health, not the demo scope's
            self.assertIn("scopes", body)
        finally:
            self.assertEqual(gw.stop(), 0)


class CommandLineTest(unittest.TestCase):
    def run_cli(self, *args, env=None):
        full_env = dict(os.environ)
        full_env.update(env or {})
        return subprocess.run([gateway_binary(), *args], capture_output=True, text=True, env=full_env, timeout=30)

    def write(self, text):
        fd, path = tempfile.mkstemp(suffix=".yaml")
        with os.fdopen(fd, "w") as f:
            f.write(text)
        return path

    def test_check_lists_the_shipped_scopes(self):
        shipped = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tenants.yaml")
        result = self.run_cli("check", "--config", shipped)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertTrue(lines[0].endswith(": OK, 3 scopes"), lines[0])
        self.assertEqual([l.split()[0] for l in lines[1:4]], ["/demo", "/production", "/marketing"])

    def test_broken_config_is_one_line_with_file_line_and_key(self):
        path = self.write("scopes:\n  demo:\n    database: {host: h, name: d, user: u, password: p}\n"
                          "    pool: {max_size: 20x}\n")
        for command in (["check", "--config", path], ["serve", "--config", path, "--listen", "127.0.0.1:0"]):
            result = self.run_cli(*command)
            self.assertEqual(result.returncode, 1)
            self.assertEqual(result.stderr,
                             path + ':4:22: scopes.demo.pool.max_size: expected an integer 1..1000, got "20x"\n')

    def test_serve_refuses_an_unset_secret(self):
        path = self.write('scopes:\n  demo:\n    database: {host: h, name: d, user: u, password: "${NOT_SET_X}"}\n')
        env = {k: v for k, v in os.environ.items() if k != "NOT_SET_X"}
        result = subprocess.run([gateway_binary(), "serve", "--config", path, "--listen", "127.0.0.1:0"],
                                capture_output=True, text=True, env=env, timeout=30)
        self.assertEqual(result.returncode, 1)
        self.assertIn("environment variable NOT_SET_X is not set", result.stderr)

    def test_version_help_and_unknown_command(self):
        self.assertRegex(self.run_cli("--version").stdout, r"^mssql-mcp-gateway \d+\.\d+\.\d+\n$")
        self.assertIn("serve --config FILE", self.run_cli("--help").stdout)
        bad = self.run_cli("frobnicate")
        self.assertEqual(bad.returncode, 2)
        self.assertIn('unknown command "frobnicate"', bad.stderr)

    def test_readme_reference_matches_the_key_table(self):
        readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "..", "README.md")).read()
        start = readme.index("<!-- config-reference:start -->\n") + len("<!-- config-reference:start -->\n")
        end = readme.index("<!-- config-reference:end -->")
        self.assertEqual(readme[start:end], self.run_cli("config-reference").stdout,
                         "README's configuration reference is stale: run scripts/update-generated")

    def test_sigint_stops_cleanly(self):
        gw = Gateway(CONFIG.format(trusted="127.0.0.1/32", demo_port=free_port(), closed_port=free_port()),
                     env={"DEMO_SECRET": "x"})
        self.assertEqual(gw.stop(signal.SIGINT), 0)
        self.assertIn('"msg":"stopped"', gw.log_text())


if __name__ == "__main__":
    unittest.main(verbosity=2)
