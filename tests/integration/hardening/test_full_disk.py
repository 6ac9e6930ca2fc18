"""A full disk under the data directory, made two ways: a tmpfs of 1 MiB mounted
on the data directory (`mount -t tmpfs`, root only; skipped where mounting is not permitted), and
RLIMIT_FSIZE on the gateway process, set by a wrapper script (`ulimit -f`, SIGXFSZ ignored so that
writes past the limit fail with EFBIG instead of killing it; Python's subprocess would restore SIGXFSZ
to its default). tmpfs hands out whole pages, so on it a small write may still fit in a file's last
page; the file size limit refuses every byte past it, which is what caught a refresh refused with
invalid_grant (the client then drops its grant) when only its rotation could not be written. Filled up, registration and refresh answer a clear RFC 6749
error (503 temporarily_unavailable), no stack trace, no path; reads (tool calls, discovery, existing
tokens) keep working; the refused refresh token still works once there is space again; after space
is freed writes work again, and after a restart every earlier client and token is still there and
the journal and the audit log are whole JSON lines."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from gwtest.processes import Devserver, Gateway
from gwtest.inspection import assert_log_is_json_lines
from harden_env import config, oauth_client, rpc

TMPFS_BYTES = 1024 * 1024
FSIZE_LIMIT = 32 * 1024   # about 40 registrations: under the 100 per 10 minutes of /register


def mount_tmpfs(path):
    if os.geteuid() != 0:
        return False
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%d,mode=0700" % TMPFS_BYTES, "tmpfs", path],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return result.returncode == 0


def fill(path):
    """Writes a filler file until the file system says ENOSPC; returns its path."""
    filler = os.path.join(path, "filler")
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 512, 64, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


def whole_json_lines(test, path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw:
        test.assertTrue(raw.endswith(b"\n"), "%s ends in a torn line" % path)
    for number, line in enumerate(raw.splitlines(), 1):
        try:
            json.loads(line)
        except ValueError:
            test.fail("%s:%d is not JSON: %r" % (path, number, line[:200]))
    return len(raw.splitlines())


class FullDiskTest(unittest.TestCase):
    def setUp(self):
        self.db = Devserver()
        self.root = tempfile.mkdtemp(prefix="gw-full-disk-")
        self.data_dir = os.path.join(self.root, "data")
        os.makedirs(self.data_dir)
        self.mounted = False

    def tearDown(self):
        self.db.stop()
        if self.mounted:
            subprocess.run(["umount", "-l", self.data_dir])
        shutil.rmtree(self.root, ignore_errors=True)

    def start(self, limited=False):
        text = config(self.db.database_yaml(), data_dir=self.data_dir)
        if not limited:
            return Gateway(text)
        real = os.environ["GATEWAY_BIN"]
        wrapper = os.path.join(self.root, "limited-gateway")
        with open(wrapper, "w") as f:
            f.write("#!/bin/bash\ntrap '' XFSZ\nulimit -f %d\nexec %s \"$@\"\n" % (FSIZE_LIMIT // 1024, real))
        os.chmod(wrapper, 0o700)
        os.environ["GATEWAY_BIN"] = wrapper
        try:
            return Gateway(text)
        finally:
            os.environ["GATEWAY_BIN"] = real

    def exhaust(self, gw, registered):
        """Fills the disk (tmpfs), then registers until a registration cannot be stored: tmpfs hands out
        whole pages, so the journal's last page may still take a line or two (RLIMIT_FSIZE: until the
        journal reaches the limit). Returns the filler file (None with RLIMIT_FSIZE) and the answer."""
        filler = fill(self.data_dir) if self.mounted else None
        answer = None
        for name in ("x" * 200, "x"):   # long ones, then the shortest, so even small writes fail
            for _ in range(60):
                c = oauth_client(gw.port)
                answer = c.register(name)
                if answer[0] != 201:
                    break
                registered.append(c)
            else:
                self.fail("registrations never failed on the full disk")
        return filler, answer

    def test_a_full_tmpfs_refuses_writes_clearly_and_loses_nothing(self):
        self.mounted = mount_tmpfs(self.data_dir)
        if not self.mounted:
            self.skipTest("mount -t tmpfs is not permitted here; the RLIMIT_FSIZE test runs instead")
        self.full_disk_round_trip()

    def test_a_file_size_limit_refuses_writes_clearly_and_loses_nothing(self):
        self.full_disk_round_trip()

    def full_disk_round_trip(self):
        gw = self.start(limited=not self.mounted)
        earlier = []
        for _ in range(3):
            c = oauth_client(gw.port)
            self.assertEqual(c.register()[0], 201)
            status, _, tokens = c.redeem(c.code())
            self.assertEqual(status, 200, tokens)
            earlier.append([c, tokens["refresh_token"], tokens["access_token"]])
        signing_in = oauth_client(gw.port)   # registered, its code redeemed while the disk is full
        self.assertEqual(signing_in.register()[0], 201)
        registered = []
        filler, (status, headers, body) = self.exhaust(gw, registered)

        # Writes: a clear RFC 6749 error, no path, no stack trace.
        self.assertEqual(status, 503, body)
        self.assertEqual(body, {"error": "temporarily_unavailable",
                                "error_description":
                                    "the authorization server cannot store this right now, try again"})
        self.assertEqual(headers["retry-after"], "30")
        refused = earlier[0]
        for _ in range(3):   # a refresh (the rotation and its successor tokens) cannot be stored
            status, _, body = refused[0].refresh(refused[1])
            self.assertEqual(status, 503, body)
            self.assertEqual(body["error"], "temporarily_unavailable")
        # A code whose tokens cannot be stored is not burnt: the client retries it once there is room.
        code = signing_in.code()
        for _ in range(2):
            status, _, body = signing_in.redeem(code)
            self.assertEqual((status, body["error"]), (503, "temporarily_unavailable"))
        # Reads keep working: discovery, an existing access token, a tool call.
        self.assertEqual(gw.request("GET", "/.well-known/oauth-authorization-server/demo")[0], 200)
        status, body = rpc(gw.port, "/demo/mcp", "tools/call",
                           {"name": "execute_sql", "arguments": {"query": "SELECT 3 AS three"}},
                           token=earlier[1][2])
        self.assertEqual(status, 200, body)
        self.assertFalse(body["result"]["isError"], body)
        self.assertEqual(gw.proc.poll(), None)
        full_gateway = gw

        # Space again (or a gateway without the limit): writes work, and the refused token is intact.
        if filler:
            os.unlink(filler)
            status, _, body = signing_in.redeem(code)   # codes live in memory: same process only
            self.assertEqual(status, 200, body)
        else:
            self.assertEqual(gw.stop(), 0)
            gw = self.start()
        for entry in earlier:
            entry[0].http = gw.http
        later = oauth_client(gw.port)
        self.assertEqual(later.register()[0], 201)
        status, body = rpc(gw.port, "/demo/mcp", "tools/call",
                           {"name": "execute_sql", "arguments": {"query": "SELECT 4 AS after_full"}},
                           token=earlier[1][2])
        self.assertEqual(status, 200, body)
        status, _, body = refused[0].refresh(refused[1])
        self.assertEqual(status, 200, body)
        refused[1], refused[2] = body["refresh_token"], body["access_token"]
        self.assertEqual(gw.stop(), 0)
        for g in {full_gateway, gw}:
            assert_log_is_json_lines(self, g)
        # The operator's log names the cause (the client's answer does not: it names no file).
        self.assertIn("No space left on device" if self.mounted else "File too large", full_gateway.log_text())

        # After a restart everything earlier is there and every file is whole JSON lines.
        gw = self.start()
        try:
            for entry in earlier:
                entry[0].http = gw.http
                status, _, body = entry[0].refresh(entry[1])
                self.assertEqual(status, 200, body)
            for c in registered + [later]:
                c.http = gw.http
                self.assertEqual(c.redeem(c.code())[0], 200)
        finally:
            self.assertEqual(gw.stop(), 0)
        self.assertGreater(whole_json_lines(self, os.path.join(self.data_dir, "oauth", "demo.log")), 0)
        audit = os.path.join(self.data_dir, "audit.log")
        self.assertGreater(whole_json_lines(self, audit), 0)
        with open(audit) as f:
            self.assertIn("SELECT 4 AS after_full", f.read().splitlines()[-1])


if __name__ == "__main__":
    unittest.main(verbosity=2)
