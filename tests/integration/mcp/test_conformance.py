"""The official MCP conformance suite (@modelcontextprotocol/conformance, PROTOCOL-NOTES §7) against a real
gateway: every generic server scenario at every spec version where it applies (`conformance list --server`).
2026-07-28 is not run: the gateway speaks the initialize era and answers modern probes with 400 (§2.9)."""
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from mcp_gateway import start_gateway  # noqa: E402
from npm_env import conformance_cli, node22  # noqa: E402

# scenario -> the spec versions it applies to, from `conformance list --server` (0.2.0-alpha.11).
MATRIX = {
    "server-initialize": ["2025-06-18", "2025-11-25"],
    "server-session-lifecycle": ["2025-03-26", "2025-06-18", "2025-11-25"],
    "ping": ["2025-06-18", "2025-11-25"],
    "logging-set-level": ["2025-06-18", "2025-11-25"],
    "tools-list": ["2025-06-18", "2025-11-25"],
    "server-sse-multiple-streams": ["2025-11-25"],
    "dns-rebinding-protection": ["2025-11-25"],
}


class ConformanceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = node22()
        cls.cli = conformance_cli()
        cls.gw = start_gateway()
        cls.out = tempfile.mkdtemp(prefix="conformance-")

    @classmethod
    def tearDownClass(cls):
        assert cls.gw.stop() == 0

    def run_scenario(self, scenario, version, path="/demo/mcp"):
        # The dns-rebinding scenario needs a loopback URL (it sends Host and Origin of that URL and expects
        # 2xx): 127.0.0.1 is the gateway's own public origin here, so its Origin is allowed.
        url = f"http://127.0.0.1:{self.gw.port}{path}"
        done = subprocess.run([self.node, self.cli, "server", "--url", url, "--scenario", scenario,
                               "--spec-version", version, "-o", self.out],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
        summary = re.search(r"Passed: (\d+)/(\d+), (\d+) failed", done.stdout)
        print(f"  {scenario} @ {version} ({path}): {summary.group(0) if summary else 'no summary'}",
              file=sys.stderr)
        self.assertEqual(done.returncode, 0, done.stdout[-4000:])
        self.assertIsNotNone(summary, done.stdout[-4000:])
        self.assertEqual(summary.group(3), "0", done.stdout[-4000:])
        self.assertEqual(summary.group(1), summary.group(2), done.stdout[-4000:])

    def test_every_applicable_scenario_at_every_version(self):
        for scenario, versions in MATRIX.items():
            for version in versions:
                with self.subTest(scenario=scenario, version=version):
                    self.run_scenario(scenario, version)

    def test_every_scope_of_one_process_passes(self):
        for scope in ("/production", "/marketing"):
            for scenario in ("server-initialize", "server-session-lifecycle", "ping", "tools-list"):
                with self.subTest(scope=scope, scenario=scenario):
                    self.run_scenario(scenario, "2025-11-25", scope + "/mcp")

    def test_the_sse_path_also_speaks_streamable_http(self):
        # Clients configured with .../sse POST initialize there first (2025-06-18 transports § Backwards
        # Compatibility).
        self.run_scenario("server-initialize", "2025-11-25", "/demo/sse")
        self.run_scenario("server-session-lifecycle", "2025-11-25", "/demo/sse")


if __name__ == "__main__":
    unittest.main(verbosity=2)
