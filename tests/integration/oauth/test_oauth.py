"""The OAuth 2.1 authorization servers of two scopes over real HTTP on loopback: discovery under every
path clients try, dynamic registration and its refusals, the sign-in page, PKCE, codes, refresh
rotation, revocation, cross-scope isolation, body limits, durability across restart and kill -9, and
password hashes refused at config load."""
import base64
import os
import signal
import subprocess
import tempfile
import unittest
import urllib.parse

from gwtest.fixtures import GatewayTest, fill
from gwtest.oauth import (CLAUDE_CALLBACK, OAuthFlow, form_fields, hash_password, pkce_pair,
                          query_of, sign_in)
from gwtest.processes import Gateway, gateway_binary
from oauth_scopes import ALICE_PW, BOB_PW, CONFIG, OAuthScopesTest


class OAuthTest(OAuthScopesTest):
    # --- discovery -------------------------------------------------------------------------------------
    def test_authorization_server_metadata_under_every_path(self):
        base = self.http.base
        paths = ["/.well-known/oauth-authorization-server/demo", "/.well-known/openid-configuration/demo",
                 "/demo/.well-known/openid-configuration", "/demo/.well-known/oauth-authorization-server",
                 "/.well-known/oauth-authorization-server/demo/mcp", "/.well-known/openid-configuration/demo/mcp",
                 "/.well-known/oauth-authorization-server/demo/sse", "/demo/mcp/.well-known/oauth-authorization-server",
                 "/demo/sse/.well-known/openid-configuration", "/Demo/.well-known/oauth-authorization-server/",
                 "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration",
                 "/.well-known/oauth-authorization-server/sse"]
        for path in paths:
            with self.subTest(path=path):
                status, headers, doc = self.http.get_json(path)
                self.assertEqual(status, 200)
                self.assertEqual(headers["content-type"], "application/json")
                self.assertEqual(headers["access-control-allow-origin"], "*")
                self.assertEqual(doc["issuer"], base + "/demo")
                self.assertEqual(doc["authorization_endpoint"], base + "/demo/authorize")
                self.assertEqual(doc["token_endpoint"], base + "/demo/token")
                self.assertEqual(doc["registration_endpoint"], base + "/demo/register")
                self.assertEqual(doc["revocation_endpoint"], base + "/demo/revoke")
                self.assertEqual(doc["code_challenge_methods_supported"], ["S256"])
                self.assertEqual(doc["response_types_supported"], ["code"])
                self.assertEqual(doc["grant_types_supported"], ["authorization_code", "refresh_token"])
                self.assertIn("none", doc["token_endpoint_auth_methods_supported"])
                self.assertIn("client_secret_basic", doc["token_endpoint_auth_methods_supported"])
                self.assertIn("client_secret_post", doc["token_endpoint_auth_methods_supported"])
                self.assertTrue(doc["authorization_response_iss_parameter_supported"])
                self.assertTrue(doc["client_id_metadata_document_supported"])
                self.assertEqual(doc["scopes_supported"], ["mssql.read"])
        status, _, doc = self.http.get_json("/.well-known/oauth-authorization-server/production")
        self.assertEqual(status, 200)
        self.assertEqual(doc["issuer"], base + "/production")
        self.assertEqual(doc["scopes_supported"], ["mssql.read", "mssql.write"])

    def test_protected_resource_metadata_names_the_url_typed(self):
        base = self.http.base
        cases = {
            "/.well-known/oauth-protected-resource/demo/mcp": "/demo/mcp",
            "/.well-known/oauth-protected-resource/demo/sse": "/demo/sse",
            "/.well-known/oauth-protected-resource/demo": "/demo/mcp",
            "/demo/.well-known/oauth-protected-resource": "/demo/mcp",
            "/demo/mcp/.well-known/oauth-protected-resource": "/demo/mcp",
            "/demo/sse/.well-known/oauth-protected-resource": "/demo/sse",
            "/demo/.well-known/oauth-protected-resource/sse": "/demo/sse",
            "/.well-known/oauth-protected-resource": "/demo/mcp",
            "/.well-known/oauth-protected-resource/sse": "/demo/sse",
            "/.well-known/oauth-protected-resource/production/mcp": "/production/mcp",
            # RFC 9728 §3.3 compares `resource` with the URL the client used, as strings: echoed as typed.
            "/.well-known/oauth-protected-resource/PRODUCTION/mcp/": "/PRODUCTION/mcp",
            "/.well-known/oauth-protected-resource/Demo/MCP": "/Demo/MCP",
        }
        for path, resource in cases.items():
            with self.subTest(path=path):
                status, headers, doc = self.http.get_json(path)
                self.assertEqual(status, 200)
                self.assertEqual(headers["content-type"], "application/json")
                self.assertEqual(headers["access-control-allow-origin"], "*")
                self.assertEqual(doc["resource"], base + resource)
                scope = resource.split("/")[1].lower()
                self.assertEqual(doc["authorization_servers"], [base + "/" + scope])
                self.assertEqual(doc["bearer_methods_supported"], ["header"])

    def test_unknown_well_known_documents_are_404_json(self):
        for path in ["/demo/.well-known/security.txt", "/.well-known/oauth-protected-resource/demo/x/y"]:
            with self.subTest(path=path):
                status, headers, _ = self.http.request("GET", path)
                self.assertEqual(status, 404)
                self.assertEqual(headers["content-type"], "application/json")

    # --- registration ----------------------------------------------------------------------------------
    def test_registration_public_and_confidential(self):
        status, headers, reg = self.http.post_json("/demo/register", {
            "redirect_uris": [CLAUDE_CALLBACK], "token_endpoint_auth_method": "none", "client_name": "Claude"})
        self.assertEqual(status, 201)
        self.assertEqual(headers["content-type"], "application/json")
        self.assertEqual(headers["cache-control"], "no-store")
        self.assertNotIn("client_secret", reg)
        self.assertEqual(reg["redirect_uris"], [CLAUDE_CALLBACK])
        self.assertEqual(reg["client_name"], "Claude")
        status, _, reg = self.http.post_json("/demo/register", {
            "redirect_uris": ["http://localhost:8765/cb"], "token_endpoint_auth_method": "client_secret_post"})
        self.assertEqual(status, 201)
        self.assertEqual(len(reg["client_secret"]), 43)
        self.assertEqual(reg["client_secret_expires_at"], 0)

    def test_registration_refuses_redirect_uris(self):
        refused = ["https://claude.ai.evil.com/cb", "https://evilclaude.ai/cb", "https://user@claude.ai@evil.com/cb",
                   "https://claude.ai/cb#frag", "http://claude.ai/cb", "http://10.0.0.1/cb", "javascript:alert(1)",
                   "cursor://cb", "https://claude.ai./cb"]
        for uri in refused:
            with self.subTest(uri=uri):
                status, _, body = self.http.post_json("/demo/register", {"redirect_uris": [uri]})
                self.assertEqual(status, 400)
                self.assertEqual(body["error"], "invalid_redirect_uri")
        status, _, body = self.http.post_json("/demo/register", {"redirect_uris": [CLAUDE_CALLBACK],
                                                                 "grant_types": ["password"]})
        self.assertEqual((status, body["error"]), (400, "invalid_client_metadata"))
        status, _, body = self.http.request("POST", "/demo/register", "not json", {"Content-Type": "application/json"})
        self.assertEqual(status, 400)

    def test_registrations_are_rate_limited_per_address(self):
        # Each scope has its own limiter: 100 registrations per address per 10 minutes.
        doc = {"redirect_uris": [CLAUDE_CALLBACK], "token_endpoint_auth_method": "none"}
        statuses = [self.http.post_json("/crowded/register", doc)[0] for _ in range(100)]
        self.assertEqual(statuses, [201] * 100)
        status, _, body = self.http.post_json("/crowded/register", doc)
        self.assertEqual((status, body["error"]), (429, "temporarily_unavailable"))
        self.assertEqual(self.http.post_json("/demo/register", doc)[0], 201)  # per scope

    def test_bodies_too_large_are_refused(self):
        big = "x" * (70 * 1024)
        for path in ["/demo/register", "/demo/token", "/demo/authorize", "/demo/revoke"]:
            with self.subTest(path=path):
                status, _, _ = self.http.request("POST", path, big,
                                                 {"Content-Type": "application/x-www-form-urlencoded",
                                                  "Origin": self.http.base})
                self.assertEqual(status, 413)

    # --- authorize -------------------------------------------------------------------------------------
    def test_full_flow_with_refresh_rotation_and_revocation(self):
        flow = self.flow()
        status, _, html = self.http.request("GET", flow.authorize_url())
        self.assertEqual(status, 200)
        self.assertIn("Integration &lt;test&gt;", html)  # the client name, escaped
        self.assertIn("<code>claude.ai</code>", html)      # where the code will go
        self.assertNotIn("<script", html)
        status, headers, _ = sign_in(self.http, flow.authorize_url(), "alice", ALICE_PW)
        self.assertEqual(status, 302)
        location = headers["location"]
        self.assertTrue(location.startswith(CLAUDE_CALLBACK + "?code="))
        q = query_of(location)
        self.assertEqual(q["state"], "state-123")
        self.assertEqual(q["iss"], self.http.base + "/demo")
        status, headers, tokens = flow.redeem(q["code"])
        self.assertEqual(status, 200, tokens)
        self.assertEqual(headers["cache-control"], "no-store")
        self.assertEqual(headers["pragma"], "no-cache")
        self.assertEqual(headers["content-type"], "application/json")
        self.assertEqual(tokens["token_type"], "Bearer")
        self.assertEqual(tokens["expires_in"], 3600)
        self.assertEqual(tokens["scope"], "mssql.read")
        self.assertGreaterEqual(len(tokens["access_token"]), 43)
        # Refresh rotates; the old one dies; reusing it later revokes the family.
        status, _, second = flow.refresh(tokens["refresh_token"])
        self.assertEqual(status, 200, second)
        self.assertNotEqual(second["refresh_token"], tokens["refresh_token"])
        # Revocation of the new refresh token ends it.
        status, _, _ = self.http.post_form("/demo/revoke", {"token": second["refresh_token"],
                                                            "client_id": flow.client_id})
        self.assertEqual(status, 200)
        status, _, body = flow.refresh(second["refresh_token"])
        self.assertEqual((status, body["error"]), (400, "invalid_grant"))

    def test_json_token_bodies_are_accepted(self):
        flow = self.flow()
        code = flow.code()
        status, _, tokens = self.http.post_json("/demo/token", {
            "grant_type": "authorization_code", "code": code, "redirect_uri": flow.redirect,
            "code_verifier": flow.verifier, "client_id": flow.client_id})
        self.assertEqual(status, 200, tokens)

    def test_errors_before_the_redirect_is_trusted_are_pages(self):
        flow = self.flow()
        for overrides in [{"redirect_uri": "https://evil.com/cb"}, {"client_id": "no-such-client"},
                          {"client_id": None}, {"redirect_uri": "https://claude.ai.evil.com/api/mcp/auth_callback"}]:
            with self.subTest(overrides=overrides):
                status, headers, html = self.http.request("GET", flow.authorize_url(**overrides))
                self.assertEqual(status, 400)
                self.assertNotIn("location", headers)
                self.assertIn("text/html", headers["content-type"])

    def test_errors_after_the_redirect_is_trusted_redirect(self):
        flow = self.flow()
        cases = [({"code_challenge": None}, "invalid_request"),
                 ({"code_challenge_method": "plain"}, "invalid_request"),
                 ({"code_challenge_method": None}, "invalid_request"),
                 ({"response_type": "token"}, "unsupported_response_type"),
                 ({"resource": self.http.base + "/production/mcp"}, "invalid_target")]
        for overrides, error in cases:
            with self.subTest(overrides=overrides):
                status, headers, _ = self.http.request("GET", flow.authorize_url(**overrides))
                self.assertEqual(status, 302)
                q = query_of(headers["location"])
                self.assertTrue(headers["location"].startswith(CLAUDE_CALLBACK + "?"))
                self.assertEqual(q["error"], error)
                self.assertEqual(q["state"], "state-123")
                self.assertEqual(q["iss"], self.http.base + "/demo")

    def test_tolerated_scopes_and_resources(self):
        flow = self.flow()
        for overrides in [{"scope": ""}, {"scope": "read write"}, {"scope": None}, {"resource": None},
                          {"resource": self.http.base + "/Demo/mcp"}, {"resource": self.http.base + "/demo/sse"}]:
            with self.subTest(overrides=overrides):
                status, headers, _ = sign_in(self.http, flow.authorize_url(**overrides), "alice", ALICE_PW)
                self.assertEqual(status, 302)
                self.assertIn("code", query_of(headers["location"]))

    def test_sign_in_refusals_csrf_and_lockout(self):
        flow = self.flow()
        status, _, html = self.http.request("GET", flow.authorize_url())
        action, fields = form_fields(html)
        path = urllib.parse.urlsplit(action).path
        origin = {"Origin": self.http.base}
        no_csrf = {k: v for k, v in fields.items() if k != "csrf_token"}
        no_csrf.update({"username": "alice", "password": ALICE_PW})
        status, headers, _ = self.http.post_form(path, no_csrf, origin)
        self.assertEqual(status, 403)
        self.assertNotIn("location", headers)
        bad = dict(fields, username="alice", password="wrong")
        status, _, page = self.http.post_form(path, bad, origin)
        self.assertEqual(status, 401)
        self.assertIn("Wrong user name or password.", page)
        # A user of another scope cannot sign in here.
        status, _, _ = self.http.post_form(path, dict(fields, username="bob", password=BOB_PW), origin)
        self.assertEqual(status, 401)
        # A foreign Origin on the form POST is refused centrally.
        status, _, _ = self.http.post_form(path, dict(fields, username="alice", password=ALICE_PW),
                                           {"Origin": "https://evil.example"})
        self.assertEqual(status, 403)

    def test_lockout_after_repeated_failures(self):
        flow = self.flow(scope="demo")
        status, _, html = self.http.request("GET", flow.authorize_url())
        action, fields = form_fields(html)
        path = urllib.parse.urlsplit(action).path
        for _ in range(5):
            status, _, _ = self.http.post_form(path, dict(fields, username="mallory", password="nope"),
                                               {"Origin": self.http.base})
            self.assertEqual(status, 401)
        status, _, page = self.http.post_form(path, dict(fields, username="mallory", password="x"),
                                              {"Origin": self.http.base})
        self.assertEqual(status, 429)
        self.assertIn("Too many failed sign-ins.", page)

    # --- token -----------------------------------------------------------------------------------------
    def test_pkce_code_replay_and_client_binding(self):
        flow = self.flow()
        code = flow.code()
        status, _, body = flow.token_request({"grant_type": "authorization_code", "code": code,
                                              "redirect_uri": flow.redirect, "code_verifier": "x" * 43})
        self.assertEqual((status, body["error"]), (400, "invalid_grant"))
        # The wrong verifier consumed the code: it is single-use even when the attempt fails.
        code = flow.code()
        status, _, tokens = flow.redeem(code)
        self.assertEqual(status, 200)
        status, _, body = flow.redeem(code)
        self.assertEqual((status, body["error"]), (400, "invalid_grant"))
        status, _, body = flow.refresh(tokens["refresh_token"])
        self.assertEqual((status, body["error"]), (400, "invalid_grant"))  # replay revoked the grant
        status, _, body = flow.token_request({"grant_type": "authorization_code", "code": flow.code(),
                                              "redirect_uri": flow.redirect})
        self.assertEqual((status, body["error"]), (400, "invalid_request"))
        other = self.flow()
        status, _, body = other.redeem(flow.code())
        self.assertEqual((status, body["error"]), (400, "invalid_grant"))
        status, _, body = flow.token_request({"grant_type": "client_credentials"})
        self.assertEqual((status, body["error"]), (400, "unsupported_grant_type"))

    def test_refresh_rotation_issues_a_new_token_each_time(self):
        flow = self.flow()
        status, _, tokens = flow.redeem(flow.code())
        status, _, second = flow.refresh(tokens["refresh_token"])
        self.assertEqual(status, 200)
        status, _, third = flow.refresh(second["refresh_token"])
        self.assertEqual(status, 200)
        self.assertEqual(len({tokens["refresh_token"], second["refresh_token"], third["refresh_token"]}), 3)

    def test_confidential_clients(self):
        flow = self.flow(auth_method="client_secret_basic")
        code = flow.code()
        body = {"grant_type": "authorization_code", "code": code, "redirect_uri": flow.redirect,
                "code_verifier": flow.verifier}
        wrong = "Basic " + base64.b64encode(("%s:wrong" % flow.client_id).encode()).decode()
        status, headers, err = self.http.post_form("/demo/token", body, {"Authorization": wrong})
        self.assertEqual((status, err["error"]), (401, "invalid_client"))
        self.assertTrue(headers["www-authenticate"].startswith("Basic realm="))
        status, _, err = self.http.post_form("/demo/token", dict(body, client_id=flow.client_id,
                                                                client_secret="wrong"))
        self.assertEqual((status, err["error"]), (401, "invalid_client"))
        good = "Basic " + base64.b64encode(
            ("%s:%s" % (urllib.parse.quote(flow.client_id, safe=""),
                        urllib.parse.quote(flow.client_secret, safe=""))).encode()).decode()
        status, _, tokens = self.http.post_form("/demo/token", dict(body, code=flow.code()),
                                                {"Authorization": good})
        self.assertEqual(status, 200, tokens)

    def test_preregistered_confidential_client(self):
        verifier, challenge = pkce_pair()
        q = urllib.parse.urlencode({"response_type": "code", "client_id": "preregistered-confidential",
                                    "redirect_uri": CLAUDE_CALLBACK, "code_challenge": challenge,
                                    "code_challenge_method": "S256"})
        status, headers, _ = sign_in(self.http, "/demo/authorize?" + q, "alice", ALICE_PW)
        self.assertEqual(status, 302)
        code = query_of(headers["location"])["code"]
        request = {"grant_type": "authorization_code", "code": code, "code_verifier": verifier,
                   "client_id": "preregistered-confidential", "client_secret": "conf-secret-value"}
        # OAuth 2.1 §4.1.3: the authorization request named redirect_uri, so the token request must too.
        status, _, body = self.http.post_form("/demo/token", request)
        self.assertEqual((status, body["error"]), (400, "invalid_request"))
        status, headers, _ = sign_in(self.http, "/demo/authorize?" + q, "alice", ALICE_PW)
        request["code"] = query_of(headers["location"])["code"]
        status, _, tokens = self.http.post_form("/demo/token", dict(request, redirect_uri=CLAUDE_CALLBACK))
        self.assertEqual(status, 200, tokens)

    def test_tokens_of_one_scope_are_unknown_to_another(self):
        demo = self.flow()
        status, _, tokens = demo.redeem(demo.code())
        self.assertEqual(status, 200)
        # The same client id and refresh token presented to /production: unknown there.
        status, _, body = self.http.post_form("/production/token", {
            "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": demo.client_id})
        self.assertEqual((status, body["error"]), (401, "invalid_client"))
        prod = self.flow(scope="production")
        status, _, body = self.http.post_form("/production/token", {
            "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": prod.client_id})
        self.assertEqual((status, body["error"]), (400, "invalid_grant"))
        # A demo code at production's authorize with a demo resource is refused.
        status, headers, _ = self.http.request("GET", prod.authorize_url(resource=self.http.base + "/demo/mcp"))
        self.assertEqual(query_of(headers["location"])["error"], "invalid_target")


