"""The scopes most MCP tests run against, served by one gateway per test class (McpScopesTest)."""
from gwtest.fixtures import GatewayTest

# demo: open for development (no OAuth token needed at all); methods: tools/call still needs a token; closed: nothing
# without a token. The database port is closed: these tests are about the transport, not SQL.
CONFIG = """
server:
  data_dir: "@DATA_DIR@"
  trusted_proxies: [127.0.0.1/32]
  allowed_origins: [https://claude.ai, https://claude.com, https://chatgpt.com]
  max_body_bytes: 65536
scopes:
  demo:
    description: Demo database
    database: {host: 127.0.0.1, port: 9, name: DemoDB, user: u, password: p}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
  methods:
    read_only: false
    database: {host: 127.0.0.1, port: 9, name: DemoDB, user: u, password: p}
    development:
      allow_unauthenticated_methods: true
  closed:
    database: {host: 127.0.0.1, port: 9, name: DemoDB, user: u, password: p}
  production:
    database: {host: 127.0.0.1, port: 9, name: Sales, user: u, password: p}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
  marketing:
    read_only: false
    database: {host: 127.0.0.1, port: 9, name: Marketing, user: u, password: p}
    development:
      allow_unauthenticated_methods: true
      allow_unauthenticated_tools_call: true
"""


class McpScopesTest(GatewayTest):
    CONFIG = CONFIG
