"""The official TypeScript SDK's OAuth client against a real gateway (sdk_oauth_flow.mjs): discovery
from the MCP URL (path-inserted RFC 9728, then RFC 8414), registration, sign-in, code exchange and
refresh; then the gateway restarts (SIGTERM, and again kill -9) and the SDK refreshes with the refresh
token it kept. (The tools/call leg needs the MCP transport, which lives on another branch.)"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from npm_env import node22, node_modules  # noqa: E402
from test_oauth import ALICE_PW, start_gateway  # noqa: E402

SCRIPT = os.path.join(os.path.dirname(__file__), "sdk_oauth_flow.mjs")


class SdkOAuthFlowTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = node22()
        # ESM resolves packages next to the script: run a copy inside the npm directory.
        cls.script = os.path.join(os.path.dirname(node_modules()), "sdk_oauth_flow.mjs")
        shutil.copyfile(SCRIPT, cls.script)

    def run_flow(self, mode, gw, state_file):
        done = subprocess.run([self.node, self.script, mode, gw.base + "/demo/mcp", state_file, "alice", ALICE_PW],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        self.assertTrue(lines, done.stdout + done.stderr)
        result = json.loads(lines[-1])
        print(f"  sdk {mode}: {result.get('steps')}", file=sys.stderr)
        self.assertTrue(result["ok"], result.get("error"))
        self.assertEqual(done.returncode, 0)
        return result

    def test_full_flow_then_refresh_after_restart_and_kill(self):
        state_file = os.path.join(tempfile.mkdtemp(prefix="sdk-oauth-"), "state.json")
        gw = start_gateway()
        data_dir = os.path.join(gw.dir, "data")
        try:
            result = self.run_flow("full", gw, state_file)
            self.assertEqual(result["steps"][0], "REDIRECT")
            self.assertEqual(result["steps"][1], "resource=%s/demo/mcp" % gw.base)
            self.assertEqual(result["steps"][2], "scope=mssql.read")
            self.assertEqual(result["steps"][3:], ["AUTHORIZED", "AUTHORIZED"])
            self.assertEqual(result["issuer"], gw.base + "/demo")
            self.assertEqual(result["resource"], gw.base + "/demo/mcp")
        finally:
            self.assertEqual(gw.stop(), 0)
        # Restarted on the same port: the public URL, and so the tokens' audience, stay the same.
        port = gw.port
        for how in ("restart", "kill -9"):
            with self.subTest(after=how):
                gw = start_gateway(data_dir, port=port)
                try:
                    result = self.run_flow("refresh", gw, state_file)
                    self.assertEqual(result["steps"], ["AUTHORIZED"])
                finally:
                    code = gw.stop(signal.SIGKILL if how == "kill -9" else signal.SIGTERM)
                    self.assertEqual(code, -signal.SIGKILL if how == "kill -9" else 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
