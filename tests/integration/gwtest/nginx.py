"""A real NGINX (Debian's) on loopback with the site config `mssql-mcp-gateway nginx-config` generates, TLS with
certificates made at test time, in front of a running gateway (gwtest.processes)."""
import http.client
import os
import shutil
import subprocess
import tempfile
import time

from gwtest.http_client import Http
from gwtest.processes import _started, free_port, gateway_binary


def nginx_binary():
    return shutil.which("nginx") or "/usr/sbin/nginx"


def _openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


class TestCertificates:
    """A throwaway CA and a server certificate it signed for localhost and 127.0.0.1 (subjectAltName, which
    Node and Python verify): clients trust `ca` (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE) instead of turning
    verification off."""

    def __init__(self, directory):
        self.ca, ca_key = os.path.join(directory, "ca.pem"), os.path.join(directory, "ca.key")
        self.cert, self.key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
        _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days",
                 "1", "-subj", "/CN=mssql-mcp-gateway test CA", "-keyout", ca_key, "-out", self.ca,
                 "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
        csr = os.path.join(directory, "server.csr")
        _openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                 "-subj", "/CN=localhost", "-keyout", self.key, "-out", csr)
        ext = os.path.join(directory, "server.ext")
        with open(ext, "w") as f:
            f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
                    "basicConstraints=CA:FALSE\n")
        _openssl("x509", "-req", "-in", csr, "-CA", self.ca, "-CAkey", ca_key, "-CAcreateserial", "-days", "1",
                 "-extfile", ext, "-out", self.cert)


class NginxInFront:
    """NGINX with the generated site for `config_path`, proxying to `gateway` (or to every port of
    `upstream_ports`: replicas). `https_port` may be chosen beforehand (a config whose public_base_url names it);
    `certificates` defaults to a self-signed one."""

    def __init__(self, gateway, config_path, https_port=None, certificates=None, upstream_ports=None):
        self.dir = tempfile.mkdtemp(prefix="nginx-test-")
        for sub in ("logs", "tmp", "acme/.well-known/acme-challenge"):
            os.makedirs(os.path.join(self.dir, sub))
        if certificates is None:
            cert, key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
            _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=mcp.test",
                     "-keyout", key, "-out", cert)
        else:
            cert, key = certificates.cert, certificates.key
        self.cert, self.key = cert, key
        self.http_port, self.https_port = free_port(), https_port or free_port()
        self.conf = os.path.join(self.dir, "nginx.conf")
        self._write_main_conf()
        self.generate_site(config_path, upstream_ports or gateway.port)
        self.test_output = self.check()
        self.http = Http(self.https_port, tls=True)
        self.proc = subprocess.Popen(self._nginx_args("-g", "daemon off;"), stderr=subprocess.PIPE)
        _started.append(self.proc)
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
                    f"http {{\n    access_log {self.dir}/logs/access.log;\n{temp}    include {self.dir}/site.conf;\n}}\n")

    def generate_site(self, config_path, upstream_port):
        """The operator's `mssql-mcp-gateway nginx-config`, for this NGINX's ports and certificate, written
        where nginx.conf includes it; returns (and keeps in .site) the site text. `upstream_port`: one port or a
        list (one --upstream each)."""
        ports = upstream_port if isinstance(upstream_port, (list, tuple)) else [upstream_port]
        upstreams = [arg for port in ports for arg in ("--upstream", "127.0.0.1:%d" % port)]
        site = subprocess.run(
            [gateway_binary(), "nginx-config", "--config", config_path, "--server-name", "mcp.test",
             *upstreams, "--listen-address", "127.0.0.1",
             "--http-port", str(self.http_port), "--https-port", str(self.https_port),
             "--certificate", self.cert, "--certificate-key", self.key],
            check=True, capture_output=True, text=True).stdout
        self.site = site.replace("root /var/www/certbot;", "root %s/acme;" % self.dir)
        with open(os.path.join(self.dir, "site.conf"), "w") as f:
            f.write(self.site)
        return self.site

    def check(self):
        """`nginx -t`; returns its report (stderr)."""
        check = subprocess.run(self._nginx_args("-t"), capture_output=True, text=True)
        if check.returncode != 0:
            raise AssertionError("nginx -t failed:\n" + check.stderr)
        return check.stderr

    def reload(self):
        """`nginx -s reload`: the master re-reads the config and starts new workers; the old ones finish."""
        subprocess.run(self._nginx_args("-s", "reload"), check=True, capture_output=True, text=True)

    def https(self, method, path, headers=None, body=None, timeout=10):
        """A request through NGINX (its certificate not verified): (status, Headers, body text)."""
        return self.http.request(method, path, body, headers, timeout)

    def access_log(self):
        with open(os.path.join(self.dir, "logs", "access.log")) as f:
            return f.read()

    def access_log_count(self, needle, expected, timeout=5.0):
        """How often `needle` is in the access log, waiting (bounded) until it is there `expected` times.

        NGINX writes a request's line after the client already has the whole response, so a count read right after
        the last response can be one short.
        """
        deadline = time.monotonic() + timeout
        while True:
            count = self.access_log().count(needle)
            if count >= expected or time.monotonic() >= deadline:
                return count
            time.sleep(0.02)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
