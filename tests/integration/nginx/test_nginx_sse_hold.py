"""MCP streams held open through a real NGINX (generated site, TLS) for longer than NGINX's default 60 s
proxy_read_timeout: a legacy HTTP+SSE stream that still carries a response to a request sent after the 65th
second, a Streamable HTTP GET stream that stays open, and a tool call that is silent for 66 s.

Who keeps what alive: the gateway writes an SSE comment (`: keepalive`) on an idle stream every 15 s, so
the streams would survive NGINX's 60 s default on their own; the test checks that those comments are all
an idle stream carries and that no gap reaches 60 s. A JSON tool call carries no bytes until its answer, so
the 66 s WAITFOR is what only the site's proxy_read_timeout (>= 310 s: the gateway's 290 s query limit
plus margin) lets through; the site text is checked for that and for buffering off.

The 66 s are real time on purpose: NGINX's timer cannot be injected. The three holds run at once, so the
test takes about 70 s."""
import json
import os
import re
import threading
import time
import unittest

from gwtest.fixtures import GatewayBehindNginx
from gwtest.http_client import ACCEPT_BOTH, SseStream

HOLD_SECONDS = 66  # past NGINX's default proxy_read_timeout (60 s), with a request after the 65th s
KEEPALIVE = ": keepalive\n\n"

# WAITFOR is refused in read-only scopes, hence read_only: false; the query may run past the hold.
CONFIG = """
server:
  trusted_proxies: [127.0.0.1/32]
  data_dir: "@DATA_DIR@"
scopes:
  demo:
    read_only: false
    database: {database}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
"""

JSON_HEADERS = {"Content-Type": "application/json", "Accept": ACCEPT_BOTH}


def rpc(request_id, method, params=None):
    message = {"jsonrpc": "2.0", "method": method}
    if request_id is not None:
        message["id"] = request_id
    if params is not None:
        message["params"] = params
    return json.dumps(message)


def initialize(request_id, version):
    return rpc(request_id, "initialize", {"protocolVersion": version, "capabilities": {},
                                          "clientInfo": {"name": "nginx-hold-test", "version": "1"}})


class StreamRecorder:
    """Reads an SseStream on its own thread, keeping each chunk with the time it arrived."""

    def __init__(self, stream):
        self.stream = stream
        self.chunks = []  # (time.monotonic(), text)
        self.ended = None  # why reading stopped, once it has
        self.opened = time.monotonic()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        try:
            while True:
                chunk = self.stream.resp.read1(65536)
                if not chunk:
                    self.ended = "the stream ended"
                    return
                self.chunks.append((time.monotonic(), chunk.decode()))
        except Exception as e:  # a cut stream (IncompleteRead), a reset, or the close at teardown
            self.ended = repr(e)

    def text(self, since=0.0):
        return "".join(t for at, t in list(self.chunks) if at >= since)

    def wait_for(self, needle, since=0.0, seconds=10):
        deadline = time.monotonic() + seconds
        while needle not in self.text(since) and self.ended is None and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.text(since)

    def longest_silence(self, until):
        """Longest time without a byte between opening and until."""
        times = [self.opened] + [at for at, _ in list(self.chunks) if at <= until] + [until]
        return max(b - a for a, b in zip(times, times[1:]))


def location_block(site, pattern):
    start = site.index("    location ~* " + pattern + " {")
    return site[start:site.index("\n    }\n", start)]


def seconds_of(value):
    """An NGINX time value ("3600s", "10m", "300") in seconds."""
    number, unit = re.fullmatch(r"(\d+)(s|m|h)?", value).groups()
    return int(number) * {"s": 1, "m": 60, "h": 3600, None: 1}[unit]