STEP_UP_CONFIG = """
server:
  data_dir: "@DATA_DIR@"
scopes:
  ledger:
    description: Read-write scope
    read_only: false
    database: {database}
    oauth:
      users:
        - name: carol
          password_hash: "{carol}"
  archive:
    description: Read-only scope
    database: {database}
    oauth:
      users:
        - name: carol
          password_hash: "{carol}"
"""


class StepUpTest(GatewayTest):
    """MCP 2025-11-25 § Scope Challenge Handling against a real database: a token granted only
    mssql.read reads a read-write scope, and a statement that writes is answered 403
    insufficient_scope before it reaches the database."""

    CONFIG = STEP_UP_CONFIG
    VALUES = {"carol": hash_password(ALICE_PW)}
    USER = ("carol", ALICE_PW)

    def test_read_scope_reads_and_is_asked_to_step_up_for_writes(self):
        tokens = self.flow("ledger").tokens("mssql.read")
        self.assertEqual(tokens["scope"], "mssql.read")
        count_orders = "SELECT COUNT(*) AS n FROM Orders"
        status, _, body = self.call_sql("ledger", tokens["access_token"], count_orders)
        self.assertEqual(status, 200)
        self.assertFalse(body["result"].get("isError", False), body)
        orders = body["result"]["structuredContent"]["resultSets"][0]["rows"]
        self.assertGreater(orders[0][0], 0)
        writes = ("UPDATE Customers SET CustomerID = CustomerID WHERE 1 = 0",
                  "SELECT 1; DELETE FROM Orders",
                  "SELECT * INTO Copy FROM Customers")
        for path, metadata in (("mcp", "/ledger/mcp"), ("sse", "/ledger/sse")):
            for query in writes:
                status, headers, body = self.call_sql("ledger", tokens["access_token"], query, path)
                self.assertEqual((status, body["error"]), (403, "insufficient_scope"), query)
                self.assertEqual(headers["www-authenticate"],
                                 'Bearer resource_metadata="%s/.well-known/oauth-protected-resource%s", '
                                 'scope="mssql.read mssql.write", error="insufficient_scope", '
                                 'error_description="this statement changes data; the token was granted '
                                 'no mssql.write"' % (self.http.base, metadata))
        # Nothing was written: the rows are as they were.
        status, _, body = self.call_sql("ledger", tokens["access_token"], count_orders)
        self.assertEqual(body["result"]["structuredContent"]["resultSets"][0]["rows"], orders)

    def test_the_default_grant_writes(self):
        # Claude.ai asks for "read write", names this gateway does not know: the default grant is every scope.
        tokens = self.flow("ledger").tokens("read write")
        self.assertEqual(tokens["scope"], "mssql.read mssql.write")
        status, _, body = self.call_sql("ledger", tokens["access_token"],
                                        "UPDATE Customers SET CustomerID = CustomerID WHERE 1 = 0")
        self.assertEqual(status, 200)
        self.assertFalse(body["result"].get("isError", False), body)

    def test_a_read_only_scope_refuses_writes_itself(self):
        tokens = self.flow("archive").tokens("mssql.read")
        status, _, body = self.call_sql("archive", tokens["access_token"], "DELETE FROM Orders")
        self.assertEqual(status, 200)
        self.assertTrue(body["result"]["isError"])
        self.assertIn("read-only scope: DELETE is not allowed", body["result"]["content"][0]["text"])


