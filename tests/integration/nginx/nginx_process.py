"""A real NGINX (Debian's) on loopback ports, with the site `mssql-mcp-gateway nginx-config` generates and a
TLS certificate made at test time, in front of a running gateway; plus HTTPS and SSE clients for it.

The operator's commands are what the tests run: `nginx-config` writes the site, `nginx -t` checks it,
`nginx -s reload` applies a regenerated one."""
import http.client
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "mcp"))
from gateway import Devserver, Gateway, gateway_binary, free_port  # noqa: E402
from mcp_gateway import SseStream  # noqa: E402

SERVER_NAME = "mcp.test"


def nginx_binary():
    return shutil.which("nginx") or "/usr/sbin/nginx"


def _tls_context():
    # The certificate is self-signed, made at test time.
    return ssl._create_unverified_context()


class NginxInFront:
    """NGINX with the generated site in front of gateway (anything with .port and .config_path)."""

    def __init__(self, gateway, config_path):
        self.dir = tempfile.mkdtemp(prefix="nginx-test-")
        for sub in ("logs", "tmp", "acme/.well-known/acme-challenge"):
            os.makedirs(os.path.join(self.dir, sub))
        self.cert, self.key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=" + SERVER_NAME, "-keyout", self.key, "-out", self.cert],
                       check=True, capture_output=True)
        self.http_port, self.https_port = free_port(), free_port()
        self.conf = os.path.join(self.dir, "nginx.conf")
        self._write_main_conf()
        self.generate_site(config_path, gateway.port)
        self.test_output = self.check()
        self.proc = subprocess.Popen(self._nginx_args("-g", "daemon off;"), stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=1)
                probe.request("HEAD", "/")
                probe.close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("nginx did not start")

    def _nginx_args(self, *extra):
        return [nginx_binary(), "-p", self.dir, "-c", self.conf, *extra]

    def _write_main_conf(self):
        user = "user root;\n" if os.getuid() == 0 else ""
        temp = "".join("    %s_temp_path %s/tmp/%s;\n" % (k, self.dir, k)
                       for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        with open(self.conf, "w") as f:
            f.write(f"{user}worker_processes 1;\npid {self.dir}/nginx.pid;\nerror_log {self.dir}/logs/error.log;\n"
                    f"events {{ worker_connections 1024; }}\n"
                    f"http {{\n    access_log {self.dir}/logs/access.log;\n{temp}"
                    f"    include {self.dir}/site.conf;\n}}\n")

    def generate_site(self, config_path, upstream_port):
        """`mssql-mcp-gateway nginx-config` for this host's ports and certificate; returns the site text."""
        site = subprocess.run(
            [gateway_binary(), "nginx-config", "--config", config_path, "--server-name", SERVER_NAME,
             "--upstream", "127.0.0.1:%d" % upstream_port, "--listen-address", "127.0.0.1",
             "--http-port", str(self.http_port), "--https-port", str(self.https_port),
             "--certificate", self.cert, "--certificate-key", self.key],
            check=True, capture_output=True, text=True).stdout
        site = site.replace("root /var/www/certbot;", "root %s/acme;" % self.dir)
        with open(os.path.join(self.dir, "site.conf"), "w") as f:
            f.write(site)
        self.site = site
        return site

    def check(self):
        """`nginx -t`; returns its output (it reports on stderr)."""
        check = subprocess.run(self._nginx_args("-t"), capture_output=True, text=True)
        if check.returncode != 0:
            raise AssertionError("nginx -t failed:\n" + check.stderr)
        return check.stderr

    def reload(self):
        """`nginx -s reload`: the master re-reads the config and starts new workers; old ones finish."""
        subprocess.run(self._nginx_args("-s", "reload"), check=True, capture_output=True, text=True)

    def https(self, method, path, headers=None, body=None, timeout=10):
        conn = http.client.HTTPSConnection("127.0.0.1", self.https_port, context=_tls_context(), timeout=timeout)
        conn.request(method, path, body=body, headers=headers or {})
        try:
            resp = conn.getresponse()
            return resp.status, resp.getheaders(), resp.read().decode()
        finally:
            conn.close()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class TlsSse(SseStream):
    """SseStream (read_until, events) over TLS, for streams through NGINX."""

    def __init__(self, port, path, headers=None, timeout=10):
        self.conn = http.client.HTTPSConnection("127.0.0.1", port, context=_tls_context(), timeout=timeout)
        self.conn.request("GET", path, headers=dict({"Accept": "text/event-stream"}, **(headers or {})))
        self.resp = self.conn.getresponse()
        self.status = self.resp.status
        self.headers = {k.lower(): v for k, v in self.resp.getheaders()}
        self.text = ""

    def close(self):
        # Shut the socket down first: a read blocked on it in another thread returns at once instead of
        # holding the reader's lock (and so close()) until the next keep-alive arrives.
        if self.conn.sock is not None:
            try:
                self.conn.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.conn.close()


class GatewayBehindNginx(unittest.TestCase):
    """Per test class: a TDS devserver, a gateway on CONFIG (its {database} filled in) and NGINX in front."""

    CONFIG = ""

    @classmethod
    def database_yaml(cls, devserver):
        return devserver.database_yaml()

    @classmethod
    def setUpClass(cls):
        cls.db = Devserver()
        cls.gw = Gateway(cls.CONFIG.format(database=cls.database_yaml(cls.db)))
        cls.nginx = NginxInFront(cls.gw, cls.gw.config_path)

    @classmethod
    def tearDownClass(cls):
        cls.nginx.stop()
        cls.gw.stop()
        cls.db.stop()
