"""What the hardening tests share: a gateway with an OAuth scope (automatic sign-in, so a client needs no
browser) in front of the real TDS devserver, a client that walks register -> authorize -> token -> refresh
-> tools/call over raw HTTP, raw sockets for the misbehaving clients, and the checks every test ends with
(each log line is a JSON object, no secret in the log, the process still alive)."""
import json
import socket
import time

from gwtest.http_client import Http
from gwtest.inspection import proc_status
from gwtest.oauth import OAuthFlow
from gwtest.processes import Devserver

# The public URL is fixed (not the port the OS picks), so a restarted gateway on another port keeps the
# tokens' audience: resource = PUBLIC/<scope>/mcp.
PUBLIC = "http://127.0.0.1:8008"
REDIRECT = "https://claude.ai/api/mcp/auth_callback"
DB_PASSWORD = Devserver.LOGIN.split(":", 1)[1]


def config(database_yaml, data_dir="@DATA_DIR@", server_extra="", scope_extra="", extra_scopes=""):
    """Two scopes on one database: demo (OAuth, automatic sign-in) and open (development switches on,
    for tool calls without a token); `extra_scopes` is appended under scopes:."""
    return """
server:
  data_dir: "{data_dir}"
  public_base_url: {public}
  max_body_bytes: 65536
{server_extra}
scopes:
  demo:
    read_only: true
    database: {db}
    oauth:
      sign_in: auto
{scope_extra}
  open:
    read_only: true
    database: {db}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
{extra_scopes}
""".format(data_dir=data_dir, public=PUBLIC, db=database_yaml, server_extra=server_extra,
           scope_extra=scope_extra, extra_scopes=extra_scopes)


def oauth_client(port, scope="demo"):
    """An OAuth client of `scope`, not yet registered (register() returns the answer), that signs in
    automatically and asks for tokens for the fixed public URL."""
    return OAuthFlow(Http(port), scope, redirect=REDIRECT, resource_base=PUBLIC, register=False)


def rpc(port, path, method, params, token=None, request_id=1, timeout=15):
    """One JSON-RPC request over POST (no session: the 2025-11-25 stateless form the gateway accepts
    for tools/call when a session is optional). Returns (status, parsed body or raw text)."""
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
               "MCP-Protocol-Version": "2025-06-18"}
    if token:
        headers["Authorization"] = "Bearer " + token
    body = json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
    return raw_request(port, "POST", path, body.encode(), headers, timeout)


def raw_request(port, method, path, body=None, headers=None, timeout=15):
    """(status, the body parsed as JSON where it is JSON, else its text)."""
    status, _, text = Http(port).request(method, path, body, headers, timeout)
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def rss_kib(pid):
    return proc_status(pid, "VmRSS")



def connect(port, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_response(sock, timeout=10):
    """Everything the server sends until it closes or `timeout`; returns (status or None, raw bytes)."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
        head, sep, rest = data.partition(b"\r\n\r\n")
        if sep:
            length = [int(l.split(b":", 1)[1]) for l in head.split(b"\r\n")
                      if l.lower().startswith(b"content-length:")]
            if length and len(rest) >= length[0]:
                break
    status = None
    if data.startswith(b"HTTP/1.1 "):
        status = int(data[9:12])
    return status, data
