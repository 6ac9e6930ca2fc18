#include "config/loader.h"

#include <doctest/doctest.h>

#include <map>
#include <set>

#include "config/key_table.h"

namespace {

gw::config::EnvLookup env_with(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const char* kGood = R"(server:
  listen: 127.0.0.1:8008
  public_base_url: https://mcp.example.com/
  trusted_proxies: [127.0.0.1/32, "::1"]
  default_scope: demo
scopes:
  demo:
    read_only: true
    database:
      host: 127.0.0.1
      port: 14330
      name: DemoDB
      user: demo_reader
      password: ${DEMO_DB_PASSWORD}
    pool:
      max_size: 4
    oauth:
      users:
        - name: demo
          password_hash: "scrypt$1024$8$16$TmFDbA$_bq-HJ00cgB4VucZDQHp_nxq18vII3gw53N2Y0s3MWI"
  production:
    path: /prod
    read_only: false
    database: {host: sql.internal, name: Sales, user: gateway, password: "${PROD_PASSWORD:-fallback}"}
)";

// Loads `yaml` and returns its error lines (empty when it loaded).
std::string errors_of(const std::string& yaml,
                      std::map<std::string, std::string> env = {{"DEMO_DB_PASSWORD", "pw"}}) {
  auto r = gw::config::load_text(yaml, "tenants.yaml", env_with(std::move(env)));
  return r.is_ok() ? "" : r.status().message();
}

std::string with_demo(const std::string& extra_scope_lines) {
  return std::string("scopes:\n  demo:\n    database: {host: h, name: d, user: u, password: p}\n") +
         extra_scope_lines;
}

}  // namespace

TEST_CASE("a good file loads with defaults filled in") {
  auto r = gw::config::load_text(kGood, "tenants.yaml", env_with({{"DEMO_DB_PASSWORD", "pw"}}));
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  const auto& c = **r;
  CHECK(c.server.public_base_url == "https://mcp.example.com");
  REQUIRE(c.scopes.size() == 2);
  const auto& demo = c.scopes[0];
  CHECK(demo.name == "demo");
  CHECK(demo.path == "/demo");
  CHECK(demo.database.port == 14330);
  CHECK(demo.database.password.reveal() == "pw");
  CHECK(demo.database.pool_max_size == 4);
  CHECK(demo.database.query_timeout_s == 60);
  CHECK(demo.oauth.users.size() == 1);
  CHECK(demo.oauth.allowed_redirect_hosts ==
        std::vector<std::string>{"claude.ai", "claude.com", "chatgpt.com"});
  CHECK(demo.line == 7);
  const auto& prod = c.scopes[1];
  CHECK(prod.path == "/prod");
  CHECK_FALSE(prod.read_only);
  CHECK(prod.database.password.reveal() == "fallback");
  CHECK(c.find_scope("DEMO") == &demo);
  CHECK(c.server.audit_log == "./data/audit.log");
  CHECK(c.server.limits.max_streams_per_token == 16);
  CHECK(c.server.limits.max_streams_per_address == 64);
  CHECK(c.server.limits.reserved_connections == 64);
  CHECK(c.server.health_probe_interval_s == 10);
}

