"""Faults and abuse aimed at the server as a whole, against real processes: a real gateway in front of two
real tds-devservers (one of which is frozen with SIGSTOP), many real idle streams from several client
addresses (behind a trusted proxy, as NGINX sends them), real JSON-RPC batches, real signals.

  - Streams: one token holds at most server.limits.max_streams_per_token (16) held-open streams (legacy SSE,
    GET /mcp and 2026 subscriptions/listen alike), one client address at most max_streams_per_address (64),
    both answered 429 with Retry-After past the cap and counted; the address is the one the trusted proxy
    appended, so users behind NGINX are not lumped together; a reload lowers the caps; streams never take
    the connections reserved for requests (503 past that), so health, OAuth and tool calls are served while
    streams hold the rest.
  - Batches: at most 16 messages (-32600); the calls of a batch share one limits.max_result_bytes, calls
    past it answer -32010, so the answer (and memory) stays about one call's worth.
  - Health: probes run in the background; with a database frozen, GET /health and /{scope}/health answer at
    once from the last result, with its age, and the frozen scope turns degraded while its probe waits.
  - Exit: $TMPDIR/mssql-mcp-gateway-<pid>/ is removed at exit, stale ones of dead processes at start; a second
    SIGTERM during the graceful stop exits at once with status 1.
Throughout, GET /bystander/health (a scope nobody abuses) is measured, and must stay fast."""
import http.client
import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

from gwtest.http_client import Http
from gwtest.inspection import assert_log_is_json_lines, proc_status, sanitized
from gwtest.oauth import OAuthFlow
from gwtest.processes import Devserver, Gateway, free_port

# The public URL is fixed (not the port the OS picks): tokens are for PUBLIC/<scope>/mcp.
PUBLIC = "http://127.0.0.1:8008"

PER_TOKEN = 16          # server.limits.max_streams_per_token default
PER_ADDRESS = 64        # server.limits.max_streams_per_address default
MAX_CONNECTIONS = 200
RESERVED = 64           # server.limits.reserved_connections default
STREAM_CAP = MAX_CONNECTIONS - RESERVED
MAX_RESULT_BYTES = 1_000_000
FROZEN_LOGIN_TIMEOUT_S = 2
# Generous for a shared, loaded machine: the point is "no database wait", which was 15-20 s.
FAST_S = 1.0 if not sanitized() else 3.0
BIG_ROWS = 40000
META_2026 = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
             "io.modelcontextprotocol/clientCapabilities": {}}

# bystander and frozen are read-write: the devserver login can write, which a read-only scope's health
# reports as degraded, and their health must say "healthy" when the database answers.
CONFIG = """
server:
  data_dir: "@DATA_DIR@"
  public_base_url: {public}
  trusted_proxies: [127.0.0.1/32]
  max_connections: {max_connections}
  health_probe_interval_s: 1
  admin_listen: 127.0.0.1:{admin_port}
{limits}
scopes:
  demo:
    read_only: true
    database: {healthy}
    oauth:
      sign_in: auto
  open:
    read_only: true
    database: {healthy}
    limits: {{max_rows: 100000, max_result_bytes: {max_result_bytes}}}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
  bystander:
    read_only: false
    database: {healthy}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
  frozen:
    read_only: false
    database: {frozen}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
"""


def get(port, path, headers=None, timeout=10):
    """(status, parsed JSON or text, seconds)."""
    start = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        text = resp.read().decode(errors="replace")
    finally:
        conn.close()
    elapsed = time.monotonic() - start
    try:
        return resp.status, json.loads(text), elapsed
    except ValueError:
        return resp.status, text, elapsed


