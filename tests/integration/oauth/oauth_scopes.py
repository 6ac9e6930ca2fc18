"""The OAuth scopes of test_oauth.py and test_conformance.py: demo (alice, pre-registered clients), production
(bob), crowded (registration rate limit); their databases are a closed port (OAuth needs none)."""
from gwtest.fixtures import GatewayTest
from gwtest.oauth import hash_password
from gwtest.processes import free_port

ALICE_PW = "wonderland-42"
BOB_PW = "builder-7"

CONFIG = """
server:
  data_dir: "@DATA_DIR@"
  default_scope: demo
scopes:
  demo:
    description: Demo database
    database: {host: 127.0.0.1, port: {db_port}, name: DemoDB, user: u, password: p}
    oauth:
      scopes_supported: [mssql.read]
      users:
        - name: alice
          password_hash: "{alice}"
      clients:
        - client_id: preregistered-public
          redirect_uris: [http://127.0.0.1:3000/callback]
        - client_id: preregistered-confidential
          client_secret: "conf-secret-value"
          redirect_uris: [https://claude.ai/api/mcp/auth_callback]
  production:
    description: Production database
    database: {host: 127.0.0.1, port: {db_port}, name: Prod, user: u, password: p}
    oauth:
      users:
        - name: bob
          password_hash: "{bob}"
  crowded:
    description: Registration rate limit
    database: {host: 127.0.0.1, port: {db_port}, name: Crowded, user: u, password: p}
"""


class OAuthScopesTest(GatewayTest):
    CONFIG = CONFIG
    VALUES = {"db_port": free_port(), "alice": hash_password(ALICE_PW), "bob": hash_password(BOB_PW)}
    SECRETS = (ALICE_PW, BOB_PW, "conf-secret-value")
    USER = ("alice", ALICE_PW)
