"""The official TypeScript SDK as an MCP client with OAuth (sdk_oauth_flow.mjs) against three scopes of one real
gateway, each with its own user, over Streamable HTTP (/mcp) and legacy SSE (/sse), with the TDS devserver's demo
database behind them: a real 401, discovery, registration, sign-in through the HTML form, code exchange, tools/list,
execute_sql returning real rows, two refreshes; a token of one scope refused by another; and after a restart
(SIGTERM, then kill -9) the SDK goes on with the access and refresh tokens it kept, without signing in again."""
import json
import os
import signal
import sys
import tempfile
import unittest

from gwtest.fixtures import GatewayTest
from gwtest.http_client import ACCEPT_BOTH, initialize_body
from gwtest.npm import run_node
from gwtest.sdk import SdkFlow, check_full_flow, check_resumed_flow, scopes_yaml

# scope -> (user, password, query, the rows the demo database answers)
SCOPES = {
    "demo": ("alice", "wonderland-42", "SELECT RegionID, RegionName FROM sales.Regions WHERE RegionID = 1",
             [[1, "Northeast"]]),
    "production": ("bob", "builder-7", "SELECT RegionID, RegionName FROM sales.Regions WHERE RegionID = 2",
                   [[2, "Southeast"]]),
    "marketing": ("carol", "metadata-7", "SELECT CategoryName FROM Categories WHERE CategoryID = 3",
                  [["Confections"]]),
}
KINDS = ("mcp", "sse")


class SdkOAuthFlowTest(GatewayTest):
    CONFIG = 'server:\n  data_dir: "@DATA_DIR@"\n' + scopes_yaml(SCOPES)
    SECRETS = tuple(password for _, password, _, _ in SCOPES.values())

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sdk = SdkFlow()
        cls.states = tempfile.mkdtemp(prefix="sdk-oauth-")
        cls.full_results = {}

    @classmethod
    def tearDownClass(cls):
        # The tokens the SDK kept must not have been logged either.
        for name in os.listdir(cls.states):
            with open(os.path.join(cls.states, name)) as f:
                tokens = json.load(f)["tokens"]
            cls.SECRETS += (tokens["access_token"], tokens["refresh_token"])
        super().tearDownClass()

    def state_file(self, scope, kind):
        return os.path.join(self.states, "%s-%s.json" % (scope, kind))

    def run_sdk(self, mode, scope, kind):
        user, password, query, _ = SCOPES[scope]
        return self.sdk.run(mode, "%s/%s" % (self.gw.base, scope), kind, self.state_file(scope, kind), user,
                            password, query)

    def test_1_whole_flow_for_each_scope_over_both_transports(self):
        for scope, (_, _, _, rows) in SCOPES.items():
            for kind in KINDS:
                with self.subTest(scope=scope, kind=kind):
                    result = self.run_sdk("full", scope, kind)
                    print("  %s %s: %d requests" % (scope, kind, len(result["trace"])), file=sys.stderr)
                    check_full_flow(self, result, self.gw.base, scope, kind, rows)
                    self.full_results[(scope, kind)] = result

    def test_2_old_access_token_lives_until_it_expires_and_other_scopes_refuse_it(self):
        http = self.http
        for scope in SCOPES:
            with self.subTest(scope=scope):
                # Refreshing does not end the access token it replaces (it expires by itself; revocation ends it
                # at once): the first one of the run still opens a session.
                first = self.full_results[(scope, "mcp")]["tokens"][0]["access_token"]
                status, _, _ = post_initialize(http, "/%s/mcp" % scope, first)
                self.assertEqual(status, 200)
                for other in SCOPES:
                    if other == scope:
                        continue
                    # RFC 8707 audience: the token names /<scope>/mcp; another scope answers like for a token
                    # it never issued (PROTOCOL-NOTES §5.3).
                    status, headers, body = post_initialize(http, "/%s/mcp" % other, first)
                    self.assertEqual(status, 401, body)
                    challenge = headers["www-authenticate"]
                    self.assertIn('error="invalid_token"', challenge)
                    self.assertIn('resource_metadata="%s/.well-known/oauth-protected-resource/%s/mcp"'
                                  % (self.gw.base, other), challenge)
                    # The legacy transport's challenge names the /sse resource (RFC 9728 §3.3).
                    status, headers, _ = http.request("GET", "/%s/sse" % other, headers={
                        "Accept": "text/event-stream", "Authorization": "Bearer " + first})
                    self.assertEqual(status, 401)
                    self.assertIn('error="invalid_token"', headers["www-authenticate"])
                    self.assertIn('resource_metadata="%s/.well-known/oauth-protected-resource/%s/sse"'
                                  % (self.gw.base, other), headers["www-authenticate"])

    def test_4_sdk_v2_over_oauth_at_2026_07_28_on_the_path_as_typed(self):
        # /Demo/mcp: the protected resource metadata names the URL as typed, or the SDK refuses it.
        user, password, query, rows = SCOPES["demo"]
        done = run_node("sdk_oauth_flow_v2.mjs", self.gw.base + "/Demo/mcp", user, password, query, timeout=120)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        self.assertTrue(result["ok"], done.stdout[-4000:])
        self.assertEqual(result["resource"], self.gw.base + "/Demo/mcp")
        self.assertEqual([r["version"] for r in result["runs"]], ["2026-07-28", "2026-07-28"])
        for run in result["runs"]:
            self.assertEqual(run["rows"], rows)
            self.assertIn("execute_sql", run["tools"])

    def test_3_after_restart_and_kill_9_the_kept_tokens_still_work(self):
        for how, sig in (("restart", signal.SIGTERM), ("kill -9", signal.SIGKILL)):
            # Same port, so the same public URL and audience; same data directory, so the same grants.
            code = type(self).restart_gateway(sig)
            self.assertEqual(code, 0 if sig == signal.SIGTERM else -signal.SIGKILL)
            for scope, (_, _, _, rows) in SCOPES.items():
                for kind in KINDS:
                    with self.subTest(after=how, scope=scope, kind=kind):
                        check_resumed_flow(self, self.run_sdk("resume", scope, kind), scope, kind, rows)


def post_initialize(http, path, access_token):
    return http.request("POST", path, initialize_body("2025-11-25"), {
        "Accept": ACCEPT_BOTH, "Authorization": "Bearer " + access_token})


if __name__ == "__main__":
    unittest.main(verbosity=2)
