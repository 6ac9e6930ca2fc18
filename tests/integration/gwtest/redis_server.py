"""A real redis-server (Debian's) on a free loopback port, no persistence, for tests of replicas sharing their
state. kill() (SIGKILL) and start() again on the same port stand for a Redis restart; with no persistence it comes
back empty. With `certificates` (gwtest.nginx.TestCertificates) it listens over TLS only (--tls-port; clients need
no certificate of their own), as rediss://localhost:port/0?ca_file=<the test CA>."""
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time

from gwtest.processes import _started, free_port


def redis_binary():
    return shutil.which("redis-server") or "/usr/bin/redis-server"


class RedisServer:
    def __init__(self, wait_seconds=10, certificates=None):
        if not os.path.exists(redis_binary()):
            raise SystemExit("redis-server is not installed (apt-get install redis-server)")
        self.dir = tempfile.mkdtemp(prefix="redis-test-")
        self.port = free_port()
        self.certificates = certificates
        self.start(wait_seconds)

    @property
    def url(self):
        if self.certificates:
            return "rediss://localhost:%d/0?ca_file=%s" % (self.port, self.certificates.ca)
        return "redis://127.0.0.1:%d/0" % self.port

    def start(self, wait_seconds=10):
        listen = ["--port", str(self.port)]
        if self.certificates:
            c = self.certificates
            listen = ["--port", "0", "--tls-port", str(self.port), "--tls-cert-file", c.cert, "--tls-key-file", c.key,
                      "--tls-ca-cert-file", c.ca, "--tls-auth-clients", "no"]
        self.proc = subprocess.Popen(
            [redis_binary()] + listen + ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                         "--dir", self.dir, "--daemonize", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _started.append(self.proc)
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            if (self.command("PING") or "").startswith("+PONG"):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError("redis-server did not start on port %d" % self.port)

    def kill(self):
        self.proc.kill()
        self.proc.wait(timeout=10)

    def command(self, *args):
        """One command in RESP; returns the first line of the reply ('+PONG', ':1', '$-1', …), or None when
        Redis is not there."""
        payload = "*%d\r\n" % len(args) + "".join("$%d\r\n%s\r\n" % (len(a.encode()), a) for a in args)
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as raw:
                if self.certificates:
                    context = ssl.create_default_context(cafile=self.certificates.ca)
                    with context.wrap_socket(raw, server_hostname="localhost") as s:
                        s.sendall(payload.encode())
                        reply = s.recv(65536).decode(errors="replace")
                else:
                    raw.sendall(payload.encode())
                    reply = raw.recv(65536).decode(errors="replace")
        except OSError:
            return None
        return reply

    def hget(self, key, field):
        reply = self.command("HGET", key, field)
        if reply is None or reply.startswith("$-1"):
            return None
        return reply.split("\r\n")[1]
