"""Abuse of the OAuth endpoints against a real gateway: a client metadata document server on loopback that
trickles bytes, sign-in form posts from several client addresses (X-Forwarded-For from a trusted proxy),
floods of /authorize, refresh token replays, SSRF address forms and out-of-range ports in CIMD client_ids.
Each case asserts the fixed behaviour; throughout, a background thread measures /health of an unrelated
scope (with a real tds-devserver database) and the last test asserts it stayed fast.

One gateway, one devserver and one document server for the whole program (about 20 s of wall time)."""
import http.client
import json
import select
import socket
import ssl
import tempfile
import threading
import time
import unittest
import urllib.parse

from gwtest.http_client import Http
from gwtest.inspection import threads_of
from gwtest.nginx import TestCertificates
from gwtest.oauth import form_fields, hash_password, pkce_pair, query_of
from gwtest.processes import Devserver, Gateway, free_port

PASSWORD = "abuse-resistant-9"
CALLBACK = "http://127.0.0.1:3000/callback"
DEMO_DEADLINE_MS = 1500     # the demo scope's whole-fetch deadline (default 5000)
PATIENT_DEADLINE_MS = 20000  # the patient scope's: long, so that only a disconnect can end a fetch early

CONFIG = """
server:
  data_dir: "@DATA_DIR@"
  trusted_proxies: [127.0.0.1/32]
  admin_listen: 127.0.0.1:0
scopes:
  demo:
    database: {{host: 127.0.0.1, port: {dead_port}, name: DemoDB, user: u, password: p}}
    oauth:
      cimd_allow_private_addresses: true
      cimd_connect_timeout_ms: 1000
      cimd_timeout_ms: {demo_deadline}
      cimd_max_concurrent_fetches: 2
      sign_in_failures_per_user_address: 3
      sign_in_failures_per_address: 6
      sign_in_failures_per_user: 12
      pending_sign_ins_per_address: 5
      pending_sign_ins_max: 40
      users:
{users}
  patient:
    database: {{host: 127.0.0.1, port: {dead_port}, name: DemoDB, user: u, password: p}}
    oauth:
      cimd_allow_private_addresses: true
      cimd_timeout_ms: {patient_deadline}
  production:
    database: {{host: 127.0.0.1, port: {dead_port}, name: Prod, user: u, password: p}}
  other:
    database: {other_db}
"""
USERS = ["carol", "dave", "erin", "frank"]


class SlowDocumentServer:
    """https://localhost:<port>/…: /good*.json (no-store) and /fresh*.json (max-age=1) answer a metadata
    document at once; any other path answers
    its status line one byte every 0.3 s until the peer goes away. Records, per path, how many connections
    arrived and when the gateway closed each one."""

    def __init__(self, directory):
        # Signed by a throwaway CA the gateway trusts (SSL_CERT_FILE): verification stays on.
        self.certificates = TestCertificates(directory)
        self.ca = self.certificates.ca
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(self.certificates.cert, self.certificates.key)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.lock = threading.Lock()
        self.connections = {}  # path -> number of requests
        self.closed = {}       # path -> [time.monotonic() when the gateway closed the connection]
        self.stopping = False
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path):
        return "https://localhost:%d%s" % (self.port, path)

    def _accept(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, raw):
        raw.settimeout(5)
        try:
            conn = self.context.wrap_socket(raw, server_side=True)
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 8192:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
        except (OSError, ssl.SSLError):
            return
        path = request.split(b" ", 2)[1].decode()
        with self.lock:
            self.connections[path] = self.connections.get(path, 0) + 1
        if path.startswith("/good") or path.startswith("/fresh"):
            doc = json.dumps({"client_id": self.url(path), "client_name": "Abuse Tester",
                              "redirect_uris": [CALLBACK], "token_endpoint_auth_method": "none"}).encode()
            cache = b"no-store" if path.startswith("/good") else b"max-age=1"
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: %s\r\n"
                         b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (cache, len(doc), doc))
            conn.close()
            return
        self._trickle(conn, path)

    def _trickle(self, conn, path):
        # One byte every 0.3 s; a readable socket means the gateway closed (FIN or reset).
        payload = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + b"X-Padding: " + b"a" * 400
        for byte in payload:
            if self.stopping:
                break
            readable, _, _ = select.select([conn], [], [], 0.3)
            try:
                if readable and not conn.recv(1):
                    break
                conn.sendall(bytes([byte]))
            except (OSError, ssl.SSLError):
                break
        with self.lock:
            self.closed.setdefault(path, []).append(time.monotonic())
        try:
            conn.close()
        except OSError:
            pass

    def closed_times(self, path):
        with self.lock:
            return list(self.closed.get(path, []))

    def count(self, path):
        with self.lock:
            return self.connections.get(path, 0)

    def stop(self):
        self.stopping = True
        self.sock.close()


