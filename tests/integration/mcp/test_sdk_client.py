"""The official TypeScript SDK client (@modelcontextprotocol/sdk) against a real gateway: Streamable HTTP and
legacy SSE, every supported protocol version (sdk_client.mjs does the work)."""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from mcp_gateway import start_gateway  # noqa: E402
from npm_env import installed_script, node22  # noqa: E402


class SdkClientTest(unittest.TestCase):
    def test_sdk_client_over_both_transports_at_every_version(self):
        local = installed_script(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sdk_client.mjs"))
        gw = start_gateway()
        try:
            # The three shipped scopes, served by one process.
            for scope in ("/demo", "/production", "/marketing"):
                done = subprocess.run([node22(), local, gw.base + scope], stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True, timeout=300)
                print(scope, done.stdout)
                self.assertEqual(done.returncode, 0, done.stdout[-4000:])
                self.assertRegex(done.stdout, r"\n[1-9]\d* passed, 0 failed\n")
        finally:
            self.assertEqual(gw.stop(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
