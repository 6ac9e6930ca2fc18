"""Raw-HTTP helpers for the OAuth integration tests: requests that never follow redirects, PKCE, the
sign-in form, and password hashes in the gateway's format (scrypt$N$r$p$salt$hash)."""
import base64
import hashlib
import http.client
import json
import os
import re
import urllib.parse


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def hash_password(password, n=1024, r=8, p=1):
    """The format `mssql-mcp-gateway hash-password` writes (a small N keeps the tests fast)."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return "scrypt$%d$%d$%d$%s$%s" % (n, r, p, b64url(salt), b64url(digest))


def pkce_pair():
    verifier = b64url(os.urandom(32))
    challenge = b64url(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge


class Http:
    """One request per connection, redirects returned as they are."""

    def __init__(self, port):
        self.port = port
        self.base = "http://127.0.0.1:%d" % port

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        data = body.encode() if isinstance(body, str) else body
        conn.request(method, path, body=data, headers=headers or {})
        resp = conn.getresponse()
        text = resp.read().decode(errors="replace")
        hdrs = {k.lower(): v for k, v in resp.getheaders()}
        conn.close()
        return resp.status, hdrs, text

    def get_json(self, path, headers=None):
        status, hdrs, text = self.request("GET", path, headers=headers)
        return status, hdrs, (json.loads(text) if text else None)

    def post_json(self, path, doc, headers=None):
        h = {"Content-Type": "application/json"}
        h.update(headers or {})
        status, hdrs, text = self.request("POST", path, json.dumps(doc), h)
        return status, hdrs, (json.loads(text) if text else None)

    def post_form(self, path, fields, headers=None):
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        status, hdrs, text = self.request("POST", path, urllib.parse.urlencode(fields), h)
        try:
            doc = json.loads(text) if text else None
        except ValueError:
            doc = text
        return status, hdrs, doc


def form_fields(html):
    """The hidden fields of the sign-in form."""
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    action = re.search(r'<form method="post" action="([^"]+)">', html).group(1)
    return action, fields


def sign_in(client, authorize_path_and_query, username, password, origin=None):
    """GET the authorize URL, post the form; returns (status, headers, body) of the form POST."""
    status, _, html = client.request("GET", authorize_path_and_query)
    assert status == 200, "authorize page: %d %s" % (status, html[:300])
    action, fields = form_fields(html)
    fields.update({"username": username, "password": password, "action": "allow"})
    path = urllib.parse.urlsplit(action).path
    headers = {"Origin": origin or client.base}
    return client.post_form(path, fields, headers)


def query_of(location):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))


class ReadingGateway:
    """Mixin for lib/gateway.Gateway: one thread reads the gateway's stderr, so a start-up warning that
    arrives in the same pipe read as the "listening" line cannot hide it from select(). `port` restarts
    a gateway on the port an earlier one had (its public URL, hence its tokens' audience, unchanged)."""

    def __init__(self, config_text, port=0, env=None, wait_seconds=15):
        import subprocess
        import tempfile
        from gateway import _started, gateway_binary
        self.dir = tempfile.mkdtemp(prefix="gw-test-")
        self.config_path = os.path.join(self.dir, "tenants.yaml")
        with open(self.config_path, "w") as f:
            f.write(config_text.replace("@DATA_DIR@", os.path.join(self.dir, "data")))
        self.log_lines = []
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            [gateway_binary(), "serve", "--config", self.config_path, "--listen", "127.0.0.1:%d" % port],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=full_env)
        _started.append(self.proc)
        self.port = self._wait_for_listening(wait_seconds)
        self.base = "http://127.0.0.1:%d" % self.port

    def _wait_for_listening(self, wait_seconds):
        import queue
        import threading
        import time
        self._lines = queue.Queue()

        def pump(stream, sink):
            for line in stream:
                sink.put(line)
            sink.put(None)

        self._pump = threading.Thread(target=pump, args=(self.proc.stderr, self._lines), daemon=True)
        self._pump.start()
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:
                break
            self.log_lines.append(line)
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("msg") == "listening":
                return int(entry["address"].rsplit(":", 1)[1])
        raise AssertionError("gateway did not start: " + "".join(self.log_lines))

    def stop(self, sig=None, timeout=20):
        import signal as signals
        if self.proc.poll() is None:
            self.proc.send_signal(sig or signals.SIGTERM)
        code = self.proc.wait(timeout=timeout)
        self._pump.join(timeout=10)
        while not self._lines.empty():
            line = self._lines.get()
            if line is not None:
                self.log_lines.append(line)
        return code
