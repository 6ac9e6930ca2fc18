"""The official MCP SDK client's whole OAuth flow and tools/call through a real NGINX (Debian's, the site config
`mssql-mcp-gateway nginx-config` generates) with TLS, for two scopes of one gateway in front of the TDS devserver.

The gateway's public_base_url is the https URL NGINX serves, so every URL the client meets (the 401's
resource_metadata, the issuer, the endpoints, the audience) is the public one. The certificate is signed at test
time by a throwaway CA that Node trusts through NODE_EXTRA_CA_CERTS: TLS is verified, not switched off."""
import os
import ssl
import tempfile
import unittest

from gwtest.fixtures import GatewayBehindNginx
from gwtest.http_client import ACCEPT_BOTH, Http, initialize_body
from gwtest.nginx import TestCertificates
from gwtest.processes import free_port
from gwtest.sdk import SdkFlow, check_full_flow, check_resumed_flow, scopes_yaml

SCOPES = {
    "demo": ("alice", "wonderland-42", "SELECT RegionID, RegionName FROM sales.Regions WHERE RegionID = 4",
             [[4, "Southwest"]]),
    "production": ("bob", "builder-7", "SELECT CategoryName FROM Categories WHERE CategoryID = 8",
                   [["Seafood"]]),
}


class SdkOAuthThroughNginxTest(GatewayBehindNginx):
    CONFIG = ('server:\n  data_dir: "@DATA_DIR@"\n  public_base_url: {public}\n  trusted_proxies: [127.0.0.1/32]\n'
              + scopes_yaml(SCOPES))
    SECRETS = tuple(password for _, password, _, _ in SCOPES.values())

    @classmethod
    def setUpClass(cls):
        cls.CERTIFICATES = TestCertificates(tempfile.mkdtemp(prefix="nginx-oauth-certs-"))
        cls.HTTPS_PORT = free_port()
        cls.public = "https://localhost:%d" % cls.HTTPS_PORT
        cls.VALUES = {"public": cls.public}
        super().setUpClass()
        # Through NGINX, verifying its certificate against the test CA.
        cls.verified = Http(cls.HTTPS_PORT, tls=True, host="localhost",
                            context=ssl.create_default_context(cafile=cls.CERTIFICATES.ca))
        cls.sdk = SdkFlow(env={"NODE_EXTRA_CA_CERTS": cls.CERTIFICATES.ca})
        cls.states = tempfile.mkdtemp(prefix="nginx-oauth-")
        cls.tokens = {}

    def run_sdk(self, mode, scope, kind):
        user, password, query, _ = SCOPES[scope]
        state = os.path.join(self.states, "%s-%s.json" % (scope, kind))
        return self.sdk.run(mode, "%s/%s" % (self.public, scope), kind, state, user, password, query)

    def test_1_whole_flow_and_tools_call_for_two_scopes(self):
        for scope, (_, _, _, rows) in SCOPES.items():
            for kind in ("mcp", "sse"):
                with self.subTest(scope=scope, kind=kind):
                    result = self.run_sdk("full", scope, kind)
                    check_full_flow(self, result, self.public, scope, kind, rows)
                    self.tokens[(scope, kind)] = result["tokens"][-1]
                    # A second run from the kept state: the stored access token, then a refresh; no sign-in.
                    check_resumed_flow(self, self.run_sdk("resume", scope, kind), scope, kind, rows)
        # The SDK's requests went through NGINX (its access log), not around it.
        log = self.nginx.access_log()
        for line in ('"POST /demo/mcp HTTP/1.1" 401', '"POST /demo/register HTTP/1.1" 201',
                     '"POST /production/token HTTP/1.1" 200', '"GET /production/sse HTTP/1.1" 200'):
            self.assertIn(line, log)

    def test_2_a_token_of_one_scope_is_refused_by_the_other(self):
        for scope, other in (("demo", "production"), ("production", "demo")):
            with self.subTest(scope=scope):
                token = self.tokens[(scope, "mcp")]["access_token"]
                headers = {"Accept": ACCEPT_BOTH, "Authorization": "Bearer " + token}
                status, _, body = self.verified.request("POST", "/%s/mcp" % scope, initialize_body("2025-11-25"),
                                                        headers)
                self.assertEqual(status, 200, body)
                status, answer, body = self.verified.request("POST", "/%s/mcp" % other,
                                                             initialize_body("2025-11-25"), headers)
                self.assertEqual(status, 401, body)
                self.assertIn('error="invalid_token"', answer["www-authenticate"])
                self.assertIn('resource_metadata="%s/.well-known/oauth-protected-resource/%s/mcp"'
                              % (self.public, other), answer["www-authenticate"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
