"""Slow clients holding connections open: sockets that send headers a byte at a time,
send nothing, or trickle a body are closed once server.read_timeout_s has passed since the request
began (a total bound, not a per-read one), while other clients are served with bounded latency; a
full connection table drains by the same timeout; a POST without Content-Length has an empty body
(RFC 9112 §6.3) and is answered at once."""
import json
import select
import statistics
import time
import unittest

from gwtest.processes import Devserver, Gateway
from gwtest.inspection import assert_log_is_json_lines, sanitized, threads_of
from harden_env import config, connect, raw_request, read_response, rss_kib

READ_TIMEOUT_S = 2
SLACK_S = 4.0 if sanitized() else 1.5   # starting 350 threads under AddressSanitizer takes seconds
DRIBBLERS = 200
SILENT = 100
SLOW_BODIES = 50
NORMAL_PATH = "/.well-known/oauth-authorization-server/demo"


def server_config(database_yaml, max_connections=4096):
    return config(database_yaml, server_extra="  read_timeout_s: %d\n  keep_alive_timeout_s: 5\n"
                  "  max_connections: %d\n  admin_listen: 127.0.0.1:0" % (READ_TIMEOUT_S, max_connections))


def admin_port(gateway):
    for line in gateway.log_lines:
        entry = json.loads(line)
        if entry.get("msg") == "admin listening":
            return int(entry["address"].rsplit(":", 1)[1])
    raise AssertionError("no admin listener in the log")


def normal_latencies(port, count):
    out = []
    for _ in range(count):
        start = time.monotonic()
        status, body = raw_request(port, "GET", NORMAL_PATH, timeout=15)
        out.append(time.monotonic() - start)
        assert status == 200, (status, body)
    return out


class SlowClients:
    """Sockets driven from one thread: each sends its opening, then one byte per `interval` forever.
    Remembers when the server closed each one."""

    def __init__(self, port):
        self.port = port
        self.socks = {}   # socket -> [kind, opened_at, closed_at, trickle bytes]

    def open(self, kind, opening, trickle):
        s = connect(self.port)
        s.setblocking(False)
        if opening:
            s.send(opening)
        self.socks[s] = [kind, time.monotonic(), None, trickle]

    def pump(self, seconds, interval=0.25):
        deadline = time.monotonic() + seconds
        next_send = 0
        while time.monotonic() < deadline and any(v[2] is None for v in self.socks.values()):
            live = [s for s, v in self.socks.items() if v[2] is None]
            readable, _, _ = select.select(live, [], [], 0.05)
            now = time.monotonic()
            for s in readable:
                try:
                    data = s.recv(65536)
                except (ConnectionResetError, BlockingIOError):
                    data = b""
                if not data:   # a 408/400 answer is read first; the close ends it
                    self.socks[s][2] = now
            if now >= next_send:
                next_send = now + interval
                for s in live:
                    if self.socks[s][2] is None and self.socks[s][3]:
                        try:
                            s.send(self.socks[s][3])
                        except (BrokenPipeError, ConnectionResetError, BlockingIOError):
                            self.socks[s][2] = now

    def lifetimes(self, kind):
        return [(v[2] - v[1]) if v[2] is not None else None for v in self.socks.values() if v[0] == kind]

    def close(self):
        for s in self.socks:
            s.close()


class SlowlorisTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Devserver()
        cls.gw = Gateway(server_config(cls.db.database_yaml()))

    @classmethod
    def tearDownClass(cls):
        code = cls.gw.stop()
        cls.db.stop()
        assert code == 0, "gateway exit code %d" % code

    def test_slow_sockets_are_closed_by_the_read_timeout_while_others_are_served(self):
        pid = self.gw.proc.pid
        normal_latencies(self.gw.port, 5)   # warm-up
        baseline = normal_latencies(self.gw.port, 40)
        threads_before, rss_before = threads_of(pid), rss_kib(pid)
        slow = SlowClients(self.gw.port)
        for _ in range(DRIBBLERS):
            slow.open("headers", b"GET /demo/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", b"a")
        for _ in range(SILENT):
            slow.open("silent", b"", b"")
        for _ in range(SLOW_BODIES):
            slow.open("body", b"POST /open/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                      b"\r\nContent-Length: 60000\r\n\r\n[", b" ")
        slow.pump(0.5)
        threads_during, rss_during = threads_of(pid), rss_kib(pid)
        under_attack = normal_latencies(self.gw.port, 40)
        slow.pump(READ_TIMEOUT_S + SLACK_S + 3)
        slow.close()
        for kind in ("headers", "silent", "body"):
            lifetimes = slow.lifetimes(kind)
            self.assertNotIn(None, lifetimes, "%s sockets still open after %.1f s" % (kind, READ_TIMEOUT_S + 5))
            self.assertLessEqual(max(lifetimes), READ_TIMEOUT_S + SLACK_S, kind)
            self.assertGreaterEqual(min(lifetimes), READ_TIMEOUT_S - 0.3, kind)
            print("%s: closed after %.2f..%.2f s" % (kind, min(lifetimes), max(lifetimes)))
        base_median, attack_median = statistics.median(baseline), statistics.median(under_attack)
        print("normal request latency: baseline median %.2f ms, max %.2f ms; with %d slow sockets median "
              "%.2f ms, max %.2f ms; ratio of medians %.2f" % (
                  base_median * 1e3, max(baseline) * 1e3, DRIBBLERS + SILENT + SLOW_BODIES,
                  attack_median * 1e3, max(under_attack) * 1e3, attack_median / base_median))
        print("threads %d -> %d, RSS %d KiB -> %d KiB" % (threads_before, threads_during, rss_before,
                                                           rss_during))
        self.assertLess(max(under_attack), 1.0)
        self.assertLess(attack_median, max(10 * base_median, 0.05))
        # A thread and its (lazily touched) stack per slow socket: tens of KiB each, not megabytes.
        if not sanitized():
            self.assertLess(rss_during - rss_before, 64 * 1024)
        deadline = time.monotonic() + 5
        while threads_of(pid) > threads_before + 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertLessEqual(threads_of(pid), threads_before + 2, "connection threads were not released")

    def test_post_without_content_length_has_an_empty_body(self):
        s = connect(self.gw.port)
        start = time.monotonic()
        s.sendall(b"POST /open/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  b"Accept: application/json, text/event-stream\r\n\r\n")
        status, data = read_response(s, timeout=READ_TIMEOUT_S + 3)
        elapsed = time.monotonic() - start
        s.close()
        self.assertEqual(status, 400, data)
        self.assertIn(b'"code":-32700', data)
        self.assertLess(elapsed, 1.0, "waited for the read timeout")

    def test_a_keep_alive_connection_serves_pipelined_requests(self):
        s = connect(self.gw.port)
        request = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % NORMAL_PATH).encode()
        s.sendall(request * 3)
        data = b""
        deadline = time.monotonic() + 5
        while data.count(b"HTTP/1.1 200") < 3 and time.monotonic() < deadline:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        self.assertEqual(data.count(b"HTTP/1.1 200"), 3)

    def test_the_admin_listener_serves_metrics_beside_slow_clients(self):
        port = admin_port(self.gw)
        slow = SlowClients(port)
        for _ in range(20):
            slow.open("headers", b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", b"a")
        slow.pump(0.3)
        start = time.monotonic()
        status, body = raw_request(port, "GET", "/metrics")
        elapsed = time.monotonic() - start
        self.assertEqual(status, 200, body)
        self.assertIn("mcp_gateway_http_requests_total{", body)
        self.assertLess(elapsed, 1.0)
        slow.pump(READ_TIMEOUT_S + SLACK_S + 1)
        slow.close()
        self.assertNotIn(None, slow.lifetimes("headers"))
        self.assertLessEqual(max(slow.lifetimes("headers")), READ_TIMEOUT_S + SLACK_S)

    def test_zz_log_is_json_lines(self):
        assert_log_is_json_lines(self, self.gw)


class ConnectionCapTest(unittest.TestCase):
    def test_a_full_connection_table_drains_by_the_read_timeout(self):
        db = Devserver()
        gw = Gateway(server_config(db.database_yaml(), max_connections=16))
        try:
            idle = [connect(gw.port) for _ in range(16)]
            time.sleep(0.2)   # all 16 accepted: the next connection waits in the kernel backlog
            start = time.monotonic()
            status, body = raw_request(gw.port, "GET", NORMAL_PATH, timeout=15)
            waited = time.monotonic() - start
            print("with 16 of 16 connections idle, a new request was served after %.2f s" % waited)
            self.assertEqual(status, 200, body)
            self.assertGreater(waited, READ_TIMEOUT_S - 0.5)
            self.assertLess(waited, READ_TIMEOUT_S + SLACK_S)
            for s in idle:
                s.close()
        finally:
            self.assertEqual(gw.stop(), 0)
            db.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
