"""The official TypeScript SDK clients against a real gateway: v1 (@modelcontextprotocol/sdk) over Streamable HTTP
and legacy SSE at every initialize-era version (sdk_client.mjs), and v2 (@modelcontextprotocol/client) with
versionNegotiation 'auto' and pinned to 2026-07-28 (sdk_client_v2.mjs). One gateway serves every case."""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from mcp_gateway import start_gateway  # noqa: E402
from npm_env import installed_script, node22  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


class SdkClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = start_gateway()

    @classmethod
    def tearDownClass(cls):
        assert cls.gw.stop() == 0

    def run_script(self, script, scopes):
        local = installed_script(os.path.join(HERE, script))
        for scope in scopes:
            with self.subTest(script=script, scope=scope):
                done = subprocess.run([node22(), local, self.gw.base + scope], stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True, timeout=300)
                print(script, scope, done.stdout)
                self.assertEqual(done.returncode, 0, done.stdout[-4000:])
                self.assertRegex(done.stdout, r"\n[1-9]\d* passed, 0 failed\n")

    def test_v1_over_both_transports_at_every_version(self):
        # The three shipped scopes, served by one process.
        self.run_script("sdk_client.mjs", ("/demo", "/production", "/marketing"))

    def test_v2_auto_and_pinned_2026_07_28(self):
        self.run_script("sdk_client_v2.mjs", ("/demo", "/marketing"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
