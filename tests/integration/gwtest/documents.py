"""An https document server on loopback for client ID metadata documents: its certificate is signed by a
throwaway CA (TestCertificates) that a gateway trusts through SSL_CERT_FILE, so verification stays on."""
import http.server
import json
import ssl
import threading

from gwtest.nginx import TestCertificates


class DocumentServer:
    """https://localhost:<port>/… serving client metadata documents; counts fetches per path."""

    def __init__(self, directory):
        # Signed by a throwaway CA the gateway trusts (SSL_CERT_FILE): verification stays on.
        self.certificates = TestCertificates(directory)
        self.ca = self.certificates.ca
        self.hits = {}
        self.docs = {}
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.hits[self.path] = outer.hits.get(self.path, 0) + 1
                status, headers, body = outer.docs.get(self.path, (404, {}, b"not found"))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.certificates.cert, self.certificates.key)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path):
        return "https://localhost:%d%s" % (self.port, path)

    def add(self, path, doc=None, status=200, headers=None, raw=None):
        body = raw if raw is not None else json.dumps(doc).encode()
        h = {"Content-Type": "application/json"}
        h.update(headers or {})
        self.docs[path] = (status, h, body)
