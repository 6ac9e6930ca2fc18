"""Abuse: bodies past the limit, deep JSON nesting, thousands of registrations and authorize
attempts from one address (rate limited, memory bounded), invalid UTF-8 in every place a client can put
bytes, and header injection through redirect URIs. Every answer is a clear error in the surface's own
shape (JSON-RPC error, RFC 6749 body, an HTML page before the redirect URI is trusted); the gateway never
crashes, hangs or answers 500; every log line stays a JSON object; no secret reaches the log."""
import json
import time
import unittest
import urllib.parse

from gwtest.http_client import Http
from gwtest.oauth import form_fields, hash_password
from gwtest.processes import Devserver, Gateway
from gwtest.inspection import assert_log_is_json_lines, sanitized
from harden_env import (DB_PASSWORD, PUBLIC, REDIRECT, config, connect, oauth_client, raw_request,
                        read_response, rss_kib)

USER_PASSWORD = "abuse-test-password"
ACCEPT = "application/json, text/event-stream"
MAX_BODY = 65536
REGISTRATION_LIMIT = 100        # per address per 10 minutes (src/oauth/authorization_server.cpp)
AUTHORIZATION_LIMIT = 300       # per address per 10 minutes (src/oauth/authorization_endpoint.h)

EXTRA_SCOPES = """  signin:
    read_only: true
    database: {db}
    oauth:
      users:
        - name: carol
          password_hash: "{hash}"
  flood:
    read_only: true
    database: {db}
    oauth:
      sign_in: auto
  crowd:
    read_only: true
    database: {db}
    oauth:
      users:
        - name: dave
          password_hash: "{hash}"
"""


def send_raw(port, data, timeout=10):
    s = connect(port)
    try:
        s.sendall(data)
        return read_response(s, timeout)
    finally:
        s.close()


def header_block(raw):
    return raw.partition(b"\r\n\r\n")[0].split(b"\r\n")


def json_body(raw):
    return json.loads(raw.partition(b"\r\n\r\n")[2].decode())


class AbuseTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Devserver()
        text = config(cls.db.database_yaml(), server_extra="  read_timeout_s: 3",
                      extra_scopes=EXTRA_SCOPES.format(db=cls.db.database_yaml(),
                                                       hash=hash_password(USER_PASSWORD)))
        cls.gw = Gateway(text)
        cls.port = cls.gw.port
        cls.http = Http(cls.port)
        cls.client = oauth_client(cls.port)
        assert cls.client.register()[0] == 201

    @classmethod
    def tearDownClass(cls):
        code = cls.gw.stop()
        cls.db.stop()
        assert code == 0, "gateway exit code %d" % code

    def tearDown(self):
        self.assertIsNone(self.gw.proc.poll(), "the gateway died")

    # --- bodies past the limit --------------------------------------------------------------------------

    def test_bodies_past_max_body_bytes_are_413_json_on_every_endpoint(self):
        for path, content_type in [("/open/mcp", "application/json"), ("/demo/register", "application/json"),
                                   ("/demo/token", "application/x-www-form-urlencoded")]:
            with self.subTest(path=path):
                status, body = raw_request(self.port, "POST", path, b"x" * (MAX_BODY + 1),
                                           {"Content-Type": content_type, "Accept": ACCEPT})
                self.assertEqual(status, 413)
                self.assertEqual(body, {"error": "invalid_request", "error_description":
                                        "the request body is larger than server.max_body_bytes"})

    def test_a_huge_announced_body_is_refused_without_being_read(self):
        start = time.monotonic()
        status, raw = send_raw(self.port, b"POST /open/mcp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                          b"Content-Length: 10000000000\r\n\r\n[", timeout=10)
        elapsed = time.monotonic() - start
        self.assertEqual(status, 413, raw[:300])
        self.assertLess(elapsed, 1.0)

    def test_a_chunked_body_past_the_limit_is_413(self):
        chunk = b"%x\r\n%s\r\n" % (MAX_BODY + 10, b"[" * (MAX_BODY + 10))
        status, raw = send_raw(self.port, b"POST /open/mcp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                          b"Transfer-Encoding: chunked\r\n\r\n" + chunk + b"0\r\n\r\n")
        self.assertEqual(status, 413, raw[:300])

    # --- deep nesting ------------------------------------------------------------------------------------

    def test_deep_json_nesting_is_a_parse_error_not_a_stack_overflow(self):
        for body in [b"[" * (MAX_BODY - 10), b"[" * 30000 + b"]" * 30000,
                     b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"execute_sql",'
                     b'"arguments":{"query":' + b'{"a":' * 10000 + b"1" + b"}" * 10000 + b"}}}"]:
            with self.subTest(length=len(body)):
                status, doc = raw_request(self.port, "POST", "/open/mcp", body,
                                          {"Content-Type": "application/json", "Accept": ACCEPT})
                self.assertEqual(status, 400, doc)
                self.assertEqual(doc["error"], {"code": -32700,
                                                "message": "Parse error: JSON nested deeper than 64 levels"})

    def test_deep_json_nesting_in_oauth_bodies_is_an_oauth_error(self):
        nested = "[" * 30000 + "]" * 30000
        for path, error in [("/demo/register", "invalid_redirect_uri"), ("/demo/token", "invalid_request")]:
            with self.subTest(path=path):
                status, _, body = self.http.request("POST", path, '{"redirect_uris":%s}' % nested,
                                                    {"Content-Type": "application/json"})
                self.assertEqual(status, 400, body[:300])
                self.assertEqual(json.loads(body)["error"], error)

    # --- floods from one address ------------------------------------------------------------------------

    def test_thousands_of_registrations_are_rate_limited_with_bounded_memory(self):
        pid = self.gw.proc.pid
        before = rss_kib(pid)
        outcomes = {}
        last = None
        for i in range(2000):
            # A spoofed X-Forwarded-For from an untrusted peer must not buy a fresh allowance.
            status, headers, body = self.http.post_json("/flood/register", {
                "redirect_uris": [REDIRECT], "token_endpoint_auth_method": "none",
                "client_name": "flood %d %s" % (i, "n" * 150)}, {"X-Forwarded-For": "10.0.%d.%d" % (i // 256, i % 256)})
            outcomes[status] = outcomes.get(status, 0) + 1
            if status == 429:
                last = headers, body
        after = rss_kib(pid)
        print("2000 registrations: %s; RSS %d KiB -> %d KiB (+%d KiB)" % (outcomes, before, after, after - before))
        self.assertEqual(outcomes, {201: REGISTRATION_LIMIT, 429: 2000 - REGISTRATION_LIMIT})
        headers, body = last
        self.assertEqual(body, {"error": "temporarily_unavailable",
                                "error_description": "too many registrations from this address"})
        self.assertGreater(int(headers["retry-after"]), 0)
        self.assertLessEqual(int(headers["retry-after"]), 600)
        if not sanitized():   # AddressSanitizer quarantines freed memory: its RSS says nothing here
            self.assertLess(after - before, 8 * 1024)

    def test_thousands_of_authorize_attempts_are_rate_limited_with_bounded_memory(self):
        crowd = oauth_client(self.port, scope="crowd")
        self.assertEqual(crowd.register()[0], 201)
        pid = self.gw.proc.pid
        before = rss_kib(pid)
        outcomes = {}
        last = None
        for _ in range(3000):
            status, headers, body = self.http.request("GET", crowd.authorize_url())
            outcomes[status] = outcomes.get(status, 0) + 1
            if status == 429:
                last = headers, body
        after = rss_kib(pid)
        print("3000 authorize attempts: %s; RSS %d KiB -> %d KiB (+%d KiB)" % (outcomes, before, after,
                                                                              after - before))
        self.assertEqual(outcomes, {200: AUTHORIZATION_LIMIT, 429: 3000 - AUTHORIZATION_LIMIT})
        headers, body = last
        self.assertIn("Too many authorization requests from this address", body)
        self.assertGreater(int(headers["retry-after"]), 0)
        self.assertNotIn("location", headers)
        if not sanitized():
            self.assertLess(after - before, 8 * 1024)

    # --- invalid UTF-8 -----------------------------------------------------------------------------------

    def test_invalid_utf8_in_json_rpc_strings_and_tool_arguments(self):
        bodies = [
            b'{"jsonrpc":"2.0","id":1,"method":"tools/\xff\xfe","params":{}}',
            b'{"jsonrpc":"2.0","id":"\xc3\x28","method":"ping"}',
            b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"execute_sql",'
            b'"arguments":{"query":"SELECT \'\xed\xa0\x80\' AS s"}}}',
            b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"execute_sql",'
            b'"arguments":{"query":"SELECT \'\\udc80\' AS s"}}}',
            b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"describe_table",'
            b'"arguments":{"table":"dbo.\xf0\x28\x8c\x28"}}}',
        ]
        for body in bodies:
            with self.subTest(body=body[:60]):
                status, doc = raw_request(self.port, "POST", "/open/mcp", body,
                                          {"Content-Type": "application/json", "Accept": ACCEPT})
                self.assertEqual(status, 400, doc)
                self.assertEqual(doc["error"]["code"], -32700)
                self.assertTrue(doc["error"]["message"].startswith("Parse error"), doc)

    def test_sql_text_that_is_valid_unicode_but_odd_runs(self):
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
            "name": "execute_sql", "arguments": {"query": "SELECT N'\u017c\u00f3\u0142w \U0001f422 \ufffd' AS s"}}})
        status, doc = raw_request(self.port, "POST", "/open/mcp", body.encode(),
                                  {"Content-Type": "application/json", "Accept": ACCEPT,
                                   "MCP-Protocol-Version": "2025-06-18"})
        self.assertEqual(status, 200, doc)
        self.assertIn("result", doc)

    def test_invalid_utf8_in_headers_paths_and_query_strings(self):
        requests = [
            b"POST /open/mcp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAccept: " + ACCEPT.encode()
            + b"\r\nMcp-Session-Id: \xff\xfe\x80\r\nContent-Length: 41\r\n\r\n"
            + b'{"jsonrpc":"2.0","id":1,"method":"ping"}\n',
            b"POST /open/mcp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAccept: " + ACCEPT.encode()
            + b"\r\nMCP-Protocol-Version: 2025-\xff\r\nContent-Length: 41\r\n\r\n"
            + b'{"jsonrpc":"2.0","id":1,"method":"ping"}\n',
            b"POST /demo/mcp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAccept: " + ACCEPT.encode()
            + b"\r\nAuthorization: Bearer \xff\xfe\xfd\r\nContent-Length: 41\r\n\r\n"
            + b'{"jsonrpc":"2.0","id":1,"method":"ping"}\n',
            b"GET /demo/health HTTP/1.1\r\nHost: \xff\r\nOrigin: https://\xff\xfe.example\r\n"
            b"X-Forwarded-For: \xff\r\nX-Environment-Path: /\xff\r\nX-Request-Id: \xff\r\n\r\n",
            b"GET /%ff%fe/mcp HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /demo/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /demo/authorize?client_id=%ff%fe&redirect_uri=%ff HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /demo/authorize?client_id=\xff\xfe&state=\xc3\x28 HTTP/1.1\r\nHost: x\r\n\r\n",
        ]
        for data in requests:
            with self.subTest(request=data[:70]):
                status, raw = send_raw(self.port, data)
                self.assertIsNotNone(status, raw[:300])
                self.assertGreaterEqual(status, 200)
                self.assertLess(status, 500, raw[:500])

    def test_invalid_utf8_in_a_known_clients_authorize_parameters(self):
        for overrides in [{"state": "%ff%fe"}, {"scope": "%ff"}, {"resource": "%ff"}, {"code_challenge": "%ff"},
                          {"redirect_uri": "%ff"}]:
            path = self.client.authorize_url()
            for key, value in overrides.items():
                path = path.replace("%s=" % key, "%s=%s&ignored=" % (key, value), 1)
            with self.subTest(overrides=overrides):
                status, headers, body = self.http.request("GET", path)
                self.assertIn(status, (302, 400), body[:300])
                if status == 302:
                    location = headers["location"]
                    self.assertTrue(location.startswith(REDIRECT), location)
                    self.assertNotIn("\r", location)

    def test_invalid_utf8_in_form_fields(self):
        for fields in [b"grant_type=%ff%fe", b"grant_type=authorization_code&code=%ff&client_id=%ff&code_verifier=%ff",
                       b"grant_type=refresh_token&refresh_token=%ff%fe&client_id=" + self.client.client_id.encode(),
                       b"grant_type=refresh_token&refresh_token=\xff\xfe&client_id=\xff",
                       b"%ff=%fe&\xff=\xfe"]:
            with self.subTest(fields=fields):
                status, _, body = self.http.request("POST", "/demo/token", fields,
                                                    {"Content-Type": "application/x-www-form-urlencoded"})
                self.assertIn(status, (400, 401), body)
                doc = json.loads(body)
                self.assertIn(doc["error"], ("invalid_request", "invalid_client", "invalid_grant",
                                             "unsupported_grant_type"))
                self.assertIsInstance(doc["error_description"], str)

    def test_invalid_utf8_in_the_sign_in_form(self):
        signin = oauth_client(self.port, scope="signin")
        self.assertEqual(signin.register()[0], 201)
        status, _, html = self.http.request("GET", signin.authorize_url())
        self.assertEqual(status, 200, html[:300])
        action, fields = form_fields(html)
        fields["action"] = "allow"
        form = urllib.parse.urlencode(fields).encode() + b"&username=%ff%fe%c3%28&password=\xff"
        status, _, body = self.http.request("POST", urllib.parse.urlsplit(action).path, form,
                                            {"Content-Type": "application/x-www-form-urlencoded",
                                             "Origin": PUBLIC})
        self.assertEqual(status, 401, body[:300])
        self.assertIn("Wrong user name or password.", body)

    def test_invalid_utf8_in_registration_metadata(self):
        bodies = [b'{"redirect_uris":["' + REDIRECT.encode() + b'"],"client_name":"\xff\xfe"}',
                  b'{"redirect_uris":["' + REDIRECT.encode() + b'"],"client_name":"\\udcff"}',
                  b'{"redirect_uris":["https://claude.ai/\xff"]}',
                  b'{"redirect_uris":["https://claude.ai/%ff%fe"],"client_name":"ok","logo_uri":"\\ud800"}']
        for body in bodies:
            with self.subTest(body=body):
                status, _, text = self.http.request("POST", "/demo/register", body,
                                                    {"Content-Type": "application/json"})
                self.assertEqual(status, 400, text)
                self.assertIn(json.loads(text)["error"], ("invalid_client_metadata", "invalid_redirect_uri"))

    # --- header injection through redirect URIs ---------------------------------------------------------

    def test_crlf_in_redirect_uris_at_registration_is_refused(self):
        for uri in ["https://claude.ai/cb\r\nSet-Cookie: injected=1", "https://claude.ai/cb\nLocation: https://evil",
                    "https://claude.ai/cb\r", "https://claude.ai/cb\x00"]:
            with self.subTest(uri=uri):
                status, _, body = self.http.post_json("/demo/register", {"redirect_uris": [uri]})
                self.assertEqual(status, 400, body)
                self.assertEqual(body["error"], "invalid_redirect_uri")

    def test_encoded_crlf_never_splits_the_location_header(self):
        c = oauth_client(self.port)
        encoded = "https://claude.ai/cb%0d%0aSet-Cookie:%20injected=1"
        status, _, body = c.http.post_json("/demo/register", {
            "redirect_uris": [encoded], "token_endpoint_auth_method": "none"})
        if status == 201:
            c.client_id = body["client_id"]
            path = c.authorize_url(redirect_uri=encoded, state="s\r\nSet-Cookie: state=1")
        else:
            self.assertEqual(body["error"], "invalid_redirect_uri")
            path = self.client.authorize_url(state="s\r\nSet-Cookie: state=1")
        for request_path in [path, self.client.authorize_url(redirect_uri=REDIRECT + "\r\nSet-Cookie: x=1"),
                             self.client.authorize_url(redirect_uri=REDIRECT + "%0d%0aSet-Cookie:x=1")]:
            with self.subTest(path=request_path[:120]):
                status, raw = send_raw(self.port, b"GET " + request_path.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n")
                self.assertIn(status, (302, 400), raw[:300])
                for line in header_block(raw)[1:]:
                    name = line.split(b":", 1)[0].lower()
                    self.assertNotIn(name, (b"set-cookie", b"location: https"), raw[:500])
                locations = [l for l in header_block(raw) if l.lower().startswith(b"location:")]
                if status == 302:
                    self.assertEqual(len(locations), 1)
                    self.assertNotIn(b"\r", locations[0])
                    self.assertNotIn(b"\n", locations[0])
                    self.assertTrue(locations[0].split(b":", 1)[1].strip().startswith(b"https://claude.ai/"))
                else:
                    self.assertEqual(locations, [])

    def test_zz_log_is_json_lines_without_secrets(self):
        assert_log_is_json_lines(self, self.gw, secrets=[DB_PASSWORD, USER_PASSWORD])


if __name__ == "__main__":
    unittest.main(verbosity=2)
