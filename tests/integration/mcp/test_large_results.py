"""Large execute_sql results through a real gateway and the real TDS devserver: 50,000 rows x 4 columns
arrive complete and exact as a plain JSON answer and as an SSE answer, sent with chunked transfer (the
answer is written in pieces as it is serialized, not held whole a second time); structuredContent and its
text mirror are the same JSON; the row cap still truncates with its message."""
import http.client
import json
import unittest

from gwtest.fixtures import GatewayTest
from gwtest.http_client import ACCEPT_BOTH, tools_call
from gwtest.processes import Devserver

ROWS = 50000
QUERY = "SELECT TOP %d ID, Val, Label, N'Zoë 東京 \"q\"' AS Text FROM BigTable ORDER BY ID" % ROWS

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
  capped:
    database: {big}
    limits: {max_rows: 1000}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
"""


class LargeResults(GatewayTest):
    CONFIG = CONFIG

    @classmethod
    def setUpClass(cls):
        cls.big = Devserver(extra_args=["--big-rows", str(ROWS)], wait_seconds=60)
        cls.VALUES = {"big": cls.big.database_yaml()}
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.big.stop()

    def post(self, scope, message):
        """The raw HTTP answer: status, headers, body text."""
        conn = http.client.HTTPConnection("127.0.0.1", self.gw.port, timeout=120)
        try:
            conn.request("POST", "/%s/mcp" % scope, body=json.dumps(message),
                         headers={"Content-Type": "application/json", "Accept": ACCEPT_BOTH,
                                  "MCP-Protocol-Version": "2025-06-18"})
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read().decode()
        finally:
            conn.close()

    def check_result(self, result):
        self.assertFalse(result["isError"])
        structured = result["structuredContent"]
        self.assertEqual(json.loads(result["content"][0]["text"]), structured)
        self.assertFalse(structured["truncated"])
        rows = structured["resultSets"][0]["rows"]
        self.assertEqual(structured["resultSets"][0]["rowCount"], ROWS)
        self.assertEqual(len(rows), ROWS)
        self.assertEqual(rows[0], ["1", (1 * 7919) % 100000, "Row 1", 'Zoë 東京 "q"'])
        self.assertEqual(rows[-1], [str(ROWS), (ROWS * 7919) % 100000, "Row %d" % ROWS, 'Zoë 東京 "q"'])
        self.assertEqual([r[0] for r in rows], [str(i) for i in range(1, ROWS + 1)])

    def test_plain_json_answer_is_chunked_and_exact(self):
        status, headers, body = self.post("big", tools_call(QUERY, 7))
        self.assertEqual(status, 200, body[:300])
        self.assertEqual(headers.get("content-type"), "application/json")
        self.assertEqual(headers.get("transfer-encoding"), "chunked")
        self.assertNotIn("content-length", headers)
        answer = json.loads(body)
        self.assertEqual(answer["id"], 7)
        self.check_result(answer["result"])

    def test_sse_answer_is_one_event_written_in_pieces(self):
        message = tools_call(QUERY, 8)
        message["params"]["_meta"] = {"progressToken": "p"}
        status, headers, body = self.post("big", message)
        self.assertEqual(status, 200, body[:300])
        self.assertTrue(headers.get("content-type", "").startswith("text/event-stream"))
        self.assertEqual(headers.get("transfer-encoding"), "chunked")
        events = [e for e in body.split("\n\n") if e.strip()]
        self.assertEqual(len(events), 1, body[:300])
        lines = events[0].split("\n")
        self.assertEqual(lines[0], "event: message")
        self.assertEqual(len(lines), 2)  # one data line: the JSON has no raw line break
        answer = json.loads(lines[1][len("data: "):])
        self.assertEqual(answer["id"], 8)
        self.check_result(answer["result"])

    def test_row_cap_truncates_with_its_reason(self):
        status, headers, body = self.post("capped", tools_call(QUERY, 9))
        self.assertEqual(status, 200, body[:300])
        structured = json.loads(body)["result"]["structuredContent"]
        self.assertTrue(structured["truncated"])
        self.assertEqual(structured["truncatedReason"], "row limit")
        self.assertEqual(structured["maxRows"], 1000)
        self.assertEqual(structured["resultSets"][0]["rowCount"], 1000)


if __name__ == "__main__":
    unittest.main(verbosity=2)
