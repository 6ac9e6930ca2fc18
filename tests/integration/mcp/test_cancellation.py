"""Cancellation that reaches the database, through a real gateway, real HTTP and the real TDS devserver.

A tools/call runs `WAITFOR DELAY '00:00:30'`; the client then cancels it (notifications/cancelled) or goes
away where the answer could no longer be delivered (a JSON POST's connection, an SSE response stream, the
legacy SSE stream). Each case shows, by events and their order rather than by milliseconds: the devserver
started the wait, then received the ATTENTION and cut the wait short (it never ended on its own), then
acknowledged it; the gateway's audit line says `cancelled`; and the next call runs on the same database
connection (the pool has one), so the connection came back clean. A legacy SSE POST whose own connection
closes while its stream stays open is NOT cancelled: its answer still arrives on the stream.

In the 2026-07-28 era (stateless, no session) a client closing the response stream cancels, through the
same watch (RequestContext::cancel_on_disconnect): both the JSON answer and the SSE answer are tried."""
import json
import os
import socket
import threading
import time
import unittest

from gwtest.fixtures import GatewayTest
from gwtest.http_client import ACCEPT_BOTH, SseStream, initialize_body, tools_call

SLOW = "WAITFOR DELAY '00:00:30'; SELECT 1 AS v"
VERSION = "2025-11-25"
MODERN = "2026-07-28"

CONFIG = """
server:
  data_dir: "@DATA_DIR@"
scopes:
  rw:
    read_only: false
    database: {database}
    pool: {max_size: 1}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
"""


def call_message(request_id, query, progress_token=None):
    message = tools_call(query, request_id)
    if progress_token is not None:
        message["params"]["_meta"] = {"progressToken": progress_token}
    return message


def modern_call_message(request_id, query, progress_token=None):
    """A 2026-07-28 tools/call: its version and capabilities travel in _meta."""
    message = call_message(request_id, query, progress_token)
    message["params"].setdefault("_meta", {}).update({
        "io.modelcontextprotocol/protocolVersion": MODERN,
        "io.modelcontextprotocol/clientCapabilities": {}})
    return message


MODERN_HEADERS = {"Mcp-Method": "tools/call", "Mcp-Name": "execute_sql"}


def raw_post(port, path, message, headers=None, version=VERSION):
    """Sends one POST on a socket of its own and returns the socket, unread: the test decides when the
    client goes away."""
    body = json.dumps(message).encode()
    lines = ["POST %s HTTP/1.1" % path, "Host: 127.0.0.1:%d" % port, "Content-Type: application/json",
             "Accept: " + ACCEPT_BOTH, "Content-Length: %d" % len(body), "MCP-Protocol-Version: " + version]
    lines += ["%s: %s" % kv for kv in (headers or {}).items()]
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    return sock


