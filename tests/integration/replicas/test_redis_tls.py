"""rediss://: the gateway reaches a real redis-server that listens over TLS only (--tls-port, a certificate for
localhost signed by a throwaway CA), verifying its certificate against ?ca_file=: a sign-in and a tool call work
and the state is in that Redis. The same URL with another CA is refused at start with the reason."""
import subprocess
import tempfile
import unittest

from gwtest.http_client import Http
from gwtest.nginx import TestCertificates
from gwtest.oauth import OAuthFlow, call_sql, hash_password
from gwtest.processes import Devserver, Gateway, gateway_binary
from gwtest.redis_server import RedisServer

PASSWORD = "tls-redis-9"
QUERY = "SELECT RegionID, RegionName FROM sales.Regions WHERE RegionID = 4"


def config_text(db, state_store):
    return f"""
server:
  data_dir: "@DATA_DIR@"
  state_store: "{state_store}"
scopes:
  demo:
    database: {db.database_yaml()}
    oauth:
      users:
        - name: alice
          password_hash: "{hash_password(PASSWORD)}"
"""


class RedisTlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.certs = TestCertificates(tempfile.mkdtemp(prefix="redis-tls-"))
        cls.redis = RedisServer(certificates=cls.certs)
        cls.db = Devserver()

    @classmethod
    def tearDownClass(cls):
        cls.db.stop()
        cls.redis.kill()

    def test_a_sign_in_and_a_tool_call_over_tls(self):
        self.assertTrue(self.redis.url.startswith("rediss://localhost:"))
        gateway = Gateway(config_text(self.db, self.redis.url))
        try:
            self.assertIn("rediss://localhost:%d/0" % self.redis.port, gateway.log_text())
            flow = OAuthFlow(Http(gateway.port), user=("alice", PASSWORD))
            tokens = flow.tokens()
            status, _, body = call_sql(Http(gateway.port), "demo", tokens["access_token"], QUERY)
            self.assertEqual(status, 200, body)
            self.assertEqual(body["result"]["structuredContent"]["resultSets"][0]["rows"], [[4, "Southwest"]])
            # The client is in the TLS Redis.
            self.assertEqual(self.redis.command("EXISTS", "gw:demo:client:" + flow.client_id), ":1\r\n")
        finally:
            gateway.stop()
        self.assertNotIn(PASSWORD, gateway.log_text())

    def refused_start(self, state_store):
        with tempfile.TemporaryDirectory() as d:
            path = d + "/tenants.yaml"
            with open(path, "w") as f:
                f.write(config_text(self.db, state_store).replace("@DATA_DIR@", d + "/data"))
            done = subprocess.run([gateway_binary(), "serve", "--config", path, "--listen", "127.0.0.1:0"],
                                  capture_output=True, text=True, timeout=30)
        self.assertEqual(done.returncode, 1, done.stderr)
        return done.stderr.splitlines()[-1]

    def test_a_certificate_from_another_ca_is_refused_at_start(self):
        other = TestCertificates(tempfile.mkdtemp(prefix="redis-tls-other-"))
        url = "rediss://localhost:%d/0?ca_file=%s" % (self.redis.port, other.ca)
        self.assertEqual(self.refused_start(url),
                         "server.state_store: state store rediss://localhost:%d/0 is unreachable: TLS: the "
                         "server's certificate is not trusted: self-signed certificate in certificate chain"
                         % self.redis.port)


if __name__ == "__main__":
    unittest.main(verbosity=2)
