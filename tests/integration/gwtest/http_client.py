"""The one HTTP client of the integration tests (http.client, one request per connection, redirects returned as
they are, plain or TLS), a held-open text/event-stream reader, and the JSON-RPC messages most tests send."""
import http.client
import json
import socket
import ssl
import time
import urllib.parse

ACCEPT_BOTH = "application/json, text/event-stream"


def _connection(port, tls, timeout, host="127.0.0.1", context=None):
    if not tls:
        return http.client.HTTPConnection(host, port, timeout=timeout)
    # Certificates are made at test time; a test that verifies TLS passes its CA's context.
    return http.client.HTTPSConnection(host, port, timeout=timeout,
                                       context=context or ssl._create_unverified_context())


class Headers(dict):
    """A response's headers by lower-case name (the last value where one repeats); all(name) gives every
    value, for checks that a proxy did not add a second one."""

    def __init__(self, pairs):
        super().__init__((k.lower(), v) for k, v in pairs)
        self.pairs = pairs

    def all(self, name):
        return [v for k, v in self.pairs if k.lower() == name.lower()]


class Http:
    """Requests to 127.0.0.1:port (`tls` for NGINX in front). Every method returns (status, Headers, body) and
    raises only on a network error."""

    def __init__(self, port, tls=False, host="127.0.0.1", context=None):
        self.port, self.tls, self.host, self.context = port, tls, host, context
        self.base = "%s://%s:%d" % ("https" if tls else "http", host, port)

    def request(self, method, path, body=None, headers=None, timeout=15):
        """The body text as it came (undecodable bytes replaced). A body without a Content-Type is sent as
        application/json."""
        hdrs = dict(headers or {})
        if body is not None and not any(k.lower() == "content-type" for k in hdrs):
            hdrs["Content-Type"] = "application/json"
        conn = _connection(self.port, self.tls, timeout, self.host, self.context)
        try:
            conn.request(method, path, body=body.encode() if isinstance(body, str) else body, headers=hdrs)
            resp = conn.getresponse()
            text = resp.read().decode(errors="replace")
            return resp.status, Headers(resp.getheaders()), text
        finally:
            conn.close()

    def post(self, path, message, headers=None):
        """A JSON-RPC message (a dict, or text as it is) as an MCP client POSTs it; the answer parsed."""
        body = message if isinstance(message, (str, bytes)) else json.dumps(message)
        status, h, text = self.request("POST", path, body, dict({"Accept": ACCEPT_BOTH}, **(headers or {})))
        return status, h, (json.loads(text) if text else None)

    def get_json(self, path, headers=None):
        status, hdrs, text = self.request("GET", path, headers=headers)
        return status, hdrs, (json.loads(text) if text else None)

    def post_json(self, path, doc, headers=None):
        status, hdrs, text = self.request("POST", path, json.dumps(doc), headers)
        return status, hdrs, (json.loads(text) if text else None)

    def post_form(self, path, fields, headers=None):
        """The answer parsed as JSON where it is JSON (RFC 6749 errors), else the text (an HTML page)."""
        h = dict({"Content-Type": "application/x-www-form-urlencoded"}, **(headers or {}))
        status, hdrs, text = self.request("POST", path, urllib.parse.urlencode(fields), h)
        try:
            doc = json.loads(text) if text else None
        except ValueError:
            doc = text
        return status, hdrs, doc


class SseStream:
    """A held-open GET text/event-stream, read incrementally with bounded waits (`tls` through NGINX)."""

    def __init__(self, port, path, headers=None, timeout=10, tls=False):
        self.conn = _connection(port, tls, timeout)
        self.conn.request("GET", path, headers=dict({"Accept": "text/event-stream"}, **(headers or {})))
        self.resp = self.conn.getresponse()
        self.status = self.resp.status
        self.headers = Headers(self.resp.getheaders())
        self.text = ""

    def read_until(self, needle, seconds=10):
        deadline = time.monotonic() + seconds
        while needle not in self.text and time.monotonic() < deadline:
            chunk = self.resp.read1(65536)
            if not chunk:
                break
            self.text += chunk.decode()
        return self.text

    def events(self):
        """[(event, data)] of the complete events read so far."""
        out = []
        for block in self.text.split("\n\n")[:-1]:
            event, data = "message", []
            for line in block.split("\n"):
                if line.startswith("event: "):
                    event = line[len("event: "):]
                elif line.startswith("data: "):
                    data.append(line[len("data: "):])
            if data:
                out.append((event, "\n".join(data)))
        return out

    def close(self):
        # Shut the socket down first: a read blocked on it in another thread returns at once instead of
        # holding the reader's lock (and so close()) until the next keep-alive arrives.
        if self.conn.sock is not None:
            try:
                self.conn.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.conn.close()


def initialize_body(version, request_id=1):
    return json.dumps({"jsonrpc": "2.0", "id": request_id, "method": "initialize",
                       "params": {"protocolVersion": version, "capabilities": {},
                                  "clientInfo": {"name": "raw-http-test", "version": "1"}}})


def tools_call(query, request_id=1, tool="execute_sql"):
    """A tools/call message of `tool` with {"query": query}."""
    return {"jsonrpc": "2.0", "id": request_id, "method": "tools/call",
            "params": {"name": tool, "arguments": {"query": query}}}


def rows_of(body, result_set=0):
    """The rows of a tools/call answer's result set."""
    return body["result"]["structuredContent"]["resultSets"][result_set]["rows"]
