"""Three gateway replicas sharing their state in a real redis-server (free port, no persistence), one
tenants.yaml, a real NGINX in front with the site `mssql-mcp-gateway nginx-config --upstream …` generates for all
three. Everything is started once; the tests run in order, each on what the previous left:

  0. the official SDK client's whole OAuth flow (discovery, registration, the sign-in form, code exchange,
     refreshes) and tools/call through NGINX, whose round robin sends each request to another replica;
  1. a sign-in on replica A, the code redeemed on B, tool calls through NGINX (round robin: every replica
     answers some) and on each replica directly;
  2. a refresh on B rotates the token A issued (the rotation is in Redis), and the new tokens work everywhere;
  3. a code cannot be redeemed twice, even by two replicas at the same instant;
  4. an MCP session initialized on A is honoured by B and ended on C; a legacy SSE stream held by A answers, in
     order, the POSTs that land on B (relayed through Redis pub/sub), for its own client only;
  5. kill -9 of a replica in the middle of a flow loses nothing: its code is redeemed elsewhere, NGINX passes
     requests to the others, and the replica restarted on its port serves the tokens at once;
  6. a Redis restart: OAuth endpoints (also a sign-in form posted) answer 503 with Retry-After while it is
     away, tool calls with a token
     validated in the last 60 s keep working (on the replica that validated it), others are 503, and when Redis
     is back (empty: no persistence) everything works again without restarting a gateway;
  7. `migrate-state` copies a journal-mode gateway's clients and live tokens into Redis: its token and refresh
     token work on the replicas, no new sign-in;
  8. a client ID metadata document fetched by one replica serves them all (the cache is in Redis, for the
     document's max-age)."""
import hashlib
import json
import os
import signal
import ssl
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

from gwtest.documents import DocumentServer
from gwtest.http_client import Http, SseStream, initialize_body, tools_call
from gwtest.nginx import NginxInFront, TestCertificates
from gwtest.oauth import form_fields, hash_password, pkce_pair, query_of, sign_in
from gwtest.processes import Devserver, Gateway, free_port, gateway_binary
from gwtest.redis_server import RedisServer
from gwtest.sdk import SdkFlow, check_full_flow, check_resumed_flow

ALICE_PW = "wonderland-42"
CALLBACK = "https://claude.ai/api/mcp/auth_callback"
QUERY = "SELECT RegionID, RegionName FROM sales.Regions WHERE RegionID = 4"
ROWS = [[4, "Southwest"]]
SLOW_QUERY = "SELECT COUNT(*) AS pairs FROM OrderDetails a CROSS JOIN OrderDetails b"


def config_text(db, public, redis_url):
    return f"""
server:
  data_dir: "@DATA_DIR@"
  public_base_url: {public}
  trusted_proxies: [127.0.0.1/32]
  state_store: {redis_url}
scopes:
  demo:
    database: {db.database_yaml()}
    oauth:
      cimd_allow_private_addresses: true  # the document server below is on loopback
      users:
        - name: alice
          password_hash: "{hash_password(ALICE_PW)}"
"""


def https(port, ca):
    """Requests through NGINX over TLS, the test CA verified."""
    return Http(port, tls=True, host="localhost", context=ssl.create_default_context(cafile=ca))


def mcp_headers(token, session=None):
    headers = {"Authorization": "Bearer " + token, "Accept": "application/json, text/event-stream",
               "MCP-Protocol-Version": "2025-11-25"}
    if session:
        headers["Mcp-Session-Id"] = session
    return headers


def call_sql(client, token, session=None):
    """(status, rows or the body): execute_sql of QUERY."""
    status, headers, body = client.post_json("/demo/mcp", {
        "jsonrpc": "2.0", "id": 7, "method": "tools/call",
        "params": {"name": "execute_sql", "arguments": {"query": QUERY}}}, headers=mcp_headers(token, session))
    if status != 200:
        return status, body
    return status, body["result"]["structuredContent"]["resultSets"][0]["rows"]


class ReplicasTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.redis = RedisServer()
        cls.db = Devserver()
        cls.certs = TestCertificates(tempfile.mkdtemp(prefix="replicas-certs-"))
        https_port = free_port()
        cls.public = "https://localhost:%d" % https_port
        cls.config = config_text(cls.db, cls.public, cls.redis.url)
        cls.docs = DocumentServer(tempfile.mkdtemp(prefix="replicas-cimd-"))
        cls.env = {"SSL_CERT_FILE": cls.docs.ca}
        cls.replicas = [Gateway(cls.config, env=cls.env) for _ in range(3)]
        cls.nginx = NginxInFront(cls.replicas[0], cls.replicas[0].config_path, https_port=https_port,
                                 certificates=cls.certs, upstream_ports=[g.port for g in cls.replicas])
        cls.front = https(https_port, cls.certs.ca)
        cls.tokens = {}

    @classmethod
    def tearDownClass(cls):
        cls.nginx.stop()
        for replica in cls.replicas:
            replica.stop()
        cls.db.stop()
        cls.redis.kill()
        cls.docs.httpd.shutdown()
        for replica in cls.replicas:
            assert ALICE_PW not in replica.log_text(), "a password reached the log"

    def direct(self, index):
        return Http(self.replicas[index].port)

    # The OAuth steps, each on the replica (or NGINX) a test names.
    def register(self, client):
        status, _, reg = client.post_json("/demo/register", {
            "redirect_uris": [CALLBACK], "token_endpoint_auth_method": "none", "client_name": "Replicas test",
            "grant_types": ["authorization_code", "refresh_token"]})
        self.assertEqual(status, 201, reg)
        return reg["client_id"]

    def code(self, client, client_id, challenge):
        query = urllib.parse.urlencode({
            "response_type": "code", "client_id": client_id, "redirect_uri": CALLBACK, "state": "s",
            "code_challenge": challenge, "code_challenge_method": "S256",
            "resource": self.public + "/demo/mcp", "scope": "mssql.read"})
        status, headers, _ = sign_in(client, "/demo/authorize?" + query, "alice", ALICE_PW, origin=self.public)
        self.assertEqual(status, 302)
        return query_of(headers["location"])["code"]

    @staticmethod
    def redeem(client, client_id, code, verifier):
        return client.post_form("/demo/token", {
            "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK,
            "code_verifier": verifier, "client_id": client_id})

    @staticmethod
    def refresh(client, client_id, refresh_token):
        return client.post_form("/demo/token", {
            "grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client_id})

    def tokens_via(self, sign_in_on, redeem_on, register_on=None):
        client_id = self.register(register_on or self.front)
        verifier, challenge = pkce_pair()
        code = self.code(sign_in_on, client_id, challenge)
        status, _, tokens = self.redeem(redeem_on, client_id, code, verifier)
        self.assertEqual(status, 200, tokens)
        return client_id, tokens

    def test_0_the_sdk_flow_through_nginx_whichever_replica_answers(self):
        sdk = SdkFlow(env={"NODE_EXTRA_CA_CERTS": self.certs.ca})
        state = os.path.join(tempfile.mkdtemp(prefix="replicas-sdk-"), "demo-mcp.json")
        before = {i: len(r.log_lines) for i, r in enumerate(self.replicas)}
        result = sdk.run("full", self.public + "/demo", "mcp", state, "alice", ALICE_PW, QUERY)
        check_full_flow(self, result, self.public, "demo", "mcp", ROWS)
        check_resumed_flow(self, sdk.run("resume", self.public + "/demo", "mcp", state, "alice", ALICE_PW, QUERY),
                           "demo", "mcp", ROWS)
        # Every replica served part of it (NGINX's round robin), yet nothing had to be repeated.
        for index, replica in enumerate(self.replicas):
            self.assertGreater(len(replica.log_lines), before[index], "replica %d served nothing" % index)

    def test_1_sign_in_on_a_redeem_on_b_tools_everywhere(self):
        client_id, tokens = self.tokens_via(self.direct(0), self.direct(1))
        self.tokens["first"] = (client_id, tokens)
        access = tokens["access_token"]
        for index in range(3):
            self.assertEqual(call_sql(self.direct(index), access), (200, ROWS), "replica %d" % index)
        before = self.nginx.access_log().count('"POST /demo/mcp HTTP/1.1" 200')
        for _ in range(6):
            self.assertEqual(call_sql(self.front, access), (200, ROWS))
        self.assertEqual(self.nginx.access_log_count('"POST /demo/mcp HTTP/1.1" 200', before + 6), before + 6)

    def test_2_a_refresh_on_b_rotates_the_token_a_issued(self):
        client_id, first = self.tokens["first"]
        # Issued by A's and B's shared store; refreshed on B.
        status, _, second = self.refresh(self.direct(1), client_id, first["refresh_token"])
        self.assertEqual(status, 200, second)
        self.assertNotEqual(second["refresh_token"], first["refresh_token"])
        rotated = self.redis.hget("gw:demo:token:" + hashlib.sha256(first["refresh_token"].encode()).hexdigest(),
                                  "rotated_at")
        self.assertIsNotNone(rotated)
        self.assertNotEqual(rotated, "0", "the rotation is in the shared store")
        # A (which never saw the refresh) honours the new tokens and rotates the new refresh token further.
        self.assertEqual(call_sql(self.direct(0), second["access_token"]), (200, ROWS))
        status, _, third = self.refresh(self.direct(0), client_id, second["refresh_token"])
        self.assertEqual(status, 200, third)
        self.assertEqual(call_sql(self.direct(2), third["access_token"]), (200, ROWS))
        self.tokens["latest"] = (client_id, third)

    def test_3_a_code_is_redeemed_once_across_replicas(self):
        client_id = self.register(self.front)
        verifier, challenge = pkce_pair()
        code = self.code(self.direct(0), client_id, challenge)
        results = [None, None]

        def redeem(slot, index):
            results[slot] = self.redeem(self.direct(index), client_id, code, verifier)

        threads = [threading.Thread(target=redeem, args=(0, 1)), threading.Thread(target=redeem, args=(1, 2))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        # One of the two is the replay and is refused; it revokes what the code issued (RFC 6749 §10.5), so
        # the other either got tokens that are revoked at once, or (the revocation came first) nothing.
        refused = [r[2] for r in results if r[0] == 400]
        issued = [r[2] for r in results if r[0] == 200]
        self.assertEqual((len(refused) >= 1, len(refused) + len(issued)), (True, 2), results)
        for body in refused:
            self.assertEqual((body["error"], body["error_description"]),
                             ("invalid_grant", "authorization code was already used; its tokens are revoked"))
        for tokens in issued:
            for index in range(3):
                self.assertEqual(call_sql(self.direct(index), tokens["access_token"])[0], 401)

    def test_4_an_mcp_session_of_a_is_honoured_by_b_and_ended_on_c(self):
        _, tokens = self.tokens["latest"]
        access = tokens["access_token"]
        status, headers, body = self.direct(0).post_json("/demo/mcp", {
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                       "clientInfo": {"name": "replicas-test", "version": "1"}}}, headers=mcp_headers(access))
        self.assertEqual(status, 200, body)
        session = headers["mcp-session-id"]
        status, _, _ = self.direct(1).post_json("/demo/mcp", {"jsonrpc": "2.0", "method": "notifications/initialized"},
                                                headers=mcp_headers(access, session))
        self.assertEqual(status, 202)
        self.assertEqual(call_sql(self.direct(1), access, session), (200, ROWS))
        self.assertEqual(call_sql(self.direct(2), access, session), (200, ROWS))
        status, _, _ = self.direct(2).request("DELETE", "/demo/mcp", headers=mcp_headers(access, session))
        self.assertEqual(status, 204)
        # Ended for every replica, also those holding it (A created it, B used it).
        for index in range(3):
            self.assertEqual(call_sql(self.direct(index), access, session)[0], 404, "replica %d" % index)

    def test_4b_legacy_sse_posts_on_b_are_answered_on_the_stream_a_holds(self):
        _, tokens = self.tokens["latest"]
        auth = {"Authorization": "Bearer " + tokens["access_token"]}
        stream = SseStream(self.replicas[0].port, "/demo/sse", auth)
        try:
            self.assertEqual(stream.status, 200)
            stream.read_until("\n\n")
            event, endpoint = stream.events()[0]
            self.assertEqual(event, "endpoint")
            # A tools/call that takes a while (a count over 4 million pairs) before a tools/list and a ping:
            # answered concurrently, the quick ones would overtake it.
            posts = [initialize_body("2024-11-05", 1), {"jsonrpc": "2.0", "method": "notifications/initialized"},
                     tools_call(SLOW_QUERY, 2), {"jsonrpc": "2.0", "id": 3, "method": "tools/list"},
                     {"jsonrpc": "2.0", "id": 4, "method": "ping"}]
            for message in posts:
                body = message if isinstance(message, str) else json.dumps(message)
                status, _, text = self.direct(1).request("POST", endpoint, body, auth)
                self.assertEqual(status, 202, text)
            stream.read_until('"id":4', 30)
            answers = [json.loads(data) for event, data in stream.events()[1:] if event == "message"]
            self.assertEqual([a.get("id") for a in answers], [1, 2, 3, 4], stream.text)
            self.assertEqual(answers[0]["result"]["protocolVersion"], "2024-11-05")
            # 2024-11-05 has no structuredContent: the rows travel as text.
            self.assertFalse(answers[1]["result"].get("isError"), answers[1])
            self.assertIn("pairs", json.dumps(answers[1]["result"]["content"]))
            self.assertIn("execute_sql", [t["name"] for t in answers[2]["result"]["tools"]])
            # Another client presenting the session id, and an id nobody holds: 404, as on the stream's replica.
            _, other = self.tokens_via(self.direct(2), self.direct(2))
            status, _, text = self.direct(2).request("POST", endpoint, json.dumps({"jsonrpc": "2.0", "id": 5,
                                                     "method": "ping"}),
                                                     {"Authorization": "Bearer " + other["access_token"]})
            self.assertEqual(status, 404, text)
            status, _, _ = self.direct(2).request("POST", "/demo/messages?session_id=unknown", "{}", auth)
            self.assertEqual(status, 404)
        finally:
            stream.close()
        # Closed on A: B no longer relays (the record is gone as the stream ends).
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            status, _, _ = self.direct(1).request("POST", endpoint, json.dumps({"jsonrpc": "2.0", "id": 6,
                                                  "method": "ping"}), auth)
            if status == 404:
                break
            time.sleep(0.1)
        self.assertEqual(status, 404)

    def test_5_kill9_of_a_replica_in_the_middle_of_a_flow_loses_nothing(self):
        client_id = self.register(self.front)
        verifier, challenge = pkce_pair()
        code = self.code(self.direct(2), client_id, challenge)
        victim = self.replicas[2]
        victim.proc.send_signal(signal.SIGKILL)
        victim.proc.wait(timeout=10)
        status, _, tokens = self.redeem(self.front, client_id, code, verifier)
        self.assertEqual(status, 200, tokens)
        for _ in range(6):  # NGINX passes what the dead replica refuses to the live ones
            self.assertEqual(call_sql(self.front, tokens["access_token"]), (200, ROWS))
        restarted = Gateway(self.config, env=self.env, port=victim.port)
        self.replicas[2] = restarted
        self.assertEqual(call_sql(self.direct(2), tokens["access_token"]), (200, ROWS))
        status, _, _ = self.refresh(self.direct(2), client_id, tokens["refresh_token"])
        self.assertEqual(status, 200)

    def test_6_a_redis_restart_is_survived(self):
        client_id, tokens = self.tokens_via(self.direct(0), self.direct(0))
        access = tokens["access_token"]
        self.assertEqual(call_sql(self.direct(0), access), (200, ROWS))  # validated on A just now
        # A sign-in form served before the outage and posted during it: 503 (try again), not "expired".
        _, challenge = pkce_pair()
        status, _, html = self.direct(0).request("GET", "/demo/authorize?" + urllib.parse.urlencode({
            "response_type": "code", "client_id": client_id, "redirect_uri": CALLBACK, "state": "s",
            "code_challenge": challenge, "code_challenge_method": "S256",
            "resource": self.public + "/demo/mcp", "scope": "mssql.read"}))
        self.assertEqual(status, 200, html)
        action, form = form_fields(html)
        form.update({"username": "alice", "password": ALICE_PW, "action": "allow"})
        self.redis.kill()
        try:
            status, headers, page = self.direct(1).post_form(urllib.parse.urlsplit(action).path, form,
                                                             {"Origin": self.public})
            self.assertEqual(status, 503, page)
            self.assertGreater(int(headers["retry-after"]), 0)
            self.assertIn("Try again in a minute", page)
            status, headers, body = self.refresh(self.direct(1), client_id, tokens["refresh_token"])
            self.assertEqual(status, 503, body)
            self.assertEqual(body["error"], "temporarily_unavailable")
            self.assertGreater(int(headers["retry-after"]), 0)
            status, headers, _ = self.direct(2).post_json("/demo/register", {"redirect_uris": [CALLBACK]})
            self.assertEqual(status, 503)
            self.assertIn("retry-after", headers)
            # A validated the token within 60 s: its tool calls carry on; B never did: 503, not 401.
            self.assertEqual(call_sql(self.direct(0), access), (200, ROWS))
            status, headers, _ = self.direct(1).post_json("/demo/mcp", {
                "jsonrpc": "2.0", "id": 8, "method": "tools/list"}, headers=mcp_headers(access))
            self.assertEqual(status, 503)
            self.assertIn("retry-after", headers)
            self.assertIn("state store unreachable", self.replicas[1].log_text())
        finally:
            self.redis.start()
        # Back, empty (no persistence): once A's back-off (0.5 s) has passed it reads Redis again, where the old
        # token is unknown; a new sign-in works on the same processes.
        deadline = time.monotonic() + 5
        while call_sql(self.direct(0), access)[0] != 401 and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertEqual(call_sql(self.direct(0), access)[0], 401)
        _, fresh = self.tokens_via(self.direct(1), self.front)
        for index in range(3):
            self.assertEqual(call_sql(self.direct(index), fresh["access_token"]), (200, ROWS))
        self.assertIn("state store reachable again", self.replicas[1].log_text())

    def test_7_migrate_state_moves_a_journal_gateway_to_redis(self):
        journal = Gateway(self.config.replace("state_store: " + self.redis.url, "state_store: journal"))
        client_id, tokens = self.tokens_via(Http(journal.port), Http(journal.port), Http(journal.port))
        self.assertEqual(journal.stop(), 0)
        done = subprocess.run([gateway_binary(), "migrate-state", "--config", journal.config_path,
                               "--to", "${GW_TEST_REDIS_URL}"], capture_output=True, text=True, timeout=30,
                              env=dict(os.environ, GW_TEST_REDIS_URL=self.redis.url))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertRegex(done.stdout, r"demo +1 clients, 2 live tokens copied to redis://127\.0\.0\.1:")
        for index in range(3):
            self.assertEqual(call_sql(self.direct(index), tokens["access_token"]), (200, ROWS))
        status, _, _ = self.refresh(self.front, client_id, tokens["refresh_token"])
        self.assertEqual(status, 200)
        done = subprocess.run([gateway_binary(), "migrate-state", "--config", journal.config_path, "--to", "journal"],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual((done.returncode, done.stderr), (2, "--to: expected redis://…, the store to copy into\n"))

    def test_8_a_metadata_document_fetched_by_one_replica_serves_all(self):
        client_id = self.docs.url("/replicas.json")
        self.docs.add("/replicas.json", {"client_id": client_id, "client_name": "Shared CIMD",
                                         "redirect_uris": [CALLBACK], "token_endpoint_auth_method": "none"},
                      headers={"Cache-Control": "max-age=600"})
        _, challenge = pkce_pair()
        path = "/demo/authorize?" + urllib.parse.urlencode({
            "response_type": "code", "client_id": client_id, "redirect_uri": CALLBACK, "state": "s",
            "code_challenge": challenge, "code_challenge_method": "S256"})
        for index in range(3):
            status, _, html = self.direct(index).request("GET", path)
            self.assertEqual(status, 200, html[:500])
            self.assertIn("Shared CIMD", html)
        self.assertEqual(self.docs.hits["/replicas.json"], 1, "one fetch serves every replica")
        ttl = int(self.redis.command("TTL", "gw:demo:cimd:" + client_id).strip().lstrip(":"))
        self.assertTrue(0 < ttl <= 600, ttl)
        # A cached document is not a registered client.
        self.assertEqual(self.redis.command("EXISTS", "gw:demo:client:" + client_id), ":0\r\n")


if __name__ == "__main__":
    unittest.main(verbosity=2, failfast=True)
