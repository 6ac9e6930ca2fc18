"""The official conformance suite's authorization-server scenarios (PROTOCOL-NOTES §7.4) against each
scope's issuer of a real gateway: authorization-server-metadata-endpoint, and authorization-code-grant
with a pre-registered public client, where this script plays the person: it reads the authorize URL the
suite prints, signs in through the HTML form, and follows the redirect to the suite's callback."""
import re
import select
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

from gwtest.npm import Conformance
from gwtest.oauth import query_of, sign_in
from gwtest.processes import free_port
from oauth_scopes import ALICE_PW, OAuthScopesTest

# Several scenarios in one run end with "Total: N passed, M failed" and one line per scenario.
TOTAL = re.compile(r"Total: (\d+) passed, (\d+) failed")


class AuthorizationConformanceTest(OAuthScopesTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.conformance = Conformance(tempfile.mkdtemp(prefix="oauth-conformance-"))

    def test_metadata_endpoint_for_each_scope(self):
        for scope in ("demo", "production"):
            with self.subTest(scope=scope):
                done = self.conformance.run("authorization", f"{self.http.base}/{scope}", "--scenario",
                                            "authorization-server-metadata-endpoint")
                print(f"  metadata {scope}: {Conformance.SUMMARY.findall(done.stdout)}", file=sys.stderr)
                self.assertEqual(done.returncode, 0, done.stdout[-4000:])
                self.conformance.assert_passed(self, done.stdout, warnings_allowed=False)

    def run_code_grant(self, scope, client_id, user, password):
        port = free_port()
        proc = subprocess.Popen(self.conformance.command("authorization", f"{self.http.base}/{scope}",
                                                         "--client-id", client_id, "--port", str(port)),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        output = []
        try:
            # Node starting the suite took over 60 s once on a 2-core machine under load 8: bounded, not tight.
            deadline = time.monotonic() + 180
            url = None
            while url is None and time.monotonic() < deadline:
                ready, _, _ = select.select([proc.stdout], [], [], 0.5)
                if not ready:
                    continue
                line = proc.stdout.readline()
                if not line:
                    break
                output.append(line)
                if line.startswith(self.http.base + f"/{scope}/authorize?"):
                    url = line.strip()
            self.assertIsNotNone(url, "".join(output))
            status, headers, body = sign_in(self.http, url[len(self.http.base):], user, password)
            self.assertEqual(status, 302, body)
            location = headers["location"]
            self.assertTrue(location.startswith(f"http://127.0.0.1:{port}/callback?"), location)
            self.assertEqual(query_of(location)["iss"], f"{self.http.base}/{scope}")
            # The browser's part: follow the redirect to the suite's callback server.
            with urllib.request.urlopen(location, timeout=30) as resp:
                resp.read()
            rest, _ = proc.communicate(timeout=120)
            output.append(rest)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
        text = "".join(output)
        total = TOTAL.search(text)
        print(f"  code grant {scope}: {total.group(0) if total else 'no summary'}", file=sys.stderr)
        self.assertEqual(proc.returncode, 0, text[-4000:])
        self.assertIsNotNone(total, text[-4000:])
        self.assertEqual(total.group(2), "0", text[-4000:])
        # authorization-server-metadata-endpoint (2 checks) and authorization-code-grant (1 check).
        self.assertGreaterEqual(int(total.group(1)), 3, text[-4000:])
        self.assertIn("authorization-code-grant: 1 passed, 0 failed", text)

    def test_authorization_code_grant_with_a_preregistered_public_client(self):
        self.run_code_grant("demo", "preregistered-public", "alice", ALICE_PW)


if __name__ == "__main__":
    unittest.main(verbosity=2)
