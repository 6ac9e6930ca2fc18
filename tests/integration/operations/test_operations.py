"""Operations against a real gateway and the TDS devserver, under a steady load of tool calls.

One gateway lives through the whole story, in order: a scope is added, one is removed while calls run on
it, one's database login changes (SIGHUP), pools are rebuilt repeatedly, an invalid file is written, and
the process gets SIGTERM while calls are in flight. Scopes alpha and beta are never touched: not one of
their requests may fail. Figures go to stderr.
"""
import http.client
import json
import os
import re
import signal
import sys
import threading
import time
import unittest

from gwtest.http_client import Http, SseStream, initialize_body
from gwtest.oauth import OAuthFlow, hash_password, sign_in
from gwtest.processes import Devserver, Gateway

ALICE_PW = "wonderland-42"
SECOND_LOGIN = ("second", "second-password")
SLOW_QUERY = "WAITFOR DELAY '00:00:02'; SELECT 2 AS two"
ACCEPT = "application/json, text/event-stream"


def scope_yaml(name, devserver, login=None, read_only=True, description="", pool=4):
    user, password = login or Devserver.LOGIN.split(":", 1)
    return (f"  {name}:\n"
            f"    read_only: {'true' if read_only else 'false'}\n"
            f"    description: \"{description or name}\"\n"
            f"    database: {{host: 127.0.0.1, port: {devserver.port}, name: DemoDB, user: {user}, "
            f"password: {password}, encryption: \"off\", login_timeout_s: 5}}\n"
            f"    pool: {{max_size: {pool}}}\n"
            f"    development: {{allow_unauthenticated_methods: true, allow_unauthenticated_tools_call: true}}\n")


def config_yaml(scopes):
    return ("server:\n  data_dir: \"@DATA_DIR@\"\n  admin_listen: 127.0.0.1:0\nscopes:\n" + "".join(scopes))


def tool_call(port, scope, query, timeout=30):
    """(status, value of the first cell or error text). One connection per call."""
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                       "params": {"name": "execute_sql", "arguments": {"query": query}}})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", f"/{scope}/mcp", body=body,
                     headers={"Content-Type": "application/json", "Accept": ACCEPT,
                              "MCP-Protocol-Version": "2025-11-25"})
        resp = conn.getresponse()
        text = resp.read().decode()
        if resp.status != 200:
            return resp.status, text
        result = json.loads(text).get("result", {})
        if result.get("isError"):
            return 500, json.dumps(result)[:300]
        return 200, result["structuredContent"]["resultSets"][-1]["rows"][0][0]
    except (OSError, http.client.HTTPException, ValueError, KeyError, IndexError) as e:
        return 0, repr(e)
    finally:
        conn.close()


class Load(threading.Thread):
    """Calls one query on one scope in a loop until stopped; records (start, end, status, value)."""

    def __init__(self, port, scope, query="SELECT 1 AS one", stop=None, limit=100000):
        super().__init__(daemon=True)
        self.port, self.scope, self.query, self.limit = port, scope, query, limit
        self.stop = stop or threading.Event()
        self.results = []

    def run(self):
        for _ in range(self.limit):
            if self.stop.is_set():
                return
            start = time.monotonic()
            status, value = tool_call(self.port, self.scope, self.query)
            self.results.append((start, time.monotonic(), status, value))

    def failures(self):
        return [r for r in self.results if r[2] != 200]


