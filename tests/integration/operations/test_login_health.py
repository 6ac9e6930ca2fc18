"""Least privilege, checked end to end: a real gateway asks real tds-devserver logins what they may do.

Three read-only scopes on one devserver: `lenient` logs in as a writer (health degraded, calls served),
`strict` as a writer with database.require_read_only_login (calls refused, 503), `reader` as a reader
(healthy).
`check --connect` prints the same findings.
"""
import json
import os
import subprocess
import time
import unittest

from gwtest.processes import Devserver, Gateway, gateway_binary

READER = ("reader", "reader-password")


def scope(name, db, login, require=False):
    user, password = login
    return (f"  {name}:\n"
            f"    read_only: true\n"
            f"    database: {{host: 127.0.0.1, port: {db.port}, name: DemoDB, user: {user}, "
            f"password: {password}, encryption: \"off\", login_timeout_s: 5, "
            f"require_read_only_login: {'true' if require else 'false'}}}\n"
            f"    development: {{allow_unauthenticated_methods: true, allow_unauthenticated_tools_call: true}}\n")


def call(gw, scope_name, query):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                       "params": {"name": "execute_sql", "arguments": {"query": query}}})
    status, _, doc = gw.json("POST", f"/{scope_name}/mcp", body=body,
                             headers={"Content-Type": "application/json",
                                      "Accept": "application/json, text/event-stream",
                                      "MCP-Protocol-Version": "2025-11-25"})
    assert status == 200, (status, doc)
    return doc["result"]


class LoginHealthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Devserver(extra_args=("--login", "%s:%s:reader" % READER))
        writer = tuple(Devserver.LOGIN.split(":", 1))
        cls.config = ("server:\n  data_dir: \"@DATA_DIR@\"\nscopes:\n" + scope("lenient", cls.db, writer) +
                      scope("strict", cls.db, writer, require=True) + scope("reader", cls.db, READER))
        cls.gw = Gateway(cls.config)

    @classmethod
    def tearDownClass(cls):
        cls.gw.stop()
        cls.db.stop()

    def health(self, name):
        """The scope's health once the background check has a verdict (bounded wait)."""
        deadline = time.monotonic() + 20
        while True:
            status, _, doc = self.gw.json("GET", f"/{name}/health")
            if doc.get("login") != "unknown" or time.monotonic() > deadline:
                return status, doc
            time.sleep(0.2)

    def test_writable_login_degrades_health_and_is_logged(self):
        status, doc = self.health("lenient")
        self.assertEqual(status, 200)  # it still serves: only a scope that refuses answers 503
        self.assertEqual(doc["status"], "degraded")
        self.assertTrue(doc["serving"])
        self.assertEqual(doc["database"], "healthy")
        self.assertEqual(doc["login"], "can_write")
        self.assertIn("database role db_datawriter", doc["login_findings"])
        self.assertIn("grant EXECUTE on SCHEMA dbo to app_writers", doc["login_findings"])
        self.assertNotIn("devserver-password", json.dumps(doc))
        self.assertIn("CAN WRITE", self.gw.log_text())
        result = call(self.gw, "lenient", "SELECT 1 AS one")
        self.assertFalse(result.get("isError"), result)

    def test_reader_login_is_healthy(self):
        status, doc = self.health("reader")
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["status"], "healthy")
        self.assertEqual(doc["login"], "read_only")
        self.assertNotIn("login_findings", doc)

    def test_required_read_only_login_refuses_to_serve(self):
        status, doc = self.health("strict")
        self.assertEqual(status, 503)
        self.assertEqual((doc["status"], doc["serving"], doc["login"]), ("degraded", False, "can_write"))
        result = call(self.gw, "strict", "SELECT 1 AS one")
        self.assertTrue(result.get("isError"))
        self.assertEqual(result["content"][0]["text"],
                         'scope "strict" does not serve: its database login can write (database role '
                         'db_datawriter), and database.require_read_only_login is set')

    def test_check_connect_prints_the_findings(self):
        path = os.path.join(self.gw.dir, "check.yaml")
        with open(path, "w") as f:
            f.write(self.config.replace("@DATA_DIR@", os.path.join(self.gw.dir, "data")))
        out = subprocess.run([gateway_binary(), "check", "--config", path, "--connect"],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)  # strict would refuse to serve
        line = "  %-16s login: %s\n"
        self.assertIn(line % ("/lenient", "CAN WRITE (read-only scope: health reports it degraded)"), out.stdout)
        self.assertIn(line % ("/strict", "CAN WRITE (read-only scope: it will refuse to serve)"), out.stdout)
        self.assertIn(line % ("/reader", "read-only (no write permission found)"), out.stdout)
        self.assertIn("database role db_ddladmin", out.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