class DurabilityTest(unittest.TestCase):
    def test_clients_and_tokens_survive_restart_and_kill_9(self):
        gw = Gateway(fill(CONFIG, OAuthScopesTest.VALUES))
        data_dir = os.path.join(gw.dir, "data")
        flow = OAuthFlow(gw.http, user=OAuthScopesTest.USER)
        status, _, tokens = flow.redeem(flow.code())
        self.assertEqual(status, 200)
        self.assertEqual(gw.stop(signal.SIGKILL), -signal.SIGKILL)
        journal = os.path.join(data_dir, "oauth", "demo.log")
        self.assertTrue(os.path.exists(journal))
        with open(journal) as f:
            text = f.read()
        self.assertNotIn(tokens["access_token"], text)   # only hashes are stored
        self.assertNotIn(tokens["refresh_token"], text)
        # A torn last line, as a kill -9 in the middle of a write leaves it.
        with open(journal, "a") as f:
            f.write('{"op":"client","v":{"client_id":"torn')
        gw2 = Gateway(open(gw.config_path).read())
        try:
            self.assertIn("torn last line dropped", gw2.log_text())
            flow.http = gw2.http
            status, _, second = flow.refresh(tokens["refresh_token"])
            self.assertEqual(status, 200, second)
            # The registration survived too: the same client can sign in again.
            status, _, third = flow.redeem(flow.code())
            self.assertEqual(status, 200, third)
        finally:
            self.assertEqual(gw2.stop(), 0)


