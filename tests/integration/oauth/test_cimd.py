"""Client ID Metadata Documents against a real gateway: an https document server on loopback (its
certificate signed by a test CA trusted through SSL_CERT_FILE, the scope's test flag cimd_allow_private_addresses on), the
sign-in with a URL client_id, and every refusal: mismatched client_id, unlisted redirect URI, a document
over 64 KiB, a redirect, an HTTP error, a private address without the test flag; and the cache."""
import tempfile
import unittest
import urllib.parse

from gwtest.documents import DocumentServer
from gwtest.fixtures import GatewayTest
from gwtest.oauth import hash_password, pkce_pair, query_of, sign_in
from gwtest.processes import free_port

PASSWORD = "metadata-7"
CALLBACK = "http://127.0.0.1:3000/callback"

CONFIG = """
server:
  data_dir: "@DATA_DIR@"
scopes:
  demo:
    database: {host: 127.0.0.1, port: {db_port}, name: DemoDB, user: u, password: p}
    oauth:
      cimd_allow_private_addresses: true
      users:
        - name: carol
          password_hash: "{hash}"
  production:
    database: {host: 127.0.0.1, port: {db_port}, name: Prod, user: u, password: p}
"""


class CimdTest(GatewayTest):
    CONFIG = CONFIG
    VALUES = {"db_port": free_port(), "hash": hash_password(PASSWORD)}
    SECRETS = (PASSWORD,)

    @classmethod
    def setUpClass(cls):
        cls.docs = DocumentServer(tempfile.mkdtemp(prefix="cimd-"))
        d = cls.docs
        d.add("/good.json", {"client_id": d.url("/good.json"), "client_name": "CIMD Tester",
                             "redirect_uris": [CALLBACK], "token_endpoint_auth_method": "none"},
              headers={"Cache-Control": "max-age=600"})
        d.add("/mismatch.json", {"client_id": d.url("/other.json"), "client_name": "x", "redirect_uris": [CALLBACK]})
        d.add("/evil-redirect.json", {"client_id": d.url("/evil-redirect.json"), "client_name": "x",
                                      "redirect_uris": ["https://evil.example/cb"]})
        d.add("/big.json", raw=b"{" + b" " * (70 * 1024) + b"}")
        d.add("/moved.json", status=302, headers={"Location": d.url("/good.json")}, raw=b"")
        cls.GATEWAY_ENV = {"SSL_CERT_FILE": d.ca}
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.docs.httpd.shutdown()

    def authorize(self, client_id, scope="demo", redirect=CALLBACK):
        verifier, challenge = pkce_pair()
        q = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect, "state": "s",
             "code_challenge": challenge, "code_challenge_method": "S256"}
        return verifier, "/%s/authorize?%s" % (scope, urllib.parse.urlencode(q))

    def test_sign_in_and_token_with_a_metadata_document(self):
        client_id = self.docs.url("/good.json")
        verifier, path = self.authorize(client_id)
        status, _, html = self.http.request("GET", path)
        self.assertEqual(status, 200, html[:500])
        self.assertIn("CIMD Tester", html)
        self.assertIn("runs on your own computer", html)  # localhost redirect warning
        status, headers, _ = sign_in(self.http, path, "carol", PASSWORD)
        self.assertEqual(status, 302)
        code = query_of(headers["location"])["code"]
        status, _, tokens = self.http.post_form("/demo/token", {
            "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK,
            "code_verifier": verifier, "client_id": client_id})
        self.assertEqual(status, 200, tokens)
        # Cached for the document's max-age: three authorizations, one fetch.
        self.assertEqual(self.docs.hits["/good.json"], 1)

    def test_refusals_are_pages(self):
        cases = [
            (self.docs.url("/mismatch.json"), "demo", CALLBACK, "client_id does not equal its URL"),
            (self.docs.url("/evil-redirect.json"), "demo", "https://evil.example/cb",
             "redirect URI host evil.example is not allowed for this scope"),
            (self.docs.url("/good.json"), "demo", "http://127.0.0.1:3000/other", "redirect_uri is not registered"),
            (self.docs.url("/big.json"), "demo", CALLBACK, "larger than 64 KiB"),
            (self.docs.url("/moved.json"), "demo", CALLBACK, "answered HTTP 302"),
            (self.docs.url("/missing.json"), "demo", CALLBACK, "answered HTTP 404"),
            (self.docs.url("/good.json"), "production", CALLBACK, "resolves to a non-public address"),
            ("https://localhost:%d/" % self.docs.port, "demo", CALLBACK, "client_id URL must have a path"),
        ]
        for client_id, scope, redirect, text in cases:
            with self.subTest(client_id=client_id, scope=scope):
                _, path = self.authorize(client_id, scope, redirect)
                status, headers, html = self.http.request("GET", path)
                self.assertEqual(status, 400)
                self.assertNotIn("location", headers)
                self.assertIn(text, html)
        self.assertNotIn("/good.json", [p for p, n in self.docs.hits.items() if n > 1])

    def test_an_unreachable_document_is_explained(self):
        # Nothing listens there: the fetch fails as it does without a route, DNS or TLS. The page says what
        # the administrator can do (README, Troubleshooting: CIMD off, so clients fall back to registration).
        _, path = self.authorize("https://localhost:%d/client.json" % free_port())
        status, headers, html = self.http.request("GET", path)
        self.assertEqual(status, 502)
        self.assertNotIn("location", headers)
        self.assertIn("Application details unavailable", html)
        self.assertIn("could not be fetched", html)
        self.assertIn("oauth.client_id_metadata_documents: false", html)


if __name__ == "__main__":
    unittest.main(verbosity=2)
