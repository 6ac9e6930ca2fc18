"""The official TypeScript SDK as an MCP client with OAuth (sdk_oauth_flow.mjs) against three scopes of one real
gateway, each with its own user, over Streamable HTTP (/mcp) and legacy SSE (/sse), with the TDS devserver's demo
database behind them: a real 401, discovery, registration, sign-in through the HTML form, code exchange, tools/list,
execute_sql returning real rows, two refreshes; a token of one scope refused by another; and after a restart
(SIGTERM, then kill -9) the SDK goes on with the access and refresh tokens it kept, without signing in again."""
import json
import os
import signal
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "mcp"))
sys.path.insert(0, os.path.dirname(__file__))
from gateway import Devserver, Gateway  # noqa: E402
from mcp_gateway import initialize_body  # noqa: E402
from oauth_client import Http  # noqa: E402
from npm_env import installed_script, node22  # noqa: E402
from sdk_flow import SdkFlow, check_full_flow, check_resumed_flow, scopes_yaml  # noqa: E402

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


def config_text(db, data_dir="@DATA_DIR@"):
    return f'server:\n  data_dir: "{data_dir}"\n' + scopes_yaml(db, SCOPES)


class SdkOAuthFlowTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sdk = SdkFlow()
        cls.db = Devserver()
        cls.gw = Gateway(config_text(cls.db))
        cls.data_dir = os.path.join(cls.gw.dir, "data")
        cls.states = tempfile.mkdtemp(prefix="sdk-oauth-")
        cls.full_results = {}
        cls.logs = []  # of the gateways stopped so far

    @classmethod
    def tearDownClass(cls):
        code = cls.gw.stop()
        cls.db.stop()
        log = "".join(cls.logs) + cls.gw.log_text()
        for user, password, _, _ in SCOPES.values():
            assert password not in log, "a password reached the log"
        for name in os.listdir(cls.states):
            with open(os.path.join(cls.states, name)) as f:
                tokens = json.load(f)["tokens"]
            assert tokens["access_token"] not in log and tokens["refresh_token"] not in log, "a token was logged"
        assert code == 0, "gateway exit code %d" % code

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
        http = Http(self.gw.port)
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
        script = installed_script(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sdk_oauth_flow_v2.mjs"))
        done = subprocess.run([node22(), script, self.gw.base + "/Demo/mcp", user, password, query],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        self.assertTrue(result["ok"], done.stdout[-4000:])
        self.assertEqual(result["resource"], self.gw.base + "/Demo/mcp")
        self.assertEqual([r["version"] for r in result["runs"]], ["2026-07-28", "2026-07-28"])
        for run in result["runs"]:
            self.assertEqual(run["rows"], rows)
            self.assertIn("execute_sql", run["tools"])

    def test_3_after_restart_and_kill_9_the_kept_tokens_still_work(self):
        port = self.gw.port
        text = config_text(self.db, self.data_dir)
        for how, sig in (("restart", signal.SIGTERM), ("kill -9", signal.SIGKILL)):
            code = type(self).gw.stop(sig)
            self.logs.append(self.gw.log_text())
            self.assertEqual(code, 0 if sig == signal.SIGTERM else -signal.SIGKILL)
            # Same port, so the same public URL and audience; same data directory, so the same grants.
            type(self).gw = Gateway(text, port=port)
            for scope, (_, _, _, rows) in SCOPES.items():
                for kind in KINDS:
                    with self.subTest(after=how, scope=scope, kind=kind):
                        check_resumed_flow(self, self.run_sdk("resume", scope, kind), scope, kind, rows)


def post_initialize(http, path, access_token):
    return http.request("POST", path, initialize_body("2025-11-25"), {
        "Content-Type": "application/json", "Accept": "application/json, text/event-stream",
        "Authorization": "Bearer " + access_token})


if __name__ == "__main__":
    unittest.main(verbosity=2)
