"""The database hanging, seen through the whole gateway. tests/integration/tools/
resilience_test.cpp covers the pool and tools in-process (killed mid-query, restarted, a slow query
timed out, another scope unaffected); this adds what only a running gateway shows: with one scope's
database stopped (SIGSTOP, so connections stay open and nothing answers), a tools/call on that scope
ends within its query timeout plus the cancel grace as a tool result with isError and a clear message, calls on another
scope stay fast meanwhile, and once the database resumes the scope works again without a restart."""
import os
import signal
import threading
import time
import unittest

from gwtest.processes import Devserver, Gateway
from gwtest.inspection import assert_log_is_json_lines
from harden_env import DB_PASSWORD, rpc

QUERY_TIMEOUT_S = 2
# src/db/freetds_connection.cpp waits this long for the server to acknowledge the cancel of a timed-out
# query before it gives the connection up; a stopped server never acknowledges.
CANCEL_GRACE_S = 10

CONFIG = """
server:
  data_dir: "@DATA_DIR@"
scopes:
  hung:
    database: {hung}
    pool: {{max_size: 2, acquire_timeout_ms: 1000}}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
  healthy:
    database: {healthy}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
"""


def select(port, scope, value):
    start = time.monotonic()
    status, body = rpc(port, "/%s/mcp" % scope, "tools/call",
                       {"name": "execute_sql", "arguments": {"query": "SELECT %d AS v" % value}}, timeout=30)
    return status, body, time.monotonic() - start


class DatabaseHangTest(unittest.TestCase):
    def test_a_stopped_database_times_out_clearly_and_recovers(self):
        hung_db, healthy_db = Devserver(), Devserver()
        hung_yaml = hung_db.database_yaml().replace("login_timeout_s: 5",
                                                    "login_timeout_s: 2, query_timeout_s: %d" % QUERY_TIMEOUT_S)
        gw = Gateway(CONFIG.format(hung=hung_yaml, healthy=healthy_db.database_yaml()))
        try:
            for scope in ("hung", "healthy"):
                status, body, _ = select(gw.port, scope, 1)
                self.assertEqual(status, 200, body)
                self.assertFalse(body["result"]["isError"], body)
            os.kill(hung_db.proc.pid, signal.SIGSTOP)
            outcome = {}
            stuck = threading.Thread(target=lambda: outcome.update(r=select(gw.port, "hung", 2)))
            stuck.start()
            time.sleep(0.2)
            healthy = [select(gw.port, "healthy", i)[2] for i in range(20)]
            stuck.join(timeout=QUERY_TIMEOUT_S + CANCEL_GRACE_S + 20)
            self.assertFalse(stuck.is_alive(), "the call on the stopped database never ended")
            status, body, elapsed = outcome["r"]
            print("stopped database: the call ended after %.2f s (query timeout %d s): %s; healthy scope "
                  "meanwhile: slowest %.0f ms" % (elapsed, QUERY_TIMEOUT_S, body["result"]["content"][0]["text"],
                                                  max(healthy) * 1e3))
            self.assertEqual(status, 200, body)
            self.assertTrue(body["result"]["isError"], body)
            text = body["result"]["content"][0]["text"]
            self.assertTrue(text.startswith("the query ran longer than its time limit of 2000 ms")
                            or text.startswith("the database connection was lost"), text)
            self.assertNotIn(DB_PASSWORD, text)
            self.assertGreater(elapsed, QUERY_TIMEOUT_S - 0.5)
            self.assertLess(elapsed, QUERY_TIMEOUT_S + CANCEL_GRACE_S + 3)
            self.assertLess(max(healthy), 0.5)
            os.kill(hung_db.proc.pid, signal.SIGCONT)
            deadline = time.monotonic() + 15
            while True:
                status, body, _ = select(gw.port, "hung", 3)
                if not body["result"]["isError"] or time.monotonic() > deadline:
                    break
            self.assertFalse(body["result"]["isError"], body)
            self.assertEqual(body["result"]["structuredContent"]["resultSets"][0]["rows"], [[3]])
        finally:
            os.kill(hung_db.proc.pid, signal.SIGCONT)
            self.assertEqual(gw.stop(), 0)
            hung_db.stop()
            healthy_db.stop()
        assert_log_is_json_lines(self, gw, secrets=[DB_PASSWORD])


if __name__ == "__main__":
    unittest.main(verbosity=2)