class OperationsTest(unittest.TestCase):
    def setUp(self):
        self.db = Devserver(extra_args=("--login", "%s:%s" % SECOND_LOGIN))
        self.initial = [scope_yaml("alpha", self.db), scope_yaml("beta", self.db, read_only=False),
                        scope_yaml("gamma", self.db, read_only=False, pool=8), scope_yaml("delta", self.db)]
        self.gw = Gateway(config_yaml(self.initial))
        admin = [json.loads(line) for line in self.gw.log_lines if '"admin listening"' in line]
        self.admin_port = int(admin[0]["address"].rsplit(":", 1)[1])

    def tearDown(self):
        if self.gw.proc.poll() is None:
            self.gw.stop()
        self.db.stop()

    # --- helpers ---------------------------------------------------------------------------------------
    def write_config(self, scopes):
        text = config_yaml(scopes).replace("@DATA_DIR@", os.path.join(self.gw.dir, "data"))
        temp = self.gw.config_path + ".tmp"
        with open(temp, "w") as f:
            f.write(text)
        os.replace(temp, self.gw.config_path)

    def admin(self, method, path):
        conn = http.client.HTTPConnection("127.0.0.1", self.admin_port, timeout=30)
        try:
            conn.request(method, path)
            resp = conn.getresponse()
            return resp.status, resp.read().decode()
        finally:
            conn.close()

    def reload(self):
        status, text = self.admin("POST", "/admin/reload")
        return status, json.loads(text)

    def metric(self, name_and_labels):
        _, text = self.admin("GET", "/metrics")
        for line in text.splitlines():
            if line.startswith(name_and_labels + " "):
                return float(line.rsplit(" ", 1)[1])
        return None

    def wait_for(self, predicate, seconds=10, what=""):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.05)
        self.fail("timed out waiting for " + what)

    def start_slow_calls(self, scope, count):
        results = [None] * count

        def one(i):
            results[i] = tool_call(self.gw.port, scope, SLOW_QUERY)
        threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(count)]
        for t in threads:
            t.start()
        # In use twice, 0.3 s apart: the load's own calls on the scope take milliseconds, the slow ones 2 s.
        in_use = lambda: (self.metric(f'mcp_gateway_db_pool_in_use{{scope="{scope}"}}') or 0) >= count
        self.wait_for(lambda: in_use() and (time.sleep(0.3) or in_use()),
                      what=f"{count} slow calls running on {scope}")
        return threads, results

    def login_checked(self, scope):
        conn = http.client.HTTPConnection("127.0.0.1", self.gw.port, timeout=10)
        try:
            conn.request("GET", f"/{scope}/health")
            return json.loads(conn.getresponse().read()).get("login", "unknown") != "unknown"
        finally:
            conn.close()

    # --- the story -------------------------------------------------------------------------------------
    def test_reloads_under_load_then_graceful_sigterm(self):
        port = self.gw.port
        stop = threading.Event()
        # The background least-privilege check of a read-only scope borrows a pooled connection at start;
        # once it is done, that connection is idle in the pool and the load below reuses it.
        self.wait_for(lambda: self.login_checked("alpha"), what="alpha's login check")
        # Which pooled connection served each call: an unchanged scope keeps its pool, so its two threads
        # never see more than two connections however many reloads happen.
        untouched = [Load(port, s, "SELECT @@SPID AS spid", stop=stop) for s in ("alpha", "alpha", "beta", "beta")]
        gamma = Load(port, "gamma", stop=stop)
        delta = Load(port, "delta", "SELECT SUSER_SNAME() AS who", stop=stop)
        for load in untouched + [gamma, delta]:
            load.start()
        # State that an unchanged scope must keep across every reload: a legacy SSE stream and its session.
        stream = SseStream(port, "/alpha/sse")
        stream.read_until("\n\n")
        endpoint = stream.events()[0][1]
        # A Streamable HTTP session on delta, whose database login changes below.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/delta/mcp", body=initialize_body("2025-11-25"),
                     headers={"Content-Type": "application/json", "Accept": ACCEPT})
        resp = conn.getresponse()
        resp.read()
        delta_session = resp.getheader("Mcp-Session-Id")
        conn.close()
        self.assertTrue(delta_session)
        self.wait_for(lambda: all(len(l.results) >= 3 for l in untouched + [gamma, delta]), what="load")

        # 1. Add a scope: it serves within a second of the reload.
        scopes = self.initial + [scope_yaml("epsilon", self.db)]
        self.write_config(scopes)
        start = time.monotonic()
        status, summary = self.reload()
        self.assertEqual(status, 200, summary)
        self.assertEqual(summary["scopes"], {"alpha": "unchanged", "beta": "unchanged", "gamma": "unchanged",
                                             "delta": "unchanged", "epsilon": "added"})
        while tool_call(port, "epsilon", "SELECT 1 AS one")[0] != 200:
            self.assertLess(time.monotonic() - start, 1.0, "epsilon does not serve a second after the reload")
        added_after = time.monotonic() - start

        # 2. Remove gamma while three slow calls run on it: they complete, new calls get 404.
        gamma_stream = SseStream(port, "/gamma/sse")
        gamma_stream.read_until("\n\n")
        threads, slow = self.start_slow_calls("gamma", 3)
        scopes = [s for s in scopes if not s.startswith("  gamma:")]
        self.write_config(scopes)
        status, summary = self.reload()
        removed_at = time.monotonic()
        self.assertEqual(status, 200, summary)
        self.assertEqual(summary["scopes"]["gamma"], "removed")
        self.assertEqual(tool_call(port, "gamma", "SELECT 1 AS one")[0], 404)
        for t in threads:
            t.join(timeout=30)
        self.assertEqual(slow, [(200, 2)] * 3, "in-flight calls on the removed scope were cut off")
        # Its stream ends (its POSTs could no longer reach it) with a proper end of the chunked body.
        gamma_stream.resp.read()
        gamma_stream.close()
        # Once its last call is done the removed scope is gone, pool and metrics with it.
        self.wait_for(lambda: self.metric('mcp_gateway_db_pool_size{scope="gamma"}') is None,
                      what="the removed scope's pool metrics to go")

        # 3. Change delta's database login with SIGHUP: a new pool, no failed call, the session survives.
        reloads_logged = self.gw.log_text().count('"configuration reloaded"')
        scopes = [scope_yaml("delta", self.db, login=SECOND_LOGIN) if s.startswith("  delta:") else s
                  for s in scopes]
        self.write_config(scopes)
        self.gw.proc.send_signal(signal.SIGHUP)
        self.wait_for(lambda: self.gw.log_text().count('"configuration reloaded"') > reloads_logged,
                      what="the SIGHUP reload")
        self.assertIn('"delta":"changed_database"', self.gw.log_text().replace(" ", ""))
        self.wait_for(lambda: delta.results and delta.results[-1][3] == "second", seconds=5,
                      what="delta's calls to log in as the new user")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/delta/mcp", body='{"jsonrpc":"2.0","id":2,"method":"tools/list"}',
                     headers={"Content-Type": "application/json", "Accept": ACCEPT,
                              "Mcp-Session-Id": delta_session, "MCP-Protocol-Version": "2025-11-25"})
        self.assertEqual(conn.getresponse().status, 200, "delta's MCP session did not survive its reload")
        conn.close()

        # 4. Rebuilding a pool again and again adds nothing to the generated freetds.conf.
        conf = f"/tmp/mssql-mcp-gateway-{self.gw.proc.pid}/freetds.conf"
        sections_before = open(conf).read().count("\n[")
        for i in range(4):
            scopes = [scope_yaml("delta", self.db, login=SECOND_LOGIN, description=f"round {i}")
                      if s.startswith("  delta:") else s for s in scopes]
            self.write_config(scopes)
            status, summary = self.reload()
            self.assertEqual(summary["scopes"]["delta"], "changed_settings")
        self.assertEqual(open(conf).read().count("\n["), sections_before)

        # 5. An invalid file changes nothing; the error names file, line and key.
        self.write_config([s.replace("max_size: 4", "max_size: 20x") if s.startswith("  alpha:") else s
                           for s in scopes])
        status, refusal = self.reload()
        self.assertEqual(status, 400)
        self.assertEqual(refusal["error"], "invalid_configuration")
        expected = r'tenants\.yaml:\d+:\d+: scopes\.alpha\.pool\.max_size: expected an integer 1\.\.1000, got "20x"'
        self.assertRegex(refusal["message"], expected)
        self.wait_for(lambda: self.refusals_logged(), seconds=5, what="the refused reload's log line")
        self.assertRegex(self.refusals_logged()[0]["error"], expected)
        self.assertEqual(tool_call(port, "epsilon", "SELECT 1 AS one")[0], 200)
        self.assertEqual(self.metric('mcp_gateway_config_reloads_total{result="failed"}'), 1)
        self.assertEqual(self.metric('mcp_gateway_config_reloads_total{result="ok"}'), 7)
        self.assertEqual(self.metric("mcp_gateway_config_last_reload_success"), 0)

        # The unchanged scope's legacy stream and session lived through all of it.
        status = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        status.request("POST", endpoint, body=initialize_body("2024-11-05"),
                       headers={"Content-Type": "application/json"})
        self.assertEqual(status.getresponse().status, 202)
        status.close()
        stream.read_until('"id":1')
        self.assertEqual(stream.events()[1][0], "message")
        self.check_metrics()

        # The load ends; what it saw.
        stop.set()
        for load in untouched + [gamma, delta]:
            load.join(timeout=60)
        served = sum(len(l.results) for l in untouched)
        self.assertEqual([f for l in untouched for f in l.failures()], [],
                         "a request of an untouched scope failed")
        for name in ("alpha", "beta"):
            spids = {r[3] for l in untouched if l.scope == name for r in l.results}
            self.assertLessEqual(len(spids), 2, f"{name}'s pool was replaced: connections {spids}")
        self.assertEqual(delta.failures(), [], "a call failed while delta's login changed")
        self.assertEqual({r[3] for r in delta.results}, {"gateway", "second"})
        for start_t, _, status_code, value in gamma.results:
            if status_code != 200:
                self.assertEqual(status_code, 404, value)
                self.assertGreater(start_t, removed_at - 1.0, "gamma refused a call before its removal")
        self.assertTrue(any(r[2] == 404 for r in gamma.results))
        print(f"\n  added scope serving {added_after * 1000:.0f} ms after POST /admin/reload"
              f"\n  untouched scopes: {served} tool calls during 7 reloads and 1 refused reload, 0 failed"
              f"\n  delta: {len(delta.results)} calls across its login change, 0 failed", file=sys.stderr)

        # 6. SIGTERM with calls in flight: they finish, the stream ends cleanly, no new connection is taken.
        threads, slow = self.start_slow_calls("beta", 3)
        start = time.monotonic()
        self.gw.proc.send_signal(signal.SIGTERM)
        self.wait_for(lambda: self.refuses_connections(port), seconds=2, what="the listener to close")
        for t in threads:
            t.join(timeout=30)
        self.assertEqual(slow, [(200, 2)] * 3, "SIGTERM cut off a call that had started")
        stream.resp.read()  # the chunked body ends properly (http.client raises IncompleteRead otherwise)
        stream.close()
        self.assertEqual(self.gw.proc.wait(timeout=30), 0)
        elapsed = time.monotonic() - start
        audit = open(os.path.join(self.gw.dir, "data", "audit.log")).read()
        self.assertEqual(audit.count("WAITFOR DELAY"), 6)  # three on gamma, three on beta
        print(f"  SIGTERM with 3 calls in flight: all 3 completed, exit 0 after {elapsed:.2f} s", file=sys.stderr)

    def refusals_logged(self):
        return [json.loads(line) for line in list(self.gw.log_lines)
                if '"reload refused; the running configuration stays"' in line]

    @staticmethod
    def refuses_connections(port):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.connect()
            conn.close()
            return False
        except (ConnectionRefusedError, ConnectionResetError):
            # A reset: the connection sat in the backlog of a listening socket that closed.
            return True

    def check_metrics(self):
        status, text = self.admin("GET", "/metrics")
        self.assertEqual(status, 200)
        for expected in [
            'mcp_gateway_http_requests_total{scope="alpha",endpoint="/mcp",status="200"}',
            'mcp_gateway_tool_calls_total{scope="alpha",tool="execute_sql",outcome="ok"}',
            'mcp_gateway_tool_call_duration_seconds_bucket{scope="beta",tool="execute_sql",le="0.5"}',
            'mcp_gateway_db_pool_size{scope="alpha"}', 'mcp_gateway_db_pool_in_use{scope="alpha"}',
            'mcp_gateway_db_pool_waiting{scope="alpha"}', 'mcp_gateway_sse_streams{scope="alpha",transport="legacy"} 1',
            'mcp_gateway_mcp_sessions{scope="delta"}', 'mcp_gateway_config_last_reload_timestamp_seconds',
        ]:
            self.assertIn(expected, text)
        self.assertIsNone(re.search(r"^gw_", text, re.M), "a metric outside the mcp_gateway_ namespace")
        # A refused bearer token is counted by reason.
        conn = http.client.HTTPConnection("127.0.0.1", self.gw.port, timeout=10)
        conn.request("POST", "/alpha/mcp", body='{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
                     headers={"Content-Type": "application/json", "Accept": ACCEPT,
                              "Authorization": "Bearer not-a-token"})
        self.assertEqual(conn.getresponse().status, 401)
        conn.close()
        self.assertEqual(self.metric(
            'mcp_gateway_oauth_refusals_total{scope="alpha",endpoint="resource",reason="invalid_token"}'), 1)


