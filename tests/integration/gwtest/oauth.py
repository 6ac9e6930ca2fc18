"""OAuth as a client does it over raw HTTP (gwtest.http_client.Http): registration, PKCE, the sign-in form,
tokens, bearer calls; and password hashes in the gateway's format (scrypt$N$r$p$salt$hash)."""
import base64
import hashlib
import os
import re
import urllib.parse

from gwtest.http_client import ACCEPT_BOTH, tools_call


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


CLAUDE_CALLBACK = "https://claude.ai/api/mcp/auth_callback"


class OAuthFlow:
    """One client's trip through /register, /authorize, /token of a scope. `resource_base` is the public URL
    the token is for (the gateway's own address unless public_base_url says otherwise); `user` (name,
    password) signs in through the form where code() is not told another; without one, code() expects the
    scope's automatic sign-in (sign_in: auto). `register=False` leaves register() to the test."""

    def __init__(self, http, scope="demo", redirect=CLAUDE_CALLBACK, auth_method="none", resource_base=None,
                 user=None, register=True):
        self.http = http
        self.user = user
        self.scope = scope
        self.redirect = redirect
        self.auth_method = auth_method
        self.resource_base = resource_base
        self.client_id = self.client_secret = None
        self.verifier, self.challenge = pkce_pair()
        if register:
            status, _, reg = self.register()
            assert status == 201, reg

    def register(self, name="Integration <test>"):
        """RFC 7591 registration: (status, headers, body); on 201 the client is this one."""
        status, headers, body = self.http.post_json("/%s/register" % self.scope, {
            "redirect_uris": [self.redirect], "token_endpoint_auth_method": self.auth_method,
            "client_name": name, "grant_types": ["authorization_code", "refresh_token"]})
        if status == 201:
            self.client_id = body["client_id"]
            self.client_secret = body.get("client_secret")
        return status, headers, body

    def authorize_url(self, **overrides):
        """The authorize path and query; an override of None leaves that parameter out."""
        q = {"response_type": "code", "client_id": self.client_id, "redirect_uri": self.redirect,
             "state": "state-123", "code_challenge": self.challenge, "code_challenge_method": "S256",
             "resource": "%s/%s/mcp" % (self.resource_base or self.http.base, self.scope), "scope": "mssql.read"}
        q.update(overrides)
        q = {k: v for k, v in q.items() if v is not None}
        return "/%s/authorize?%s" % (self.scope, urllib.parse.urlencode(q))

    def code(self, user=None, password=None, **overrides):
        """An authorization code, signed in through the form as `user` (default: the flow's), or by the
        scope's automatic sign-in where the flow has no user."""
        user, password = (user, password) if user else (self.user or (None, None))
        if user is None:
            status, headers, body = self.http.request("GET", self.authorize_url(**overrides))
        else:
            status, headers, body = sign_in(self.http, self.authorize_url(**overrides), user, password)
        assert status == 302, "authorize: %d %s" % (status, str(body)[:300])
        return query_of(headers["location"])["code"]

    def token_request(self, fields):
        body = {"client_id": self.client_id}
        if self.client_secret:
            body["client_secret"] = self.client_secret
        body.update(fields)
        return self.http.post_form("/%s/token" % self.scope, body)

    def redeem(self, code):
        return self.token_request({"grant_type": "authorization_code", "code": code,
                                   "redirect_uri": self.redirect, "code_verifier": self.verifier})

    def refresh(self, refresh_token):
        return self.token_request({"grant_type": "refresh_token", "refresh_token": refresh_token})

    def tokens(self, granted="mssql.read", user=None, password=None):
        """Signs in and redeems the code: the token response, which must be 200."""
        status, _, tokens = self.redeem(self.code(user, password, scope=granted))
        assert status == 200, tokens
        return tokens


def bearer_headers(access_token, version="2025-06-18"):
    """The headers of an MCP POST with a token (no session: a stateless request)."""
    return {"Authorization": "Bearer " + access_token, "Accept": ACCEPT_BOTH, "MCP-Protocol-Version": version}


def call_sql(http, scope, access_token, query, transport="mcp"):
    """execute_sql on /<scope>/<transport> with a bearer token: (status, headers, parsed body)."""
    return http.post_json("/%s/%s" % (scope, transport), tools_call(query), headers=bearer_headers(access_token))