class HealthMonitor:
    """GET /other/health every 0.1 s on a fresh connection; keeps every latency."""

    def __init__(self, port):
        self.port = port
        self.samples = []
        self.failures = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stopping.is_set():
            started = time.monotonic()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("GET", "/other/health")
                status = conn.getresponse().status
                conn.close()
                if status != 200:
                    self.failures.append("status %d" % status)
            except OSError as e:
                self.failures.append(repr(e))
            self.samples.append(time.monotonic() - started)
            self.stopping.wait(0.1)

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=15)


def authorize_path(client_id, scope="demo"):
    _, challenge = pkce_pair()
    q = {"response_type": "code", "client_id": client_id, "redirect_uri": CALLBACK, "state": "s",
         "code_challenge": challenge, "code_challenge_method": "S256"}
    return "/%s/authorize?%s" % (scope, urllib.parse.urlencode(q))


class OAuthAbuseTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="oauth-abuse-")
        cls.docs = SlowDocumentServer(cls.dir)
        cls.db = Devserver()
        users = "".join('        - {name: %s, password_hash: "%s"}\n' % (u, hash_password(PASSWORD))
                        for u in USERS)
        cls.gw = Gateway(CONFIG.format(dead_port=free_port(), demo_deadline=DEMO_DEADLINE_MS,
                                       patient_deadline=PATIENT_DEADLINE_MS, users=users.rstrip("\n"),
                                       other_db=cls.db.database_yaml()),
                         env={"SSL_CERT_FILE": cls.docs.ca})
        cls.http = Http(cls.gw.port)
        admin = [json.loads(line) for line in cls.gw.log_lines if '"admin listening"' in line]
        cls.admin_port = int(admin[0]["address"].rsplit(":", 1)[1])
        # A first client registered by DCR, for the sign-in and refresh cases.
        status, _, reg = cls.http.post_json("/demo/register", {
            "client_name": "abuse", "redirect_uris": [CALLBACK], "token_endpoint_auth_method": "none",
            "grant_types": ["authorization_code", "refresh_token"]})
        assert status == 201, reg
        cls.client_id = reg["client_id"]
        cls.health = HealthMonitor(cls.gw.port)

    @classmethod
    def tearDownClass(cls):
        cls.health.stop()
        cls.docs.stop()
        assert cls.gw.stop() == 0
        cls.db.stop()

    # --- helpers ---------------------------------------------------------------------------------------
    def get(self, path, address=None):
        return self.http.request("GET", path, headers={"X-Forwarded-For": address} if address else {})

    def open_form(self, address):
        _, challenge = pkce_pair()
        q = {"response_type": "code", "client_id": self.client_id, "redirect_uri": CALLBACK, "state": "s",
             "code_challenge": challenge, "code_challenge_method": "S256"}
        status, _, html = self.get("/demo/authorize?" + urllib.parse.urlencode(q), address)
        self.assertEqual(status, 200, html[:300])
        return form_fields(html)

    def post_form(self, form, user, password, address):
        action, fields = form
        fields = dict(fields, username=user, password=password, action="allow")
        return self.http.post_form(urllib.parse.urlsplit(action).path, fields,
                                   {"Origin": self.http.base, "X-Forwarded-For": address})

    def metrics(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.admin_port, timeout=10)
        conn.request("GET", "/metrics")
        text = conn.getresponse().read().decode()
        conn.close()
        return text

    def refusals(self, reason, scope="demo", endpoint="authorize"):
        needle = ('mcp_gateway_oauth_refusals_total{scope="%s",endpoint="%s",reason="%s"} '
                  % (scope, endpoint, reason))
        for line in self.metrics().splitlines():
            if line.startswith(needle):
                return int(float(line[len(needle):]))
        return 0

    # --- 1. a slow client metadata document -----------------------------------------------------------
    def wait_for_refusals(self, reason, count, scope="demo"):
        """The counter once it reaches count (a refusal is counted as its answer is sent), bounded."""
        deadline = time.monotonic() + 10
        while self.refusals(reason, scope) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.refusals(reason, scope)

    def test_1_a_slow_document_ends_at_the_fetch_deadline_and_the_failure_is_cached(self):
        before = self.refusals("metadata_unavailable")
        path = authorize_path(self.docs.url("/slow-deadline.json"))
        started = time.monotonic()
        status, headers, html = self.get(path)
        elapsed = time.monotonic() - started
        self.assertEqual(status, 502, html[:300])
        self.assertIn("could not be fetched within %d ms" % DEMO_DEADLINE_MS, html)
        # One deadline for the whole fetch (it used to be a read timeout per trickled byte: minutes).
        self.assertLess(elapsed, DEMO_DEADLINE_MS / 1000 + 1.5)
        self.assertGreater(elapsed, DEMO_DEADLINE_MS / 1000 - 0.2)
        # The failure is cached: the next request answers at once and the server is not asked again.
        started = time.monotonic()
        status, _, _ = self.get(path)
        self.assertEqual(status, 502)
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertEqual(self.docs.count("/slow-deadline.json"), 1)
        self.assertEqual(self.refusals("metadata_unavailable"), before + 2)
        print("\n  slow document: 502 after %.2f s (deadline %.1f s); cached failure answered at once"
              % (elapsed, DEMO_DEADLINE_MS / 1000))

    def test_2_concurrent_fetches_are_capped_per_scope_and_threads_come_back(self):
        baseline = threads_of(self.gw.proc.pid)
        results = []

        def fetch(i):
            started = time.monotonic()
            status, headers, _ = self.get(authorize_path(self.docs.url("/slow-cap-%d.json" % i)),
                                          address="192.0.2.%d" % (i + 1))
            results.append((status, headers.get("retry-after"), time.monotonic() - started))

        workers = [threading.Thread(target=fetch, args=(i,)) for i in range(8)]
        for w in workers:
            w.start()
        time.sleep(0.7)
        during = threads_of(self.gw.proc.pid)
        for w in workers:
            w.join(timeout=30)
        time.sleep(0.5)
        after = threads_of(self.gw.proc.pid)
        statuses = sorted(r[0] for r in results)
        self.assertEqual(statuses, [502, 502] + [503] * 6, results)
        for status, retry_after, elapsed in results:
            if status == 503:
                self.assertEqual(retry_after, str((DEMO_DEADLINE_MS + 999) // 1000))
                self.assertLess(elapsed, 1.0)  # refused at once, not queued behind the slow ones
        self.assertGreaterEqual(self.refusals("metadata_fetches_busy"), 6)
        # The fetches that ran gave their threads back at the deadline (the server closed at most 2 late).
        self.assertLessEqual(after, baseline + 2)
        print("\n  8 slow documents at once, cap 2: threads %d before, %d during, %d after the deadline"
              % (baseline, during, after))

    def test_3_a_fetch_is_abandoned_when_the_browser_goes_away(self):
        before = self.refusals("metadata_fetch_abandoned", scope="patient")
        path = authorize_path(self.docs.url("/slow-abandoned.json"), scope="patient")
        conn = socket.create_connection(("127.0.0.1", self.gw.port), timeout=5)
        conn.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % path).encode())
        deadline = time.monotonic() + 5
        while self.docs.count("/slow-abandoned.json") == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.docs.count("/slow-abandoned.json"), 1, "the gateway never fetched")
        gone = time.monotonic()
        conn.close()
        deadline = time.monotonic() + 10
        while not self.docs.closed_times("/slow-abandoned.json") and time.monotonic() < deadline:
            time.sleep(0.05)
        closed = self.docs.closed_times("/slow-abandoned.json")
        self.assertTrue(closed, "the fetch went on after the browser left")
        # Well before this scope's 20 s deadline: the disconnect ended it.
        self.assertLess(closed[0] - gone, 2.0)
        self.assertEqual(self.wait_for_refusals("metadata_fetch_abandoned", before + 1, scope="patient"),
                         before + 1)
        print("\n  browser gone: the document fetch was abandoned %.2f s later (deadline %d s)"
              % (closed[0] - gone, PATIENT_DEADLINE_MS // 1000))

    def test_3b_documents_are_cached_for_their_http_lifetime(self):
        fresh, uncached = authorize_path(self.docs.url("/fresh.json")), authorize_path(self.docs.url("/good.json"))
        for path in (fresh, fresh, uncached, uncached):
            status, _, html = self.get(path)
            self.assertEqual(status, 200, html[:300])
        self.assertEqual(self.docs.count("/fresh.json"), 1)  # max-age=1: the second came from the cache
        self.assertEqual(self.docs.count("/good.json"), 2)   # no-store: fetched each time
        time.sleep(1.2)
        self.assertEqual(self.get(fresh)[0], 200)
        self.assertEqual(self.docs.count("/fresh.json"), 2)  # expired: fetched again

    # --- 8. SSRF: IPv6 forms that embed or map a refused IPv4 address, and special-purpose ranges ---------
    def test_4_every_ipv6_form_of_a_refused_address_is_refused(self):
        forms = ["::127.0.0.1", "::ffff:0:127.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
                 "64:ff9b::10.0.0.1", "64:ff9b:1::8.8.8.8", "2002:7f00:1::1", "2002:a00:1::1",
                 "2001:0:4136:e378:8000:63bf:3fff:fdd2", "100::1", "100:0:0:1::1", "2001:db8::1", "3fff::1",
                 "fec0::1", "::", "::1", "192.0.2.1", "198.51.100.1", "203.0.113.1"]
        for host in forms:
            with self.subTest(host=host):
                literal = "[%s]" % host if ":" in host else host
                started = time.monotonic()
                status, headers, html = self.get(
                    authorize_path("https://%s/client.json" % literal, scope="production"))
                self.assertEqual(status, 400, html[:300])
                self.assertIn("resolves to a non-public address", html)
                self.assertNotIn("location", headers)
                self.assertLess(time.monotonic() - started, 1.0)  # refused before any connect
        self.assertGreaterEqual(self.refusals("metadata_non_public_address", scope="production"), len(forms))

    # --- 9. bad numbers are 400s ----------------------------------------------------------------------
    def test_5_out_of_range_ports_are_400_pages(self):
        before = self.refusals("invalid_client_id")
        ports = ["99999999999999999999", "70000", "65536", "0"]
        for port in ports:
            with self.subTest(port=port):
                status, headers, html = self.get(
                    authorize_path("https://localhost:%s/client.json" % port, scope="demo"))
                self.assertEqual(status, 400, html[:300])
                self.assertIn("port must be a number from 1 to 65535", html)
                self.assertNotIn("location", headers)
        self.assertEqual(self.refusals("invalid_client_id"), before + len(ports))
        # Neither registered nor a metadata URL: a different reason.
        unknown = self.refusals("unknown_client")
        status, _, html = self.get(authorize_path("never-registered"))
        self.assertEqual(status, 400, html[:300])
        self.assertIn("unknown client_id never-registered", html)
        self.assertEqual(self.refusals("unknown_client"), unknown + 1)

    # --- 4. lockout is not a denial of service -----------------------------------------------------------
    def test_6_guessing_from_one_address_does_not_lock_the_user_out_elsewhere(self):
        attacker, victim = "203.0.113.50", "198.51.100.60"
        before = self.refusals("locked_out_user_address")
        form = self.open_form(attacker)
        for _ in range(3):
            status, _, _ = self.post_form(form, "carol", "guess", attacker)
            self.assertEqual(status, 401)
        started = time.monotonic()
        status, headers, page = self.post_form(form, "carol", PASSWORD, attacker)
        self.assertLess(time.monotonic() - started, 1.0)  # answered at once, no server-side sleep
        self.assertEqual(status, 429)
        self.assertIn("Too many failed sign-ins.", page)
        retry_after = int(headers["retry-after"])
        self.assertTrue(800 < retry_after <= 900, retry_after)
        self.assertEqual(self.refusals("locked_out_user_address"), before + 1)
        status, headers, _ = self.post_form(self.open_form(victim), "carol", PASSWORD, victim)
        self.assertEqual(status, 302)
        self.assertIn("code=", headers["location"])

    def test_7_one_address_guessing_many_users_is_throttled(self):
        attacker = "203.0.113.70"
        before = self.refusals("locked_out_address")
        form = self.open_form(attacker)
        for i in range(6):
            status, _, _ = self.post_form(form, "nobody%d" % i, "guess", attacker)
            self.assertEqual(status, 401)
        status, headers, _ = self.post_form(form, "erin", PASSWORD, attacker)
        self.assertEqual(status, 429)
        self.assertIn("retry-after", headers)
        self.assertEqual(self.refusals("locked_out_address"), before + 1)
        status, _, _ = self.post_form(self.open_form("198.51.100.71"), "erin", PASSWORD, "198.51.100.71")
        self.assertEqual(status, 302)

    def test_8_guessing_spread_over_many_addresses_meets_the_per_user_ceiling(self):
        before = self.refusals("locked_out_user")
        for i in range(6):  # 6 addresses x 2 guesses: under 3 per address, 12 for the user in all
            address = "203.0.113.%d" % (100 + i)
            form = self.open_form(address)
            for _ in range(2):
                status, _, _ = self.post_form(form, "dave", "guess", address)
                self.assertEqual(status, 401)
        clean = "198.51.100.80"
        status, headers, _ = self.post_form(self.open_form(clean), "dave", PASSWORD, clean)
        self.assertEqual(status, 429)
        self.assertIn("retry-after", headers)
        self.assertEqual(self.refusals("locked_out_user"), before + 1)

    # --- 5. pending sign-ins per address ------------------------------------------------------------------
    def test_9_a_flood_of_authorize_requests_keeps_a_victims_pending_sign_in(self):
        victim = "198.51.100.90"
        form = self.open_form(victim)
        for a in range(5):  # 5 addresses x 30 forms: the scope holds 40, each address 5
            for _ in range(30):
                self.open_form("203.0.113.%d" % (200 + a))
        status, headers, page = self.post_form(form, "frank", PASSWORD, victim)
        self.assertEqual(status, 302, page)
        self.assertIn("code=", headers["location"])

    def test_9b_an_address_that_opens_too_many_forms_loses_its_own_oldest(self):
        flooder = "203.0.113.210"
        before = self.refusals("sign_in_expired")
        oldest = self.open_form(flooder)
        for _ in range(5):  # past the 5 this address may hold
            self.open_form(flooder)
        status, headers, page = self.post_form(oldest, "frank", PASSWORD, flooder)
        self.assertEqual(status, 400, (headers, page))
        self.assertIn("Sign-in expired", page)
        self.assertEqual(self.refusals("sign_in_expired"), before + 1)

    def test_9c_completed_sign_ins_no_longer_count_against_their_address(self):
        """More sign-ins from one address than it may hold pending, each completed before the next: the next
        form still opens and completes. (A completed sign-in once kept counting: past the bound, opening a
        form spun forever with the store locked.)"""
        address = "203.0.113.230"
        for i in range(8):  # the address may hold 5 pending
            with self.subTest(sign_in=i):
                status, headers, page = self.post_form(self.open_form(address), "frank", PASSWORD, address)
                self.assertEqual(status, 302, page)
                self.assertIn("code=", headers["location"])

    # --- 7. refresh replay inside the grace -----------------------------------------------------------
    def test_a_refresh_replays_inside_the_grace_get_the_same_tokens(self):
        verifier, challenge = pkce_pair()
        q = {"response_type": "code", "client_id": self.client_id, "redirect_uri": CALLBACK, "state": "s",
             "code_challenge": challenge, "code_challenge_method": "S256"}
        status, _, html = self.get("/demo/authorize?" + urllib.parse.urlencode(q), "198.51.100.99")
        self.assertEqual(status, 200)
        status, headers, _ = self.post_form(form_fields(html), "frank", PASSWORD, "198.51.100.99")
        self.assertEqual(status, 302)
        code = query_of(headers["location"])["code"]
        status, _, tokens = self.http.post_form("/demo/token", {
            "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK,
            "code_verifier": verifier, "client_id": self.client_id})
        self.assertEqual(status, 200, tokens)
        first = tokens["refresh_token"]
        answers = []

        def refresh():
            answers.append(self.http.post_form("/demo/token", {
                "grant_type": "refresh_token", "refresh_token": first, "client_id": self.client_id}))

        workers = [threading.Thread(target=refresh) for _ in range(4)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=20)
        replay = self.http.post_form("/demo/token", {
            "grant_type": "refresh_token", "refresh_token": first, "client_id": self.client_id})
        answers.append(replay)
        self.assertEqual([a[0] for a in answers], [200] * 5, answers)
        # One successor pair, whatever the number of concurrent or repeated presentations: no second chain.
        self.assertEqual(len({a[2]["refresh_token"] for a in answers}), 1)
        self.assertEqual(len({a[2]["access_token"] for a in answers}), 1)
        successor = answers[0][2]["refresh_token"]
        status, _, third = self.http.post_form("/demo/token", {
            "grant_type": "refresh_token", "refresh_token": successor, "client_id": self.client_id})
        self.assertEqual(status, 200, third)
        # The client moved on: the first token again is refused (inside its grace, so nothing is revoked).
        status, _, body = self.http.post_form("/demo/token", {
            "grant_type": "refresh_token", "refresh_token": first, "client_id": self.client_id})
        self.assertEqual((status, body["error"]), (400, "invalid_grant"))
        status, _, fourth = self.http.post_form("/demo/token", {
            "grant_type": "refresh_token", "refresh_token": third["refresh_token"], "client_id": self.client_id})
        self.assertEqual(status, 200, fourth)

    # --- throughout: /health of an unrelated scope ------------------------------------------------------
    def test_z_health_of_an_unrelated_scope_stayed_fast(self):
        samples = sorted(self.health.samples)
        self.assertGreater(len(samples), 20)
        self.assertEqual(self.health.failures, [])
        median, worst = samples[len(samples) // 2], samples[-1]
        print("\n  /other/health during the abuse: %d samples, median %.1f ms, max %.1f ms"
              % (len(samples), median * 1000, worst * 1000))
        self.assertLess(worst, 1.0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
