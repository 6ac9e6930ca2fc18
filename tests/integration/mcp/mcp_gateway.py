"""A gateway configured for the MCP integration tests, and small HTTP/SSE helpers over http.client."""
import http.client
import json
import os
import select
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from gateway import Gateway  # noqa: E402,F401

# demo: open for development (no OAuth token needed at all); methods: tools/call still needs a token; closed: nothing
# without a token. The database port is closed: these tests are about the transport, not SQL.
CONFIG = """
server:
  data_dir: "@DATA_DIR@"
  trusted_proxies: [127.0.0.1/32]
  allowed_origins: [https://claude.ai, https://claude.com, https://chatgpt.com]
  max_body_bytes: 65536
scopes:
  demo:
    description: Demo database
    database: {host: 127.0.0.1, port: 9, name: DemoDB, user: u, password: p}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
  methods:
    read_only: false
    database: {host: 127.0.0.1, port: 9, name: DemoDB, user: u, password: p}
    development:
      allow_unauthenticated_methods: true
  closed:
    database: {host: 127.0.0.1, port: 9, name: DemoDB, user: u, password: p}
  production:
    database: {host: 127.0.0.1, port: 9, name: Sales, user: u, password: p}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
  marketing:
    read_only: false
    database: {host: 127.0.0.1, port: 9, name: Marketing, user: u, password: p}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
"""

ACCEPT_BOTH = "application/json, text/event-stream"


class McpGateway(Gateway):
    """The shared launcher (lib/gateway.py), which reads the log on its own thread so no line is lost."""



def start_gateway():
    return McpGateway(CONFIG)


def initialize_body(version, request_id=1):
    return json.dumps({"jsonrpc": "2.0", "id": request_id, "method": "initialize",
                       "params": {"protocolVersion": version, "capabilities": {},
                                  "clientInfo": {"name": "raw-http-test", "version": "1"}}})


class Http:
    """One request per connection; returns (status, lower-case headers, body text)."""

    def __init__(self, port):
        self.port = port

    def call(self, method, path, body=None, headers=None, timeout=10):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            hdrs = {"Content-Type": "application/json"} if body is not None else {}
            hdrs.update(headers or {})
            conn.request(method, path, body=body, headers=hdrs)
            resp = conn.getresponse()
            text = resp.read().decode() if method != "HEAD" else ""
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, text
        finally:
            conn.close()

    def post(self, path, message, headers=None):
        body = message if isinstance(message, (str, bytes)) else json.dumps(message)
        hdrs = {"Accept": ACCEPT_BOTH}
        hdrs.update(headers or {})
        status, h, text = self.call("POST", path, body, hdrs)
        return status, h, (json.loads(text) if text else None)


class SseStream:
    """A held-open GET text/event-stream, read incrementally with bounded waits."""

    def __init__(self, port, path, headers=None, timeout=10):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        hdrs = {"Accept": "text/event-stream"}
        hdrs.update(headers or {})
        self.conn.request("GET", path, headers=hdrs)
        self.resp = self.conn.getresponse()
        self.status = self.resp.status
        self.headers = {k.lower(): v for k, v in self.resp.getheaders()}
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
        self.conn.close()