TEST_CASE("each bad file gets one line naming file, line, key and what was expected") {
  struct Case {
    std::string yaml;
    std::string error;
  };
  const std::vector<Case> cases = {
      {with_demo("    pool: {max_size: 20x}\n"),
       "tenants.yaml:4:22: scopes.demo.pool.max_size: expected an integer 1..1000, got \"20x\""},
      {with_demo("    database: {port: 70000}\n"),
       "tenants.yaml:4:5: scopes.demo.database: duplicate key (yaml would silently keep one)"},
      {"scopes:\n  demo:\n    database: {host: h, name: d, user: u, password: p, port: 70000}\n",
       "tenants.yaml:3:62: scopes.demo.database.port: expected an integer 1..65535, got \"70000\""},
      {with_demo("    limits: {max_rows: -5}\n"),
       "tenants.yaml:4:24: scopes.demo.limits.max_rows: expected an integer 1..1000000, got "
       "\"-5\""},
      {with_demo("    read_onyl: true\n"),
       "tenants.yaml:4:5: scopes.demo.read_onyl: unknown key (did you mean read_only?)"},
      {with_demo("    path: demo\n"),
       "tenants.yaml:4: scopes.demo.path: expected / and one segment of lowercase letters, digits, "
       "- and _ "
       "(such as /demo), got \"demo\""},
      {with_demo("    path: /a/b\n"),
       "tenants.yaml:4: scopes.demo.path: expected / and one segment of lowercase letters, digits, "
       "- and _ "
       "(such as /demo), got \"/a/b\""},
      {with_demo(
           "  other:\n    path: /demo\n    database: {host: h, name: d, user: u, password: p}\n"),
       "tenants.yaml:5: scopes.other.path: /demo is already the path of scope demo (line 2)"},
      {with_demo("  Demo:\n    database: {host: h, name: d, user: u, password: p}\n"),
       "tenants.yaml:4:3: scopes.Demo: duplicate scope (names are case-insensitive)"},
      {with_demo("  health:\n    database: {host: h, name: d, user: u, password: p}\n"),
       "tenants.yaml:4: scopes.health.path: /health is reserved for the gateway's own endpoints"},
      {"scopes:\n  demo:\n    database: {host: h, name: d, user: u}\n",
       "tenants.yaml:3:5: scopes.demo.database.password: required key is missing"},
      {"scopes:\n  demo:\n    database: {host: h, name: d, user: u, password: \"${NOPE}\"}\n",
       "tenants.yaml:3:53: scopes.demo.database.password: environment variable NOPE is not set"},
      {with_demo("    read_only: yes\n"),
       "tenants.yaml:4:16: scopes.demo.read_only: expected true or false, got \"yes\""},
      {"scopes:\n  demo:\n    database: {host: h, name: d, user: u, password: p, encryption: "
       "maybe}\n",
       "tenants.yaml:3:68: scopes.demo.database.encryption: expected one of off, request, require, "
       "got \"maybe\""},
      {"server: {listen: localhost}\n" + with_demo(""),
       "tenants.yaml:1: server.listen: expected host:port with a port 0..65535, got \"localhost\""},
      {"server: {default_scope: prod}\n" + with_demo(""),
       "tenants.yaml:1: server.default_scope: no scope is named \"prod\""},
      {"server: {trusted_proxies: [10.0.0.0/40]}\n" + with_demo(""),
       "tenants.yaml:1: server.trusted_proxies: expected a prefix length 0..32 in \"10.0.0.0/40\""},
      {"server: {public_base_url: https://host/demo}\n" + with_demo(""),
       "tenants.yaml:1: server.public_base_url: expected http(s)://host[:port] with no path, got "
       "\"https://host/demo\""},
      {"server: {allowed_origins: [claude.ai]}\n" + with_demo(""),
       "tenants.yaml:1: server.allowed_origins: expected an origin such as https://claude.ai (no "
       "path), got "
       "\"claude.ai\""},
      {"server:\n  limits: {max_streams_per_token: 0}\n" + with_demo(""),
       "tenants.yaml:2:35: server.limits.max_streams_per_token: expected an integer 1..100000, got "
       "\"0\""},
      {"server:\n  limits: {max_streams_per_adress: 8}\n" + with_demo(""),
       "tenants.yaml:2:12: server.limits.max_streams_per_adress: unknown key (did you mean "
       "limits.max_streams_per_address?)"},
      {"sever: {}\n" + with_demo(""),
       "tenants.yaml:1:1: sever: unknown key (did you mean server?)"},
      {"server: {admin_listen: 0.0.0.0:9000}\n" + with_demo(""),
       "tenants.yaml:1: server.admin_listen: 0.0.0.0:9000 is not a loopback address: set "
       "server.admin_token too"},
      {with_demo("    oauth:\n      users:\n        - {name: a, pasword_hash: x}\n"),
       "tenants.yaml:6:21: scopes.demo.oauth.users[0].pasword_hash: unknown key (did you mean "
       "password_hash?)\n"
       "tenants.yaml:6:11: scopes.demo.oauth.users[0].password_hash: required key is missing"},
      {"scopes:\n  demo:\n    database: {host: h, name: Sales, user: u, password: p, "
       "extra_databases: [Archive, archive, sales, \"no;name\"]}\n",
       "tenants.yaml:3: scopes.demo.database.extra_databases: database archive is listed twice\n"
       "tenants.yaml:3: scopes.demo.database.extra_databases: database sales is listed twice\n"
       "tenants.yaml:3: scopes.demo.database.extra_databases: expected a database name (letters, "
       "digits, _ @ # $ -), got \"no;name\""},
      {"scopes:\n  demo:\n    database: {host: h, name: d, user: u, password: p, impersonate: "
       "true}\n",
       "tenants.yaml:3: scopes.demo.database.impersonate: needs oauth.users with a database_user "
       "each (sign_in: auto has no users)"},
      {"scopes: {}\n", "tenants.yaml:1: scopes: define at least one scope"},
      {"scopes:\n  demo: [1, 2\n",
       "tenants.yaml:3:1: invalid YAML: end of sequence flow not found"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.yaml);
    CHECK(errors_of(c.yaml) == c.error);
  }
}

