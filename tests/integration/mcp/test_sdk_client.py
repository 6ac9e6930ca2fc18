"""The official TypeScript SDK clients against a real gateway: v1 (@modelcontextprotocol/sdk) over Streamable HTTP
and legacy SSE at every initialize-era version (sdk_client.mjs), and v2 (@modelcontextprotocol/client) with
versionNegotiation 'auto' and pinned to 2026-07-28 (sdk_client_v2.mjs). One gateway serves every case."""
import unittest

from gwtest.npm import assert_sdk_checks_pass
from mcp_scopes import McpScopesTest


class SdkClientTest(McpScopesTest):
    def run_script(self, script, scopes):
        for scope in scopes:
            with self.subTest(script=script, scope=scope):
                assert_sdk_checks_pass(self, script, self.gw.base + scope)

    def test_v1_over_both_transports_at_every_version(self):
        # The three shipped scopes, served by one process.
        self.run_script("sdk_client.mjs", ("/demo", "/production", "/marketing"))

    def test_v2_auto_and_pinned_2026_07_28(self):
        self.run_script("sdk_client_v2.mjs", ("/demo", "/marketing"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
