#include "tools/scope_tools.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "metrics/registry.h"

namespace gw::tools {
namespace {

config::ScopeConfig scope_config() {
  config::ScopeConfig s;
  s.name = "demo";
  s.read_only = false;
  s.database.host = "db.internal";
  s.database.port = 1444;
  s.database.database = "Sales";
  s.database.user = "reader";
  s.database.password = Secret("pw");
  s.database.encryption = config::Encryption::kRequire;
  s.database.trust_server_certificate = true;
  s.database.login_timeout_s = 7;
  s.database.query_timeout_s = 45;
  s.database.pool_max_size = 3;
  s.database.pool_acquire_timeout_ms = 250;
  s.limits.max_rows = 500;
  s.limits.max_result_bytes = 2048;
  s.limits.sample_default_rows = 5;
  s.limits.sample_max_rows = 50;
  return s;
}

TEST_CASE("config adapters carry every database, pool and limit setting") {
  const config::ScopeConfig c = scope_config();
  const db::ConnectionSettings d = connection_settings_from(c.database);
  CHECK(d.host == "db.internal");
  CHECK(d.port == 1444);
  CHECK(d.database == "Sales");
  CHECK(d.user == "reader");
  CHECK(d.password.reveal() == "pw");
  CHECK(d.tds_version == "7.4");
  CHECK(d.encryption == db::Encryption::kRequire);
  CHECK(d.trust_server_certificate);
  CHECK(d.login_timeout_s == 7);
  const db::PoolOptions p = pool_options_from(c.database);
  CHECK(p.max_size == 3);
  CHECK(p.acquire_timeout_ms == 250);
  const ToolSettings t = tool_settings_from(c);
  CHECK(t.scope_name == "demo");
  CHECK_FALSE(t.read_only);
  CHECK(t.max_rows == 500);
  CHECK(t.max_result_bytes == 2048);
  CHECK(t.sample_default_rows == 5);
  CHECK(t.sample_max_rows == 50);
  CHECK(t.query_timeout_ms == 45'000);
}

TEST_CASE("audit_log_path defaults under the data directory") {
  config::ServerConfig server;
  server.data_dir = "/var/lib/gw";
  CHECK(audit_log_path(server) == "/var/lib/gw/audit.log");
  server.audit_log = "/var/log/gw/audit.jsonl";
  CHECK(audit_log_path(server) == "/var/log/gw/audit.jsonl");
}

TEST_CASE("ScopeTools::create opens no connection and lists the five tools in order") {
  auto audit = AuditLog::disabled();
  auto state = ScopeTools::create(scope_config(), *audit);
  REQUIRE(state.is_ok());
  REQUIRE((*state)->tools().size() == 5);
  CHECK((*state)->tools()[0]->descriptor()["name"] == "list_tables");
  CHECK((*state)->tools()[3]->descriptor()["name"] == "execute_sql");
  CHECK((*state)->tools()[4]->descriptor()["name"] == "search_objects");
  CHECK_FALSE((*state)->tools()[3]->descriptor()["inputSchema"]["properties"].contains("database"));
  CHECK((*state)->tools()[3]->descriptor()["annotations"]["destructiveHint"] == true);
  CHECK((*state)->pool().counters().size == 0);
  CHECK(metrics::registry().render().find("mcp_gateway_db_pool_size{scope=\"demo\"} 0\n") !=
        std::string::npos);
  state = Result<std::unique_ptr<ScopeTools>>(std::unique_ptr<ScopeTools>());
  CHECK(metrics::registry().render().find("mcp_gateway_db_pool_size{scope=\"demo\"}") ==
        std::string::npos);
}

TEST_CASE("extra databases: a pool each, a database argument, list_databases, labelled gauges") {
  config::ScopeConfig c = scope_config();
  c.name = "multi";
  c.database.extra_databases = {"ArchiveDB", "Staging"};
  c.database.impersonate = true;
  c.oauth.users = {{"alice", Secret("h"), "alice_db"}, {"bob", Secret("h"), ""}};
  const ToolSettings t = tool_settings_from(c);
  CHECK(t.other_databases == std::vector<std::string>{"ArchiveDB", "Staging"});
  CHECK(t.impersonate);
  CHECK(t.database_users == std::map<std::string, std::string>{{"alice", "alice_db"}});
  CHECK(read_only_policy(t).other_databases == t.other_databases);

  auto audit = AuditLog::disabled();
  auto state = ScopeTools::create(c, *audit);
  REQUIRE(state.is_ok());
  REQUIRE((*state)->tools().size() == 6);
  CHECK((*state)->tools()[5]->descriptor()["name"] == "list_databases");
  for (const auto& tool : (*state)->tools()) {
    if (tool->descriptor()["name"] == "list_databases") continue;
    CHECK(tool->descriptor()["inputSchema"]["properties"]["database"]["enum"] ==
          nlohmann::json::array({"Sales", "ArchiveDB", "Staging"}));
  }
  const std::string metrics = metrics::registry().render();
  CHECK(metrics.find("mcp_gateway_db_pool_size{scope=\"multi\"} 0\n") != std::string::npos);
  CHECK(metrics.find("mcp_gateway_db_pool_size{scope=\"multi\",database=\"Staging\"} 0\n") !=
        std::string::npos);
}

}  // namespace
}  // namespace gw::tools