TEST_CASE("password hashes are checked at load, at the line of each user's password_hash") {
  const std::string good = "scrypt$1024$8$16$TmFDbA$_bq-HJ00cgB4VucZDQHp_nxq18vII3gw53N2Y0s3MWI";
  auto users = [](const std::string& first, const std::string& second) {
    return with_demo("    oauth:\n      users:\n        - name: a\n          password_hash: \"" +
                     first + "\"\n        - name: b\n          password_hash: \"" + second +
                     "\"\n");
  };
  struct Case {
    std::string yaml;
    std::string error;
  };
  const std::vector<Case> cases = {
      {users(good, good), ""},
      {users("hunter2", good),
       "tenants.yaml:7: scopes.demo.oauth.users[0].password_hash: expected scrypt$N$r$p$salt$hash "
       "(make one with `mssql-mcp-gateway hash-password`)"},
      {users(good, "scrypt$1024$8$x$TmFDbA$AAAA"),
       "tenants.yaml:9: scopes.demo.oauth.users[1].password_hash: N, r and p must be whole "
       "numbers"},
      {users(good, "scrypt$1000$8$16$TmFDbA$AAAA"),
       "tenants.yaml:9: scopes.demo.oauth.users[1].password_hash: scrypt parameters out of range "
       "(N a power of two 2..1048576, r 1..32, p 1..16)"},
      {users("scrypt$1024$8$16$Tm+DbA$AAAA", good),
       "tenants.yaml:7: scopes.demo.oauth.users[0].password_hash: the salt is not base64url "
       "(RFC 4648 §5, no padding)"},
      {users(good, good.substr(0, good.size() - 3)),
       "tenants.yaml:9: scopes.demo.oauth.users[1].password_hash: the hash is not 32 bytes "
       "(43 base64url characters)"},
      {users("scrypt$1024", "${ALICE_HASH:-plain}"),
       "tenants.yaml:7: scopes.demo.oauth.users[0].password_hash: expected scrypt$N$r$p$salt$hash "
       "(make one with `mssql-mcp-gateway hash-password`)\n"
       "tenants.yaml:9: scopes.demo.oauth.users[1].password_hash: expected scrypt$N$r$p$salt$hash "
       "(make one with `mssql-mcp-gateway hash-password`)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.yaml);
    const std::string errors = errors_of(c.yaml);
    CHECK(errors == c.error);
    CHECK(errors.find("hunter2") == std::string::npos);
  }
}

TEST_CASE("check does not judge a password hash whose variable is unset there") {
  // `check` runs where production secrets need not be: the unset variable is noted, not an error.
  const std::string yaml = with_demo(
      "    oauth:\n      users:\n        - {name: a, password_hash: \"${ALICE_HASH}\"}\n"
      "        - {name: b, password_hash: \"${BOB_HASH}x\"}\n");
  std::set<std::string> unset;
  auto loaded = gw::config::load_text(yaml, "tenants.yaml", env_with({}), &unset);
  REQUIRE_MESSAGE(loaded.is_ok(), loaded.status().message());
  CHECK(unset == std::set<std::string>{"ALICE_HASH", "BOB_HASH"});
  // serve (no unset list) refuses the same file for the variables themselves.
  CHECK(errors_of(yaml, {}) ==
        "tenants.yaml:6:36: scopes.demo.oauth.users[0].password_hash: environment variable "
        "ALICE_HASH is "
        "not set\n"
        "tenants.yaml:7:36: scopes.demo.oauth.users[1].password_hash: environment variable "
        "BOB_HASH is not set");
  // Set, the value is judged like any other.
  CHECK(errors_of(yaml, {{"ALICE_HASH", "nope"}, {"BOB_HASH", ""}}) ==
        "tenants.yaml:6: scopes.demo.oauth.users[0].password_hash: expected scrypt$N$r$p$salt$hash "
        "(make one with `mssql-mcp-gateway hash-password`)\n"
        "tenants.yaml:7: scopes.demo.oauth.users[1].password_hash: expected scrypt$N$r$p$salt$hash "
        "(make one with `mssql-mcp-gateway hash-password`)");
}

TEST_CASE("all errors of a file are reported in one pass") {
  const std::string yaml =
      "scopes:\n  demo:\n    database: {host: h, name: d, user: u, password: p, port: x}\n"
      "    pool: {max_size: 0}\n    colour: blue\n";
  CHECK(errors_of(yaml) ==
        "tenants.yaml:3:62: scopes.demo.database.port: expected an integer 1..65535, got \"x\"\n"
        "tenants.yaml:4:22: scopes.demo.pool.max_size: expected an integer 1..1000, got \"0\"\n"
        "tenants.yaml:5:5: scopes.demo.colour: unknown key");
}

TEST_CASE("a secret's value never appears in an error") {
  const std::string yaml =
      "scopes:\n  demo:\n    database: {host: h, name: d, user: u, password: [hunter2]}\n";
  const std::string errors = errors_of(yaml);
  CHECK(errors.find("hunter2") == std::string::npos);
  CHECK(errors ==
        "tenants.yaml:3:53: scopes.demo.database.password: expected a secret text, got a list");
}

TEST_CASE("the reference table lists every key once") {
  const std::string table = gw::config::reference_markdown();
  CHECK(table.find("| `server.listen` | a text | `127.0.0.1:8008` | restart |") !=
        std::string::npos);
  CHECK(table.find("| `scopes.<name>.pool.max_size` | an integer 1..1000 | `8` | yes |") !=
        std::string::npos);
  size_t rows = 0;
  for (char ch : table) rows += ch == '\n';
  CHECK(rows == 2 + gw::config::server_keys().size() + gw::config::scope_keys().size());
}