class PasswordHashConfigTest(unittest.TestCase):
    """A malformed password_hash stops `check` and `serve` at load, naming file, line and key, instead of
    surfacing at the first sign-in as a wrong password."""

    YAML = ('scopes:\n  demo:\n    database: {host: h, name: d, user: u, password: p}\n    oauth:\n'
            '      users:\n        - name: alice\n          password_hash: "%s"\n')

    def run_cli(self, text, *command):
        fd, path = tempfile.mkstemp(suffix=".yaml")
        with os.fdopen(fd, "w") as f:
            f.write(text)
        env = {k: v for k, v in os.environ.items() if k != "ALICE_HASH_UNSET"}
        done = subprocess.run([gateway_binary(), *command, "--config", path], capture_output=True, text=True,
                              env=env, timeout=30)
        return path, done

    def test_check_and_serve_refuse_a_malformed_hash(self):
        for command in (["check"], ["serve", "--listen", "127.0.0.1:0"]):
            with self.subTest(command=command[0]):
                path, done = self.run_cli(self.YAML % ALICE_PW, *command)  # the password pasted by mistake
                self.assertEqual(done.returncode, 1)
                self.assertEqual(done.stderr, path + ":7: scopes.demo.oauth.users[0].password_hash: expected "
                                 "scrypt$N$r$p$salt$hash (make one with `mssql-mcp-gateway hash-password`)\n")
                self.assertNotIn(ALICE_PW, done.stdout + done.stderr)

    def test_check_accepts_a_good_hash_and_notes_an_unset_variable(self):
        _, done = self.run_cli(self.YAML % hash_password(ALICE_PW), "check")
        self.assertEqual(done.returncode, 0, done.stderr)
        _, done = self.run_cli(self.YAML % "${ALICE_HASH_UNSET}", "check")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("note: environment variable ALICE_HASH_UNSET is not set here", done.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