def post(port, path, doc, headers=None, timeout=30):
    """(status, headers, raw body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", path, body=json.dumps(doc), headers=dict(
            {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"},
            **(headers or {})))
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def call_tool(port, scope, query, timeout=30):
    status, _, raw = post(port, "/%s/mcp" % scope, {
        "jsonrpc": "2.0", "id": 1, "method": "tools/call",
        "params": {"name": "execute_sql", "arguments": {"query": query}}},
        {"MCP-Protocol-Version": "2025-06-18"}, timeout)
    return status, json.loads(raw)


class Stream:
    """One held-open stream over a raw socket, from `address` as the trusted proxy (127.0.0.1) reports it.
    kind: sse (legacy GET /sse), get (GET /mcp), listen (2026 subscriptions/listen)."""

    def __init__(self, port, scope, kind, address, token=None, number=0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        headers = {"Host": "127.0.0.1", "X-Forwarded-For": address, "Accept": "text/event-stream"}
        if token:
            headers["Authorization"] = "Bearer " + token
        body = b""
        if kind == "listen":
            method, path = "POST", "/%s/mcp" % scope
            body = json.dumps({"jsonrpc": "2.0", "id": "sub-%d" % number, "method": "subscriptions/listen",
                               "params": {"notifications": {"toolsListChanged": True}, "_meta": META_2026}}).encode()
            headers.update({"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
                            "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "subscriptions/listen",
                            "Content-Length": str(len(body))})
        else:
            method, path = "GET", "/%s/%s" % (scope, "sse" if kind == "sse" else "mcp")
        head = "%s %s HTTP/1.1\r\n%s\r\n" % (method, path, "".join("%s: %s\r\n" % kv for kv in headers.items()))
        self.sock.sendall(head.encode() + body)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        self.status = int(lines[0].split()[1])
        self.headers = {l.split(":", 1)[0].lower(): l.split(":", 1)[1].strip() for l in lines[1:] if ":" in l}
        self.body = None
        if "content-length" in self.headers:  # a refusal: read its JSON body, the connection is done
            length = int(self.headers["content-length"])
            while len(rest) < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                rest += chunk
            self.body = json.loads(rest[:length])
            self.close()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def close_all(streams):
    for s in streams:
        s.close()
    streams.clear()


def open_until_admitted(port, scope, kind, address, token=None, number=0, seconds=10):
    """A stream, retried while a slot closed by the previous step is still being freed (bounded)."""
    deadline = time.monotonic() + seconds
    while True:
        s = Stream(port, scope, kind, address, token, number)
        if s.status == 200 or time.monotonic() > deadline:
            return s
        time.sleep(0.1)


class HealthMonitor:
    """GET /bystander/health every 100 ms on a fresh connection, from start to stop: latency and status."""

    def __init__(self, port):
        self.port = port
        self.samples = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopping.is_set():
            try:
                status, _, elapsed = get(self.port, "/bystander/health", timeout=20)
            except OSError as e:
                status, elapsed = str(e), 20.0
            self.samples.append((status, elapsed))
            self.stopping.wait(0.1)

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=25)


def post_form(port, path, fields, timeout=10):
    """(status, parsed JSON body) of a form POST (the OAuth token endpoint)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", path, body=urllib.parse.urlencode(fields),
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read())
    finally:
        conn.close()