class SseHoldThroughNginxTest(GatewayBehindNginx):
    CONFIG = CONFIG

    DATABASE_OPTIONS = {"query_timeout_s": 120}  # the query limit must outlast the 66 s WAITFOR

    def test_streams_and_a_silent_call_outlast_nginx_default_read_timeout(self):
        stream_settings = location_block(self.nginx.site, r"^/demo/(mcp|sse|messages)/?$")
        for directive in ("proxy_read_timeout", "proxy_send_timeout"):
            value = re.search(r"\n\s*%s (\S+);" % directive, stream_settings).group(1)
            self.assertGreaterEqual(seconds_of(value), 310, directive)
        for directive in ("proxy_buffering off;", "proxy_cache off;", "gzip off;"):
            self.assertIn(directive, stream_settings)

        legacy = self.open_legacy_stream()
        session, listening = self.open_streamable_get_stream()
        silent_call = self.start_silent_tool_call()
        start = time.monotonic()
        try:
            # Nothing to do but let time pass: the point is NGINX's real 60 s timer.
            time.sleep(max(0.0, start + HOLD_SECONDS - time.monotonic()))
            held_until = time.monotonic()

            # Legacy: a request after the 65th second, answered on the same stream.
            status, _, body = self.nginx.https("POST", legacy.endpoint, body=rpc(2, "tools/list"),
                                               headers={"Content-Type": "application/json"})
            self.assertEqual(status, 202, body)
            text = legacy.wait_for('"id":2', since=held_until)
            self.assertIn('"name":"execute_sql"', text, legacy.ended)
            self.assert_idle_traffic_is_keepalives(legacy, "legacy SSE", start, held_until)

            # Streamable HTTP: the GET stream is still open and the session still answers.
            self.assertIsNone(listening.ended)
            status, _, body = self.nginx.https("POST", "/demo/mcp", body=rpc(3, "ping"),
                                               headers=dict(JSON_HEADERS, **{"Mcp-Session-Id": session}))
            self.assertEqual((status, json.loads(body)), (200, {"jsonrpc": "2.0", "id": 3, "result": {}}))
            self.assert_idle_traffic_is_keepalives(listening, "GET /demo/mcp", start, held_until)

            silent_call["thread"].join(timeout=60)
            self.assertEqual(silent_call.get("status"), 200, silent_call)
            print("silent tools/call: answered after %.1f s" % silent_call["seconds"])
            self.assertGreaterEqual(silent_call["seconds"], HOLD_SECONDS)
            result = json.loads(silent_call["body"])["result"]
            self.assertFalse(result["isError"], result)
            self.assertIn('"rows":[[1]]', result["content"][0]["text"])
        finally:
            legacy.stream.close()
            listening.stream.close()
        with open(os.path.join(self.nginx.dir, "logs", "error.log")) as f:
            self.assertNotIn("timed out", f.read())

    def open_legacy_stream(self):
        stream = StreamRecorder(SseStream(self.nginx.https_port, "/demo/sse", timeout=120, tls=True))
        self.assertEqual(stream.stream.resp.status, 200)
        text = stream.wait_for("\n\n")
        self.assertTrue(text.startswith("event: endpoint\ndata: /demo/messages?session_id="), text)
        stream.endpoint = text.split("data: ", 1)[1].split("\n", 1)[0]
        status, _, _ = self.nginx.https("POST", stream.endpoint, body=initialize(1, "2024-11-05"),
                                        headers={"Content-Type": "application/json"})
        self.assertEqual(status, 202)
        self.assertIn('"protocolVersion":"2024-11-05"', stream.wait_for('"id":1'))
        self.nginx.https("POST", stream.endpoint, body=rpc(None, "notifications/initialized"),
                         headers={"Content-Type": "application/json"})
        return stream

    def open_streamable_get_stream(self):
        status, headers, body = self.nginx.https("POST", "/demo/mcp", body=initialize(1, "2025-11-25"),
                                                 headers=JSON_HEADERS)
        self.assertEqual(status, 200, body)
        session = headers["mcp-session-id"]
        with_session = dict(JSON_HEADERS, **{"Mcp-Session-Id": session, "MCP-Protocol-Version": "2025-11-25"})
        status, _, _ = self.nginx.https("POST", "/demo/mcp", body=rpc(None, "notifications/initialized"),
                                        headers=with_session)
        self.assertEqual(status, 202)
        stream = StreamRecorder(SseStream(self.nginx.https_port, "/demo/mcp", timeout=120, tls=True,
                                          headers={"Mcp-Session-Id": session}))
        self.assertEqual(stream.stream.resp.status, 200)
        self.assertEqual(stream.wait_for("\n\n"), ": stream open\n\n")
        return session, stream

    def start_silent_tool_call(self):
        """A JSON (not SSE) tools/call whose query waits HOLD_SECONDS: no byte flows until the answer."""
        outcome = {}
        call = rpc(4, "tools/call", {"name": "execute_sql", "arguments": {
            "query": "WAITFOR DELAY '00:01:%02d'; SELECT 1 AS done" % (HOLD_SECONDS - 60)}})

        def run():
            began = time.monotonic()
            status, _, body = self.nginx.https("POST", "/demo/mcp", body=call, headers=JSON_HEADERS, timeout=120)
            outcome.update(status=status, body=body, seconds=time.monotonic() - began)

        outcome["thread"] = threading.Thread(target=run, daemon=True)
        outcome["thread"].start()
        return outcome

    def assert_idle_traffic_is_keepalives(self, stream, name, start, held_until):
        idle = "".join(t for at, t in list(stream.chunks) if start <= at <= held_until)
        count = idle.count(KEEPALIVE)
        print("%s: %d keep-alive comments in %.0f s idle, longest silence %.1f s" % (
            name, count, held_until - start, stream.longest_silence(held_until)))
        self.assertEqual(idle, KEEPALIVE * count, name + ": an idle stream carries only keep-alives")
        self.assertGreaterEqual(count, 3, name)
        self.assertLess(stream.longest_silence(held_until), 60, name)


if __name__ == "__main__":
    unittest.main(verbosity=2)
