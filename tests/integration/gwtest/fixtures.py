"""The fixture layer: base classes that start what a test class needs once (setUpClass), hand its tests ready
clients, and check on the way out what every test program must hold (a clean exit, no secret in the log).

A test class names its configuration and says what it checks:

    class HealthTest(GatewayTest):
        CONFIG = '''
    scopes:
      demo:
        database: {database}
    '''
        def test_health(self):
            self.assertEqual(self.http.get_json("/demo/health")[0], 200)

`{database}` stands for the test program's one devserver (shared_devserver); other `{name}`s are filled from
VALUES; `@DATA_DIR@` is the gateway's own data directory. Nothing else in CONFIG is touched, so YAML flow
mappings ({host: h, ...}) need no escaping.
"""
import unittest

from gwtest.nginx import NginxInFront
from gwtest.oauth import OAuthFlow, call_sql
from gwtest.processes import Gateway, shared_devserver


def fill(template, values):
    """`template` with each {name} of `values` replaced (str.format would also read YAML's braces)."""
    for name, value in values.items():
        template = template.replace("{%s}" % name, str(value))
    return template


class GatewayTest(unittest.TestCase):
    """Per test class: a gateway on CONFIG. Gives the tests `gw` (the process), `http` (an Http client on it),
    `db` (the program's devserver, where CONFIG names {database}), flow() (an OAuth client of a scope) and
    call_sql() (execute_sql with a token).

    CONFIG: the tenants.yaml text. VALUES: {name: text} filled into it. DATABASE_OPTIONS: keys added to
    {database} (query_timeout_s=120). GATEWAY_ENV: extra environment.
    SECRETS: strings that must not appear in the gateway's log. USER: the (name, password) flow() signs in
    as. CLEAN_EXIT: the gateway must exit 0 on SIGTERM at the end."""

    CONFIG = None
    VALUES = {}
    DATABASE_OPTIONS = {}
    GATEWAY_ENV = None
    SECRETS = ()
    USER = None
    CLEAN_EXIT = True

    @classmethod
    def config_text(cls):
        values = dict(cls.VALUES)
        if "{database}" in cls.CONFIG:
            cls.db = shared_devserver()
            values["database"] = cls.db.database_yaml(**cls.DATABASE_OPTIONS)
        return fill(cls.CONFIG, values)

    @classmethod
    def setUpClass(cls):
        cls.gw = Gateway(cls.config_text(), env=cls.GATEWAY_ENV)
        cls.http = cls.gw.http
        cls.stopped_logs = []

    @classmethod
    def restart_gateway(cls, sig):
        """Stops the gateway with `sig` and starts it again on the same port and data directory (the same
        public URL, audience and stored grants); returns the exit code. The old log still counts for SECRETS."""
        code, gw = cls.gw.restart(sig)
        cls.stopped_logs.append(cls.gw.log_text())
        cls.gw, cls.http = gw, gw.http
        return code

    @classmethod
    def tearDownClass(cls):
        code = cls.gw.stop()
        log = "".join(cls.stopped_logs) + cls.gw.log_text()
        for secret in cls.SECRETS:
            assert secret not in log, "a secret reached the log"
        if cls.CLEAN_EXIT:
            assert code == 0, "gateway exit code %d:\n%s" % (code, log[-3000:])

    def flow(self, scope="demo", **options):
        """A newly registered OAuth client of `scope`, signing in as USER unless told otherwise."""
        return OAuthFlow(self.http, scope, **dict({"user": self.USER}, **options))

    def call_sql(self, scope, access_token, query, transport="mcp"):
        """execute_sql with a bearer token on /<scope>/<transport>: (status, headers, parsed body)."""
        return call_sql(self.http, scope, access_token, query, transport)


class GatewayBehindNginx(GatewayTest):
    """GatewayTest with a real NGINX in front (the generated site, TLS): `nginx`, and `https` (an Http client
    through it). HTTPS_PORT: chosen beforehand where CONFIG's public_base_url names it. CERTIFICATES: a
    TestCertificates to verify TLS against; default a self-signed one."""

    HTTPS_PORT = None
    CERTIFICATES = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nginx = NginxInFront(cls.gw, cls.gw.config_path, https_port=cls.HTTPS_PORT,
                                 certificates=cls.CERTIFICATES)
        cls.https = cls.nginx.http

    @classmethod
    def tearDownClass(cls):
        cls.nginx.stop()
        super().tearDownClass()
