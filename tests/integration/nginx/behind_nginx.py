"""For tests of the gateway behind a real NGINX (lib/nginx_front.py): a test-class fixture that starts a TDS
devserver, a gateway and NGINX in front, and an SSE reader over TLS."""
import http.client
import os
import socket
import ssl
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "mcp"))
from gateway import Devserver, Gateway  # noqa: E402
from mcp_gateway import SseStream  # noqa: E402
from nginx_front import NginxInFront  # noqa: E402


class TlsSse(SseStream):
    """SseStream (read_until, events) over TLS, for streams through NGINX (self-signed certificate)."""

    def __init__(self, port, path, headers=None, timeout=10):
        self.conn = http.client.HTTPSConnection("127.0.0.1", port, context=ssl._create_unverified_context(),
                                                timeout=timeout)
        self.conn.request("GET", path, headers=dict({"Accept": "text/event-stream"}, **(headers or {})))
        self.resp = self.conn.getresponse()
        self.status = self.resp.status
        self.headers = {k.lower(): v for k, v in self.resp.getheaders()}
        self.text = ""

    def close(self):
        # Shut the socket down first: a read blocked on it in another thread returns at once instead of
        # holding the reader's lock (and so close()) until the next keep-alive arrives.
        if self.conn.sock is not None:
            try:
                self.conn.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.conn.close()


class GatewayBehindNginx(unittest.TestCase):
    """Per test class: a TDS devserver, a gateway on CONFIG (its {database} filled in) and NGINX in front."""

    CONFIG = ""

    @classmethod
    def database_yaml(cls, devserver):
        return devserver.database_yaml()

    @classmethod
    def setUpClass(cls):
        cls.db = Devserver()
        cls.gw = Gateway(cls.CONFIG.format(database=cls.database_yaml(cls.db)))
        cls.nginx = NginxInFront(cls.gw, cls.gw.config_path)

    @classmethod
    def tearDownClass(cls):
        cls.nginx.stop()
        cls.gw.stop()
        cls.db.stop()