class OAuthReloadTest(unittest.TestCase):
    """A scope's OAuth clients and tokens survive reloads that rebuild the scope."""

    CONFIG = """
server:
  data_dir: "@DATA_DIR@"
  admin_listen: 127.0.0.1:0
scopes:
  demo:
    description: "{description}"
    database: {{host: 127.0.0.1, port: 9, name: DemoDB, user: u, password: "{password}"}}
    oauth:
      users:
        - name: alice
          password_hash: "{alice}"
"""

    def test_clients_and_tokens_survive_rebuilding_reloads(self):
        alice = hash_password(ALICE_PW)
        gw = Gateway(self.CONFIG.format(description="one", password="p1", alice=alice))
        try:
            admin = [json.loads(line) for line in gw.log_lines if '"admin listening"' in line]
            admin_port = int(admin[0]["address"].rsplit(":", 1)[1])
            http_client = Http(gw.port)
            flow = OAuthFlow(http_client, "demo", user=("alice", ALICE_PW))
            status, _, tokens = flow.redeem(flow.code())
            self.assertEqual(status, 200, tokens)
            bearer = {"Authorization": "Bearer " + tokens["access_token"], "Accept": ACCEPT,
                      "Content-Type": "application/json"}
            ping = '{"jsonrpc":"2.0","id":1,"method":"ping"}'
            self.assertEqual(http_client.request("POST", "/demo/mcp", ping, bearer)[0], 200)
            self.assertEqual(sign_in(http_client, flow.authorize_url(), "alice", "wrong")[0], 401)
            for description, password, change in (("two", "p1", "changed_settings"),
                                                  ("two", "p2", "changed_database")):
                with open(gw.config_path, "w") as f:
                    f.write(self.CONFIG.format(description=description, password=password, alice=alice)
                            .replace("@DATA_DIR@", os.path.join(gw.dir, "data")))
                status, _, summary = Http(admin_port).post_json("/admin/reload", {})
                self.assertEqual((status, summary["scopes"]["demo"]), (200, change), summary)
                # The access token, the refresh token and the registered client are all still known.
                self.assertEqual(http_client.request("POST", "/demo/mcp", ping, bearer)[0], 200)
            status, _, refreshed = flow.refresh(tokens["refresh_token"])
            self.assertEqual(status, 200, refreshed)
            status, _, again = flow.redeem(flow.code())
            self.assertEqual(status, 200, again)
            metrics = Http(admin_port).request("GET", "/metrics")[2]
            for line in ('mcp_gateway_oauth_grants_total{scope="demo",grant_type="authorization_code"} 2',
                         'mcp_gateway_oauth_grants_total{scope="demo",grant_type="refresh_token"} 1',
                         'mcp_gateway_oauth_refusals_total{scope="demo",endpoint="authorize",'
                         'reason="wrong_credentials"} 1'):
                self.assertIn(line, metrics)
            self.assertEqual(gw.stop(), 0)  # a clean exit (and, in the sanitizer build, no report)
        finally:
            if gw.proc.poll() is None:
                gw.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