def metric(admin, name, **labels):
    _, text, _ = get(admin, "/metrics")
    for line in text.splitlines():
        if line.startswith(name + "{") and all('%s="%s"' % kv in line for kv in labels.items()):
            return int(float(line.rsplit(" ", 1)[1]))
    return 0


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class ServerAbuseTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.healthy_db = Devserver(extra_args=("--big-rows", str(BIG_ROWS)))
        cls.frozen_db = Devserver()
        cls.admin = free_port()
        cls.config_values = dict(
            public=PUBLIC, max_connections=MAX_CONNECTIONS, admin_port=cls.admin, limits="",
            healthy=cls.healthy_db.database_yaml(), max_result_bytes=MAX_RESULT_BYTES,
            frozen=cls.frozen_db.database_yaml().replace("login_timeout_s: 5",
                                                         "login_timeout_s: %d" % FROZEN_LOGIN_TIMEOUT_S))
        cls.gw = Gateway(CONFIG.format(**cls.config_values))
        cls.monitor = HealthMonitor(cls.gw.port)

    @classmethod
    def tearDownClass(cls):
        cls.monitor.stop()
        os.kill(cls.frozen_db.proc.pid, signal.SIGCONT)
        code = cls.gw.stop()
        cls.healthy_db.stop()
        cls.frozen_db.stop()
        assert code == 0, "gateway exit code %d" % code

    def token(self, name):
        client = OAuthFlow(Http(self.gw.port), "demo", resource_base=PUBLIC, register=False)
        status, _, body = client.register(name)
        self.assertEqual(status, 201, body)
        return client.tokens()["access_token"]

    def assert_refused(self, stream, status, message):
        self.assertEqual(stream.status, status, stream.body)
        self.assertEqual(stream.headers.get("retry-after"), "30")
        self.assertEqual(stream.body["error"]["message"], message)

    # --- streams ---------------------------------------------------------------------------------------

    def test_a_one_token_holds_at_most_16_streams_of_any_kind(self):
        alice, bob = self.token("alice"), self.token("bob")
        refused_before = metric(self.admin, "mcp_gateway_limit_refusals_total", scope="demo",
                                reason="streams_per_token")
        streams = []
        try:
            kinds = ["sse", "get", "listen"]
            for i in range(PER_TOKEN):
                # From 16 different addresses: the token's cap does not care where it is used from.
                s = open_until_admitted(self.gw.port, "demo", kinds[i % 3], "10.1.0.%d" % (i + 1), alice, i)
                self.assertEqual(s.status, 200, (i, s.body))
                streams.append(s)
            for kind in kinds:
                over = Stream(self.gw.port, "demo", kind, "10.1.1.1", alice, 99)
                self.assert_refused(over, 429, "Too many open streams for this token: at most 16 "
                                               "(server.limits.max_streams_per_token); close one or retry later")
            other = Stream(self.gw.port, "demo", "get", "10.1.1.1", bob)
            self.assertEqual(other.status, 200, other.body)
            streams.append(other)
            self.assertEqual(metric(self.admin, "mcp_gateway_limit_refusals_total", scope="demo",
                                    reason="streams_per_token") - refused_before, 3)
            # Closing one frees its slot at once (the gateway notices the client leave).
            streams.pop(1).close()
            again = open_until_admitted(self.gw.port, "demo", "get", "10.1.1.2", alice, seconds=5)
            self.assertEqual(again.status, 200, again.body)
            streams.append(again)
        finally:
            close_all(streams)

    def test_b_one_address_holds_at_most_64_streams_and_proxied_users_are_not_lumped(self):
        streams = []
        try:
            for i in range(PER_ADDRESS):
                s = open_until_admitted(self.gw.port, "open", ["sse", "get", "listen"][i % 3], "10.2.0.1", number=i)
                self.assertEqual(s.status, 200, (i, s.body))
                streams.append(s)
            message = ("Too many open streams from this address: at most 64 "
                       "(server.limits.max_streams_per_address); close one or retry later")
            self.assert_refused(Stream(self.gw.port, "open", "get", "10.2.0.1"), 429, message)
            # What the client itself put in X-Forwarded-For is not believed: the proxy's entry is last.
            self.assert_refused(Stream(self.gw.port, "open", "sse", "10.9.9.9, 10.2.0.1"), 429, message)
            # Another user behind the same proxy is not lumped in.
            neighbour = Stream(self.gw.port, "open", "get", "10.2.0.2")
            self.assertEqual(neighbour.status, 200, neighbour.body)
            streams.append(neighbour)
            self.assertGreaterEqual(metric(self.admin, "mcp_gateway_limit_refusals_total", scope="open",
                                           reason="streams_per_address"), 2)
        finally:
            close_all(streams)

    def test_c_streams_never_take_the_connections_reserved_for_requests(self):
        streams = []
        try:
            for i in range(STREAM_CAP):
                address = "10.3.0.%d" % (i // 50 + 1)
                s = open_until_admitted(self.gw.port, "open", ["get", "sse"][i % 2], address, number=i)
                self.assertEqual(s.status, 200, (i, s.body))
                streams.append(s)
            threads = proc_status(self.gw.proc.pid, "Threads")
            over = Stream(self.gw.port, "open", "get", "10.3.9.9")
            self.assert_refused(over, 503, "Server busy: every connection not reserved for requests holds a "
                                           "stream; retry later")
            # With every stream slot taken: health, metrics, OAuth and a tool call are served, quickly.
            timings = {}
            for path in ["/health", "/bystander/health", "/.well-known/oauth-authorization-server/demo",
                         "/.well-known/oauth-protected-resource/demo/mcp"]:
                status, _, elapsed = get(self.gw.port, path)
                self.assertEqual(status, 200, path)
                timings[path] = elapsed
            status, _, timings["/metrics (admin listener)"] = get(self.admin, "/metrics")
            self.assertEqual(status, 200)
            # The sign-in endpoints answer (here: refusals of an unknown client and a made-up code).
            status, page, timings["/demo/authorize"] = get(
                self.gw.port, "/demo/authorize?response_type=code&client_id=nobody&redirect_uri="
                              "http%3A%2F%2F127.0.0.1%3A3000%2Fcb&code_challenge=x&code_challenge_method=S256")
            self.assertEqual(status, 400, page)
            start = time.monotonic()
            status, body = post_form(self.gw.port, "/demo/token",
                                     {"grant_type": "authorization_code", "code": "made-up",
                                      "client_id": "nobody", "code_verifier": "x" * 43,
                                      "redirect_uri": "http://127.0.0.1:3000/cb"})
            timings["/demo/token"] = time.monotonic() - start
            self.assertIn(status, (400, 401), body)
            self.assertIn(body["error"], ("invalid_grant", "invalid_client"))
            start = time.monotonic()
            status, body = call_tool(self.gw.port, "bystander", "SELECT 1 AS one")
            timings["tools/call"] = time.monotonic() - start
            self.assertEqual(status, 200)
            self.assertFalse(body["result"]["isError"], body)
            print("\n  %d streams held (%d gateway threads); meanwhile: %s" % (
                len(streams), threads, ", ".join("%s %.0f ms" % (k, v * 1e3) for k, v in timings.items())))
            for what, elapsed in timings.items():
                self.assertLess(elapsed, FAST_S, what)
            self.assertGreaterEqual(metric(self.admin, "mcp_gateway_limit_refusals_total", scope="open",
                                           reason="streams_server"), 1)
        finally:
            close_all(streams)

    def test_d_a_reload_lowers_the_caps_for_new_streams(self):
        carol = self.token("carol")
        streams = []
        try:
            streams.append(open_until_admitted(self.gw.port, "demo", "get", "10.4.0.1", carol))
            streams.append(open_until_admitted(self.gw.port, "demo", "sse", "10.4.0.1", carol))
            self.assertEqual([s.status for s in streams], [200, 200])
            with open(self.gw.config_path, "w") as f:
                f.write(CONFIG.format(**dict(self.config_values, limits="  limits: {max_streams_per_token: 2}"))
                        .replace("@DATA_DIR@", os.path.join(self.gw.dir, "data")))
            reloads = self.gw.log_text().count("configuration reloaded")
            self.gw.proc.send_signal(signal.SIGHUP)
            deadline = time.monotonic() + 10
            while self.gw.log_text().count("configuration reloaded") == reloads and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertIn("configuration reloaded", self.gw.log_text())
            self.assert_refused(Stream(self.gw.port, "demo", "listen", "10.4.0.2", carol), 429,
                                "Too many open streams for this token: at most 2 "
                                "(server.limits.max_streams_per_token); close one or retry later")
        finally:
            close_all(streams)
            with open(self.gw.config_path, "w") as f:
                f.write(CONFIG.format(**self.config_values).replace("@DATA_DIR@", os.path.join(self.gw.dir, "data")))
            self.gw.proc.send_signal(signal.SIGHUP)

    # --- batches ---------------------------------------------------------------------------------------

    def test_e_a_batch_gets_one_result_budget_and_at_most_16_messages(self):
        status, headers, raw = post(self.gw.port, "/open/mcp", {
            "jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"protocolVersion": "2025-03-26", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
        self.assertEqual(status, 200, raw)
        session = {"Mcp-Session-Id": headers["mcp-session-id"]}
        query = "SELECT ID, Val, Label FROM BigTable"

        def batch(n):
            return [{"jsonrpc": "2.0", "id": i, "method": "tools/call",
                     "params": {"name": "execute_sql", "arguments": {"query": query}}} for i in range(1, n + 1)]

        rss_before = proc_status(self.gw.proc.pid, "VmRSS")
        for n in (17, 100):
            status, _, raw = post(self.gw.port, "/open/mcp", batch(n), session)
            self.assertEqual(status, 400, raw[:300])
            self.assertEqual(json.loads(raw)["error"], {
                "code": -32600, "message": "Invalid Request: a batch holds at most 16 messages"})
        start = time.monotonic()
        status, _, raw = post(self.gw.port, "/open/mcp", batch(16), session, timeout=60)
        elapsed = time.monotonic() - start
        rss_after = proc_status(self.gw.proc.pid, "VmRSS")
        self.assertEqual(status, 200, raw[:300])
        answers = json.loads(raw)
        self.assertEqual([a["id"] for a in answers], list(range(1, 17)))
        first = json.loads(answers[0]["result"]["content"][0]["text"])  # 2025-03-26 has no structuredContent
        self.assertTrue(first["truncated"])
        self.assertEqual(first["truncatedReason"], "byte limit")
        refused = [a for a in answers if "error" in a]
        self.assertGreaterEqual(len(refused), 14)
        for a in refused:
            self.assertEqual(a["error"], {
                "code": -32010, "message": "Result budget used up: the earlier calls of this batch used the "
                                           "request's limits.max_result_bytes (1000000 bytes); send this call in "
                                           "a request of its own"})
        print("\n  16-call batch of %d-row SELECTs: %.1f MB answered in %.1f s (%d calls over budget), "
              "RSS %+.1f MiB" % (BIG_ROWS, len(raw) / 1e6, elapsed, len(refused),
                                 (rss_after - rss_before) / 1024))
        # About one call's result as serialized, not 16 of them.
        self.assertLess(len(raw), 4 * MAX_RESULT_BYTES)
        self.assertGreaterEqual(metric(self.admin, "mcp_gateway_limit_refusals_total", scope="open",
                                       reason="batch_too_large"), 2)
        self.assertGreaterEqual(metric(self.admin, "mcp_gateway_limit_refusals_total", scope="open",
                                       reason="batch_result_budget"), 14)

    # --- health with a frozen database -------------------------------------------------------------------

    def wait_for_health(self, scope, predicate, seconds):
        deadline = time.monotonic() + seconds
        while True:
            status, doc, _ = get(self.gw.port, "/%s/health" % scope)
            if predicate(status, doc) or time.monotonic() > deadline:
                return status, doc
            time.sleep(0.1)

    def test_f_health_answers_from_the_last_probe_while_a_database_is_frozen(self):
        status, doc = self.wait_for_health("frozen", lambda s, d: d.get("status") == "healthy", 15)
        self.assertEqual((status, doc["status"], doc["database"]), (200, "healthy", "healthy"), doc)
        os.kill(self.frozen_db.proc.pid, signal.SIGSTOP)
        try:
            status, doc = self.wait_for_health("frozen", lambda s, d: "database_probe_running_s" in d, 5)
            self.assertIn("database_probe_running_s", doc, "no probe started on the frozen database")
            latencies = {"/health": [], "/frozen/health": [], "/bystander/health": []}
            deadline = time.monotonic() + FROZEN_LOGIN_TIMEOUT_S + 1.5
            while time.monotonic() < deadline:
                for path in latencies:
                    status, doc, elapsed = get(self.gw.port, path)
                    latencies[path].append(elapsed)
                time.sleep(0.05)
            print("\n  database frozen, probe pending: " + ", ".join(
                "%s max %.0f ms over %d" % (p, max(v) * 1e3, len(v)) for p, v in latencies.items()))
            for path, values in latencies.items():
                self.assertLess(max(values), FAST_S, path)
            # Still pending, past the login timeout: the frozen scope is degraded, with the last answer's age.
            status, doc, _ = get(self.gw.port, "/frozen/health")
            self.assertEqual(status, 503, doc)
            self.assertEqual((doc["status"], doc["database"]), ("degraded", "degraded"))
            self.assertRegex(doc["database_detail"], r"^the database has not answered the health probe for \d+ s$")
            self.assertGreater(doc["database_probe_running_s"], FROZEN_LOGIN_TIMEOUT_S)
            self.assertGreater(doc["database_age_s"], FROZEN_LOGIN_TIMEOUT_S)
            status, doc, _ = get(self.gw.port, "/health")
            self.assertEqual(status, 200)
            states = {s["scope"]: s["status"] for s in doc["scopes"]}
            self.assertEqual((states["frozen"], states["bystander"]), ("degraded", "healthy"))
            status, doc, _ = get(self.gw.port, "/bystander/health")
            self.assertEqual((status, doc["status"]), (200, "healthy"))
            self.assertLess(doc["database_age_s"], 3)
        finally:
            os.kill(self.frozen_db.proc.pid, signal.SIGCONT)
        # Recovers without a restart: the pending probe ends (query timeout, then the cancel grace).
        status, doc = self.wait_for_health("frozen", lambda s, d: d.get("status") == "healthy", 30)
        self.assertEqual((status, doc["status"]), (200, "healthy"), doc)

    # --- throughout -------------------------------------------------------------------------------------

    def test_z_an_unrelated_scopes_health_stayed_fast_throughout(self):
        samples = list(self.monitor.samples)
        self.assertGreater(len(samples), 20)
        latencies = [elapsed for _, elapsed in samples]
        print("\n  /bystander/health throughout: %d samples, p50 %.1f ms, max %.1f ms" % (
            len(samples), percentile(latencies, 0.5) * 1e3, max(latencies) * 1e3))
        self.assertEqual({status for status, _ in samples}, {200})
        self.assertLess(max(latencies), FAST_S)
        assert_log_is_json_lines(self, self.gw)


class ExitTest(unittest.TestCase):
    """$TMPDIR/mssql-mcp-gateway-<pid>/ (the generated freetds.conf) and signals, on gateways of their own."""

    @classmethod
    def setUpClass(cls):
        cls.db = Devserver()
        cls.tmp = tempfile.mkdtemp(prefix="gw-tmpdir-")
        # WAITFOR is refused in read-only scopes.
        cls.config = ("server:\n  data_dir: \"@DATA_DIR@\"\nscopes:\n  open:\n    read_only: false\n    database: %s\n"
                      "    development: {allow_unauthenticated_methods: true, allow_unauthenticated_tools_call: true}\n"
                      % cls.db.database_yaml())

    @classmethod
    def tearDownClass(cls):
        cls.db.stop()

    def runtime_dir(self, pid):
        return os.path.join(self.tmp, "mssql-mcp-gateway-%d" % pid)

    def test_runtime_directory_removed_at_exit_and_stale_ones_at_start(self):
        dead = subprocess.Popen(["true"])
        dead.wait()
        for pid in (dead.pid, os.getpid()):
            os.makedirs(self.runtime_dir(pid))
            with open(os.path.join(self.runtime_dir(pid), "freetds.conf"), "w") as f:
                f.write("[global]\n")
        gw = Gateway(self.config, env={"TMPDIR": self.tmp})
        try:
            self.assertTrue(os.path.exists(os.path.join(self.runtime_dir(gw.proc.pid), "freetds.conf")))
            self.assertFalse(os.path.exists(self.runtime_dir(dead.pid)), "a dead process's directory stayed")
            self.assertTrue(os.path.exists(self.runtime_dir(os.getpid())), "a live process's directory went")
        finally:
            self.assertEqual(gw.stop(), 0)
        self.assertFalse(os.path.exists(self.runtime_dir(gw.proc.pid)), "left behind at exit")

    def test_a_second_stop_signal_exits_at_once_with_status_1(self):
        for first, second in [(signal.SIGTERM, signal.SIGTERM), (signal.SIGINT, signal.SIGINT),
                              (signal.SIGTERM, signal.SIGINT)]:
            with self.subTest(first=first.name, second=second.name):
                self.second_stop_signal(first, second)

    def second_stop_signal(self, first, second):
        gw = Gateway(self.config, env={"TMPDIR": self.tmp})
        outcome = {}

        def slow_call():
            try:
                outcome["r"] = call_tool(gw.port, "open", "WAITFOR DELAY '00:00:20'; SELECT 1 AS v")
            except (OSError, http.client.HTTPException) as e:
                outcome["r"] = e

        caller = threading.Thread(target=slow_call, daemon=True)
        caller.start()
        time.sleep(0.5)  # the call is running
        gw.proc.send_signal(first)
        time.sleep(1.0)
        self.assertIsNone(gw.proc.poll(), "the first %s did not wait for the running call" % first.name)
        start = time.monotonic()
        gw.proc.send_signal(second)
        code = gw.stop(second, timeout=10)
        elapsed = time.monotonic() - start
        print("\n  %s then %s: exit %d after %.0f ms (the running call had 18 s to go)"
              % (first.name, second.name, code, elapsed * 1e3))
        self.assertEqual(code, 1)
        self.assertLess(elapsed, 3)
        self.assertIn("second stop signal: exiting at once", gw.log_text())
        self.assertFalse(os.path.exists(self.runtime_dir(gw.proc.pid)), "left behind at the quick exit")
        caller.join(timeout=5)


if __name__ == "__main__":
    unittest.main(verbosity=2)
