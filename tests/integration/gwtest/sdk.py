"""Runs node/sdk_oauth_flow.mjs (the official SDK's Client + OAuthClientProvider against one scope) and checks
what it reports. Shared by oauth/test_sdk_flow.py (the gateway on loopback) and nginx/test_nginx_oauth.py
(through NGINX)."""
import json
import os
import subprocess
import urllib.parse

from gwtest.npm import installed_script, node22
from gwtest.oauth import hash_password

TOOLS = ["describe_table", "execute_sql", "get_table_sample", "list_tables", "search_objects"]


def scopes_yaml(scopes):
    """The `scopes:` section for {scope: (user, password, ...)}: each scope on the program's devserver
    ({database}, which GatewayTest fills in), its one user."""
    return "scopes:\n" + "".join(
        f"""  {scope}:
    database: {{database}}
    oauth:
      users:
        - name: {user}
          password_hash: "{hash_password(password)}"
""" for scope, (user, password, *_) in scopes.items())


class SdkFlow:
    """One node process per run; `env` adds variables (NODE_EXTRA_CA_CERTS behind TLS)."""

    def __init__(self, env=None):
        self.node = node22()
        self.script = installed_script("sdk_oauth_flow.mjs")
        self.env = dict(os.environ, **(env or {}))

    def run(self, mode, scope_url, kind, state_file, user, password, sql):
        done = subprocess.run([self.node, self.script, mode, scope_url, kind, state_file, user, password, sql],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120,
                              env=self.env)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if not lines:
            raise AssertionError("no result from node (exit %d):\n%s%s" % (done.returncode, done.stdout,
                                                                           done.stderr[-3000:]))
        result = json.loads(lines[-1])
        if not result.get("ok") or done.returncode != 0:
            raise AssertionError("SDK %s flow on %s/%s failed: %s\ntrace: %s\n%s" % (
                mode, scope_url, kind, result.get("error"), result.get("trace"), done.stderr[-3000:]))
        return result


def assert_in_order(test, trace, expected):
    """Each entry of `expected` occurs in `trace`, in this order (other requests may come between)."""
    position = 0
    for step in expected:
        try:
            position = trace.index(step, position) + 1
        except ValueError:
            test.fail("%r not found in order in the SDK's requests:\n  %s" % (step, "\n  ".join(trace)))


def transport_paths(scope, kind):
    """(the URL path the client is given, the path its JSON-RPC POSTs go to)."""
    return ("/%s/mcp" % scope, "/%s/mcp" % scope) if kind == "mcp" else ("/%s/sse" % scope, "/%s/messages" % scope)


def check_full_flow(test, result, public_base, scope, kind, rows):
    """What a full run must show: discovery from the 401, registration, sign-in, tools, three calls with the
    expected `rows`, and two refreshes that each rotated the refresh token."""
    url_path, post_path = transport_paths(scope, kind)
    prm = "/.well-known/oauth-protected-resource" + url_path
    first = "POST %s 401" % url_path if kind == "mcp" else "GET %s 401" % url_path
    test.assertEqual(result["trace"][:4], [first, "GET %s 200" % prm,
                                           "GET /.well-known/oauth-authorization-server/%s 200" % scope,
                                           "POST /%s/register 201" % scope])
    # RFC 9728 §5.1: the resource_metadata of the 401 was used, and its resource is the URL the client has.
    test.assertEqual(result["discovery"], {"resource_metadata_url": public_base + prm,
                                           "resource": public_base + url_path,
                                           "issuer": "%s/%s" % (public_base, scope)})
    test.assertEqual(result["iss"], "%s/%s" % (public_base, scope))  # RFC 9207
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(result["authorization_url"]).query))
    test.assertEqual(query["resource"], public_base + url_path)     # RFC 8707
    test.assertEqual(query["code_challenge_method"], "S256")
    test.assertEqual(query["client_id"], result["client_id"])
    test.assertEqual(result["server"], "mssql-mcp-gateway")
    test.assertEqual(sorted(result["tools"]), TOOLS)
    test.assertEqual(result["calls"], [{"isError": False, "rows": rows}] * 3)
    tokens = result["tokens"]
    test.assertEqual(len({t["refresh_token"] for t in tokens}), 3, "each refresh rotates the refresh token")
    test.assertEqual(len({t["access_token"] for t in tokens}), 3)
    for t in tokens:
        test.assertEqual((t["token_type"].lower(), t["expires_in"]), ("bearer", 3600))
    token = "POST /%s/token 200" % scope
    ok = "POST %s %d" % (post_path, 200 if kind == "mcp" else 202)
    # sign-in code exchange, then the asked-for refresh, then the one after the stale token's 401.
    steps = [token, ok, token, ok, "POST %s 401" % post_path, token, ok]
    if kind == "sse":
        # Over HTTP+SSE a call's result arrives on the stream, and the SDK goes on without waiting for its
        # POST's 202: that 202 may be traced after the next request (seen in the sanitizer build).
        steps = [token, ok, token, "POST %s 401" % post_path, token, ok]
    assert_in_order(test, result["trace"], steps)


def check_resumed_flow(test, result, scope, kind, rows):
    """After a restart: the stored access token still works, then the stored refresh token is exchanged; no
    registration, no sign-in."""
    _, post_path = transport_paths(scope, kind)
    test.assertFalse(result["signed_in_again"])
    test.assertEqual(result["calls"], [{"isError": False, "rows": rows}] * 2)
    before, after = result["tokens"]
    test.assertNotEqual(before["refresh_token"], after["refresh_token"])
    assert_in_order(test, result["trace"], ["POST %s 401" % post_path, "POST /%s/token 200" % scope])
    for step in result["trace"]:
        test.assertNotIn("/register", step)
        test.assertNotIn("/authorize", step)
