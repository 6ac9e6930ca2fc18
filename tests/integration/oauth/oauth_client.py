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

    def connect(self):
        """The connection for one request (a subclass may speak TLS)."""
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)

    def request(self, method, path, body=None, headers=None):
        conn = self.connect()
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
