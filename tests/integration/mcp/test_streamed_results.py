"""execute_sql answers streamed as rows arrive, through a real gateway, real FreeTDS and the real TDS devserver
over loopback HTTP. A tools/call with _meta.progressToken and Accept listing text/event-stream is answered with
one SSE event, which the gateway writes while the query still runs:
  - its first bytes arrive before the query ends (a WAITFOR after the rows);
  - it is byte for byte the plain JSON answer to the same call (2025-06-18 and 2026-07-28), caps included;
  - the official TypeScript SDK client reads it, validating structuredContent against the outputSchema;
  - a SQL error after rows went out ends the message as a valid tool error (isError, the text cut short);
  - a client that leaves mid-stream cancels the query on the server (the WAITFOR is cut short);
  - SIGTERM mid-stream lets the answer finish whole (a graceful stop), and the gateway exits 0;
  - the audit log has the call's start line ("streaming") and then its outcome."""
import http.client
import json
import os
import signal
import subprocess
import time
import unittest

from gwtest.fixtures import GatewayTest
from gwtest.http_client import ACCEPT_BOTH, tools_call
from gwtest.npm import installed_script, node22
from gwtest.processes import Devserver, Gateway

ROWS = 50000
BIG = "SELECT TOP %d ID, Val, Label FROM BigTable ORDER BY ID" % ROWS
MODERN = "2026-07-28"

CONFIG = """
server:
  data_dir: "@DATA_DIR@"
scopes:
  big:
    database: {big}
    limits: {max_rows: 100000, max_result_bytes: 67108864}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
  rw:
    read_only: false
    database: {big}
    limits: {max_rows: 100000, max_result_bytes: 67108864}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
  rows:
    database: {big}
    limits: {max_rows: 5000}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
  bytes:
    database: {big}
    limits: {max_rows: 100000, max_result_bytes: 300000}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
"""


def message(query, request_id, streamed, modern=False):
    m = tools_call(query, request_id)
    meta = {}
    if streamed:
        meta["progressToken"] = "p%d" % request_id
    if modern:
        meta.update({"io.modelcontextprotocol/protocolVersion": MODERN,
                     "io.modelcontextprotocol/clientCapabilities": {}})
    if meta:
        m["params"]["_meta"] = meta
    return m


class Answer:
    """One HTTP answer read as it arrives: status, headers, body bytes, seconds from the request to the first
    body byte and to the end."""

    def __init__(self, port, path, msg, modern=False, on_first=None):
        headers = {"Content-Type": "application/json", "Accept": ACCEPT_BOTH,
                   "MCP-Protocol-Version": MODERN if modern else "2025-06-18"}
        if modern:
            headers.update({"Mcp-Method": "tools/call", "Mcp-Name": "execute_sql"})
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            start = time.monotonic()
            conn.request("POST", path, body=json.dumps(msg), headers=headers)
            resp = conn.getresponse()
            self.status = resp.status
            self.headers = {k.lower(): v for k, v in resp.getheaders()}
            self.first = None
            chunks = []
            while True:
                chunk = resp.read1(65536)
                if not chunk:
                    break
                if self.first is None:
                    self.first = time.monotonic() - start
                    if on_first:
                        on_first()
                chunks.append(chunk)
            self.end = time.monotonic() - start
            self.body = b"".join(chunks).decode()
        finally:
            conn.close()

    def event_data(self):
        """The one SSE event's data line (the JSON-RPC message's text)."""
        assert self.headers.get("content-type", "").startswith("text/event-stream"), self.headers
        events = [e for e in self.body.split("\n\n") if e.strip()]
        assert len(events) == 1 and self.body.endswith("\n\n"), self.body[:300]
        lines = events[0].split("\n")
        assert len(lines) == 2 and lines[0] == "event: message", self.body[:300]
        return lines[1][len("data: "):]