class Cancellation(GatewayTest):
    CONFIG = CONFIG

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit_path = os.path.join(cls.gw.dir, "data", "audit.log")
        cls.db_log = os.path.join(cls.db.dir, "log")
        # The pool's one connection is opened here, so every later call shows whether it was kept.
        cls.assert_next_call_works(cls)

    # --- helpers -------------------------------------------------------------------------------------

    def db_lines(self):
        with open(self.db_log) as f:
            return [line.rstrip("\n") for line in f]

    def wait_db_line(self, needle, after=0, seconds=20):
        """Index of the first devserver log line at or past `after` that contains needle."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            lines = self.db_lines()
            for i in range(after, len(lines)):
                if needle in lines[i]:
                    return i
            time.sleep(0.01)
        self.fail("the devserver never logged %r; its log:\n%s" % (needle, "\n".join(self.db_lines())))

    def connections_opened(self):
        return sum(1 for line in self.db_lines() if " from " in line)

    def audit_lines(self):
        with open(self.audit_path) as f:
            return [json.loads(line) for line in f if line.strip()]

    def wait_audit(self, count, seconds=20):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            lines = self.audit_lines()
            if len(lines) >= count:
                return lines[count - 1]
            time.sleep(0.01)
        self.fail("no audit line %d: %s" % (count, self.audit_lines()))

    def assert_next_call_works(self):
        status, _, body = self.http.post("/rw/mcp", call_message(99, "SELECT 7 AS v"),
                                         {"MCP-Protocol-Version": VERSION})
        assert status == 200 and not body["result"]["isError"], body
        assert body["result"]["structuredContent"]["resultSets"][0]["rows"] == [[7]], body

    def start_slow_call(self):
        """(index of the devserver's `WAITFOR ... started` line, audit lines so far, connections)."""
        return len(self.db_lines()), len(self.audit_lines()), self.connections_opened()

    def assert_cancelled_on_the_server(self, mark, cancel_sent_at, case):
        """The order of events after a cancel: started -> attention received -> acknowledged, the audit
        line, and the next call on the same connection."""
        db_mark, audit_count, connections = mark
        started = self.wait_db_line("WAITFOR DELAY of 30000 ms started", db_mark)
        cut = self.wait_db_line("WAITFOR DELAY cut short: attention received", started)
        acknowledged = self.wait_db_line("attention acknowledged", cut)
        print("%s: attention acknowledged %.0f ms after the client's cancel (informational)"
              % (case, (time.monotonic() - cancel_sent_at) * 1e3))
        self.assertLess(started, cut)
        self.assertLess(cut, acknowledged)
        self.assertFalse(any("WAITFOR DELAY ended" in line for line in self.db_lines()[db_mark:]),
                         "the wait ran to its end")
        audit = self.wait_audit(audit_count + 1)
        self.assertEqual(audit["outcome"], "cancelled", audit)
        self.assertEqual(audit["query"], SLOW)
        self.assertEqual(audit["error"], "the query was cancelled by the client")
        self.assert_next_call_works()
        self.assertEqual(self.connections_opened(), connections, "the pool replaced its connection")

    def read_response_head(self, sock):
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(4096)
            self.assertTrue(chunk, "the gateway closed the stream")
            head += chunk
        return head

    def initialize(self):
        status, headers, body = self.http.post("/rw/mcp", initialize_body(VERSION))
        self.assertEqual(status, 200, body)
        session = headers["mcp-session-id"]
        hdrs = {"Mcp-Session-Id": session, "MCP-Protocol-Version": VERSION}
        status, _, _ = self.http.post("/rw/mcp", {"jsonrpc": "2.0", "method": "notifications/initialized"},
                                      hdrs)
        self.assertEqual(status, 202)
        return hdrs

    # --- initialize era, Streamable HTTP ---------------------------------------------------------------

    def test_notifications_cancelled_reaches_the_running_query(self):
        hdrs = self.initialize()
        mark = self.start_slow_call()
        outcome = {}
        caller = threading.Thread(target=lambda: outcome.update(
            r=self.http.post("/rw/mcp", call_message(5, SLOW), hdrs)))
        caller.start()
        self.wait_db_line("WAITFOR DELAY of 30000 ms started", mark[0])
        sent = time.monotonic()
        status, _, _ = self.http.post("/rw/mcp", {"jsonrpc": "2.0", "method": "notifications/cancelled",
                                                  "params": {"requestId": 5, "reason": "user"}}, hdrs)
        self.assertEqual(status, 202)
        self.assert_cancelled_on_the_server(mark, sent, "notifications/cancelled")
        caller.join(timeout=20)
        self.assertFalse(caller.is_alive())
        # basic/utilities/cancellation: the cancelled request gets no response.
        status, _, body = outcome["r"]
        self.assertEqual(status, 202, body)
        self.assertIsNone(body)

    def test_a_client_gone_from_a_json_post_cancels(self):
        mark = self.start_slow_call()
        sock = raw_post(self.gw.port, "/rw/mcp", call_message(6, SLOW))
        self.wait_db_line("WAITFOR DELAY of 30000 ms started", mark[0])
        sent = time.monotonic()
        sock.close()
        self.assert_cancelled_on_the_server(mark, sent, "JSON POST closed")

    def test_a_closed_sse_response_stream_cancels(self):
        mark = self.start_slow_call()
        sock = raw_post(self.gw.port, "/rw/mcp", call_message(7, SLOW, progress_token="p7"))
        self.assertIn(b"text/event-stream", self.read_response_head(sock))
        self.wait_db_line("WAITFOR DELAY of 30000 ms started", mark[0])
        sent = time.monotonic()
        sock.close()
        self.assert_cancelled_on_the_server(mark, sent, "SSE response stream closed")

    # --- 2026-07-28: closing the response stream is the cancel ------------------------------------------

    def test_2026_a_client_closing_its_json_post_cancels(self):
        mark = self.start_slow_call()
        sock = raw_post(self.gw.port, "/rw/mcp", modern_call_message(8, SLOW), MODERN_HEADERS, MODERN)
        self.wait_db_line("WAITFOR DELAY of 30000 ms started", mark[0])
        sent = time.monotonic()
        sock.close()
        self.assert_cancelled_on_the_server(mark, sent, "2026-07-28 JSON POST closed")

    def test_2026_a_closed_sse_response_stream_cancels(self):
        mark = self.start_slow_call()
        sock = raw_post(self.gw.port, "/rw/mcp", modern_call_message(9, SLOW, progress_token="p9"),
                        MODERN_HEADERS, MODERN)
        self.assertIn(b"text/event-stream", self.read_response_head(sock))
        self.wait_db_line("WAITFOR DELAY of 30000 ms started", mark[0])
        sent = time.monotonic()
        sock.close()
        self.assert_cancelled_on_the_server(mark, sent, "2026-07-28 SSE response stream closed")

    # --- initialize era, legacy HTTP+SSE ---------------------------------------------------------------

    def open_legacy_session(self):
        stream = SseStream(self.gw.port, "/rw/sse")
        self.assertEqual(stream.status, 200)
        stream.read_until("event: endpoint")
        endpoint = stream.events()[0][1]
        status, _, _ = self.http.request("POST", endpoint, initialize_body("2024-11-05"),
                                         {"Accept": ACCEPT_BOTH})
        self.assertEqual(status, 202)
        stream.read_until('"id":1')
        return stream, endpoint

    def test_closing_the_legacy_stream_cancels_its_running_call(self):
        stream, endpoint = self.open_legacy_session()
        mark = self.start_slow_call()
        post = raw_post(self.gw.port, endpoint, call_message(8, SLOW))
        self.wait_db_line("WAITFOR DELAY of 30000 ms started", mark[0])
        sent = time.monotonic()
        stream.close()
        self.assert_cancelled_on_the_server(mark, sent, "legacy SSE stream closed")
        post.close()

    def test_a_legacy_post_that_leaves_while_its_stream_is_open_is_not_cancelled(self):
        # transports § HTTP with SSE: the answer travels on the stream, which is still open, so the POST's
        # own connection closing is not a cancel (the 2025 specs: a disconnect alone is not one).
        stream, endpoint = self.open_legacy_session()
        db_mark, audit_count, _ = self.start_slow_call()
        post = raw_post(self.gw.port, endpoint, call_message(9, "WAITFOR DELAY '00:00:01'; SELECT 2 AS v"))
        started = self.wait_db_line("WAITFOR DELAY of 1000 ms started", db_mark)
        post.close()
        self.wait_db_line("WAITFOR DELAY ended", started)
        text = stream.read_until('"id":9')
        answer = [json.loads(data) for event, data in stream.events() if '"id":9' in data]
        self.assertEqual(len(answer), 1, text)
        # 2024-11-05 has no structuredContent: the text block mirrors it.
        result = json.loads(answer[0]["result"]["content"][0]["text"])
        self.assertEqual(result["resultSets"][0]["rows"], [[2]])
        self.assertEqual(self.wait_audit(audit_count + 1)["outcome"], "ok")
        stream.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