class StreamedResults(GatewayTest):
    CONFIG = CONFIG

    @classmethod
    def setUpClass(cls):
        cls.big = Devserver(extra_args=["--big-rows", str(ROWS)], wait_seconds=60)
        cls.VALUES = {"big": cls.big.database_yaml()}
        super().setUpClass()
        cls.audit_path = os.path.join(cls.gw.dir, "data", "audit.log")

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.big.stop()

    def answer(self, scope, msg, modern=False, on_first=None, gw=None):
        return Answer((gw or self.gw).port, "/%s/mcp" % scope, msg, modern, on_first)

    def audit_lines(self):
        with open(self.audit_path) as f:
            return [json.loads(line) for line in f if line.strip()]

    def db_lines(self):
        with open(os.path.join(self.big.dir, "log")) as f:
            return [line.rstrip("\n") for line in f]

    def check_rows(self, result, rows=ROWS):
        self.assertFalse(result["isError"], str(result)[:300])
        structured = result["structuredContent"]
        self.assertEqual(json.loads(result["content"][0]["text"]), structured)
        got = structured["resultSets"][0]["rows"]
        self.assertEqual(len(got), rows)
        self.assertEqual(got[0], ["1", 7919, "Row 1"])
        self.assertEqual([r[0] for r in got], [str(i) for i in range(1, rows + 1)])

    def test_streamed_answer_equals_the_plain_one_byte_for_byte(self):
        for scope, modern in (("big", False), ("rw", False), ("big", True)):
            with self.subTest(scope=scope, modern=modern):
                plain = self.answer(scope, message(BIG, 5, False, modern), modern)
                self.assertEqual(plain.status, 200, plain.body[:300])
                self.assertEqual(plain.headers.get("content-type"), "application/json")
                streamed = self.answer(scope, message(BIG, 5, True, modern), modern)
                self.assertEqual(streamed.status, 200, streamed.body[:300])
                data = streamed.event_data()
                self.assertEqual(len(data), len(plain.body))
                self.assertTrue(data == plain.body, "the streamed answer differs from the plain one")
                self.check_rows(json.loads(data)["result"])

    def test_first_bytes_arrive_before_the_query_ends(self):
        before = len(self.audit_lines())
        slow = BIG + "; WAITFOR DELAY '00:00:03'"
        streamed = self.answer("rw", message(slow, 6, True))
        self.assertEqual(streamed.status, 200, streamed.body[:300])
        # The rows went out while the server still waited its 3 s.
        self.assertLess(streamed.first + 2.0, streamed.end, (streamed.first, streamed.end))
        self.check_rows(json.loads(streamed.event_data())["result"])
        # The audit's start line, written before the first byte left, then the call's own line.
        lines = self.audit_lines()[before:]
        self.assertEqual([line["outcome"] for line in lines], ["streaming", "ok"], lines)
        self.assertEqual(lines[0]["query"], slow)
        self.assertEqual(lines[1]["rows"], ROWS)

    def test_caps_apply_while_streaming(self):
        for scope, reason, rows in (("rows", "row limit", 5000), ("bytes", "byte limit", None)):
            with self.subTest(scope=scope):
                plain = self.answer(scope, message(BIG, 7, False))
                streamed = self.answer(scope, message(BIG, 7, True))
                data = streamed.event_data()
                self.assertTrue(data == plain.body, "the streamed answer differs from the plain one")
                structured = json.loads(data)["result"]["structuredContent"]
                self.assertTrue(structured["truncated"])
                self.assertEqual(structured["truncatedReason"], reason)
                kept = structured["resultSets"][0]["rowCount"]
                if rows is not None:
                    self.assertEqual(kept, rows)
                else:
                    rows_json = json.dumps(structured["resultSets"][0]["rows"], separators=(",", ":"))
                    self.assertLess(len(rows_json), 300000)
                    self.assertGreater(kept, 1000)  # past the first piece: it did stream

    def test_sql_error_after_rows_is_a_valid_tool_error(self):
        failing = BIG + "; SELECT * FROM NoSuchTable"
        plain = json.loads(self.answer("rw", message(failing, 8, False)).body)["result"]
        self.assertTrue(plain["isError"])
        self.assertEqual(len(plain["content"]), 1)
        self.assertIn("SQL Server error 208", plain["content"][0]["text"])
        streamed = json.loads(self.answer("rw", message(failing, 8, True)).event_data())
        self.assertEqual(streamed["id"], 8)
        result = streamed["result"]
        self.assertTrue(result["isError"])
        self.assertNotIn("structuredContent", result)
        texts = [block["text"] for block in result["content"]]
        self.assertEqual(len(texts), 3, texts[1:])
        self.assertTrue(texts[0].startswith('{"resultSets":[{"columns":[{"name":"ID"'), texts[0][:100])
        self.assertIn("incomplete", texts[1])
        self.assertEqual(texts[2], plain["content"][0]["text"])

    def test_the_official_sdk_client_reads_streamed_answers(self):
        node, script = node22(), installed_script("sdk_streamed_call.mjs")

        def call(query):
            done = subprocess.run([node, script, self.gw.base + "/rw/mcp", query], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, timeout=180)
            lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
            self.assertTrue(lines, done.stderr[-2000:])
            return json.loads(lines[-1])

        before = len(self.audit_lines())
        ok = call(BIG)
        self.assertTrue(ok["ok"], ok.get("error"))
        self.assertFalse(ok["isError"])
        self.assertEqual(ok["rowCounts"], [ROWS])
        self.assertTrue(ok["mirrorEqual"])
        # It was streamed: the audit's start line is there.
        self.assertIn("streaming", [line["outcome"] for line in self.audit_lines()[before:]])
        failed = call(BIG + "; SELECT * FROM NoSuchTable")
        self.assertTrue(failed["ok"], failed.get("error"))
        self.assertTrue(failed["isError"])
        self.assertEqual(failed["blocks"], 3)
        self.assertIn("SQL Server error 208", failed["texts"][2])

    def test_a_client_that_leaves_mid_stream_cancels_the_query(self):
        before_audit, before_db = len(self.audit_lines()), len(self.db_lines())
        slow = BIG + "; WAITFOR DELAY '00:00:20'"
        msg = json.dumps(message(slow, 9, True))
        conn = http.client.HTTPConnection("127.0.0.1", self.gw.port, timeout=60)
        conn.request("POST", "/rw/mcp", body=msg, headers={
            "Content-Type": "application/json", "Accept": ACCEPT_BOTH, "MCP-Protocol-Version": "2025-06-18"})
        resp = conn.getresponse()
        self.assertTrue(resp.read1(65536))  # the first rows arrived
        conn.close()
        resp.close()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and len(self.audit_lines()) < before_audit + 2:
            time.sleep(0.05)
        lines = self.audit_lines()[before_audit:]
        self.assertEqual([line["outcome"] for line in lines], ["streaming", "cancelled"], lines)
        self.assertLess(lines[1]["duration_ms"], 15000)
        # The server was told (an ATTENTION): during the rows, or during the WAITFOR after them.
        self.assertTrue(any("attention acknowledged" in line for line in self.db_lines()[before_db:]),
                        "\n".join(self.db_lines()[before_db:]))
        self.assertFalse(any("WAITFOR DELAY ended" in line for line in self.db_lines()[before_db:]))
        # The scope still answers.
        after = json.loads(self.answer("rw", message("SELECT 7 AS v", 10, False)).body)
        self.assertEqual(after["result"]["structuredContent"]["resultSets"][0]["rows"], [[7]])

    def test_sigterm_mid_stream_lets_the_answer_finish(self):
        gw = Gateway(self.config_text())
        try:
            slow = BIG + "; WAITFOR DELAY '00:00:02'"
            streamed = self.answer("rw", message(slow, 11, True), gw=gw,
                                   on_first=lambda: gw.proc.send_signal(signal.SIGTERM))
            self.assertEqual(streamed.status, 200)
            self.check_rows(json.loads(streamed.event_data())["result"])
            self.assertEqual(gw.proc.wait(timeout=30), 0, gw.log_text()[-2000:])
        finally:
            gw.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
