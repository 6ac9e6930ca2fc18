#include "tools/scope_tools.h"

#include <fmt/format.h>

#include "db/freetds_connection.h"
#include "metrics/registry.h"
#include "tools/make_tools.h"

namespace gw::tools {

db::ConnectionSettings connection_settings_from(const config::DatabaseConfig& d) {
  db::ConnectionSettings s;
  s.host = d.host;
  s.port = d.port;
  s.database = d.database;
  s.user = d.user;
  s.password = d.password;
  s.tds_version = d.tds_version;
  s.encryption = d.encryption == config::Encryption::kOff       ? db::Encryption::kOff
                 : d.encryption == config::Encryption::kRequire ? db::Encryption::kRequire
                                                                : db::Encryption::kRequest;
  s.trust_server_certificate = d.trust_server_certificate;
  s.login_timeout_s = d.login_timeout_s;
  return s;
}

db::PoolOptions pool_options_from(const config::DatabaseConfig& d) {
  return {d.pool_max_size, d.pool_acquire_timeout_ms};
}

ToolSettings tool_settings_from(const config::ScopeConfig& scope) {
  ToolSettings s;
  s.scope_name = scope.name;
  s.read_only = scope.read_only;
  s.max_rows = scope.limits.max_rows;
  s.max_result_bytes = scope.limits.max_result_bytes;
  s.sample_default_rows = scope.limits.sample_default_rows;
  s.sample_max_rows = scope.limits.sample_max_rows;
  s.query_timeout_ms = static_cast<std::int64_t>(scope.database.query_timeout_s) * 1000;
  s.confine = scope.database.confine;
  s.database = scope.database.database;
  s.other_databases = scope.database.extra_databases;
  s.impersonate = scope.database.impersonate;
  for (const config::User& user : scope.oauth.users) {
    if (!user.database_user.empty()) s.database_users[user.name] = user.database_user;
  }
  return s;
}

std::string audit_log_path(const config::ServerConfig& server) {
  if (!server.audit_log.empty()) return server.audit_log;
  return server.data_dir + "/audit.log";
}

Result<std::unique_ptr<ScopeTools>> ScopeTools::create(const config::ScopeConfig& scope,
                                                       AuditLog& audit) {
  std::unique_ptr<ScopeTools> state(new ScopeTools());
  std::vector<std::string> names = {scope.database.database};
  names.insert(names.end(), scope.database.extra_databases.begin(),
               scope.database.extra_databases.end());
  ScopeDatabases databases;
  for (const std::string& name : names) {
    db::ConnectionSettings settings = connection_settings_from(scope.database);
    settings.database = name;
    Result<std::unique_ptr<db::FreeTdsConnector>> connector =
        db::FreeTdsConnector::create(scope.name, std::move(settings));
    if (!connector) return connector.status();
    // "database busy" and login errors name the scope, and the database when it is an extra one.
    const std::string pool_name =
        name == scope.database.database ? scope.name : scope.name + "/" + name;
    state->pools_.push_back(std::make_unique<db::Pool>(pool_name, std::move(*connector),
                                                       pool_options_from(scope.database)));
    databases.push_back({name, state->pools_.back().get()});
  }
  state->settings_ = tool_settings_from(scope);
  if (scope.read_only) {
    state->login_check_ =
        std::make_shared<LoginCheck>(scope.name, scope.database.require_read_only_login);
    state->settings_.login_check = state->login_check_;
  }
  state->tools_ = make_tools(databases, state->settings_, audit);
  state->publish_pool_metrics();
  return state;
}

ScopeTools::~ScopeTools() {
  if (!metrics_owner_.empty()) metrics::registry().remove_collectors(metrics_owner_);
}

void ScopeTools::publish_pool_metrics() {
  // Unique per pool: a reload builds the scope's new pool before the old one (still draining) is
  // gone.
  metrics_owner_ =
      fmt::format("db-pool:{}:{}", settings_.scope_name, static_cast<const void*>(this));
  struct Gauge {
    const char* name;
    const char* help;
    double (*read)(const db::PoolCounters&);
  };
  static const Gauge kGauges[] = {
      {"mcp_gateway_db_pool_size",
       "Open database connections of the scope's pool (idle and in use).",
       [](const db::PoolCounters& c) { return static_cast<double>(c.size); }},
      {"mcp_gateway_db_pool_in_use", "Database connections lent to running tool calls.",
       [](const db::PoolCounters& c) { return static_cast<double>(c.in_use); }},
      {"mcp_gateway_db_pool_waiting", "Tool calls waiting for a database connection.",
       [](const db::PoolCounters& c) { return static_cast<double>(c.waiting); }},
      {"mcp_gateway_db_pool_opened_connections", "Database logins since start (cumulative).",
       [](const db::PoolCounters& c) { return static_cast<double>(c.opened_total); }},
      {"mcp_gateway_db_pool_broken_connections",
       "Connections dropped as broken since start (cumulative).",
       [](const db::PoolCounters& c) { return static_cast<double>(c.broken_total); }},
      {"mcp_gateway_db_pool_acquire_timeouts",
       "\"database busy\" answers since start (cumulative).",
       [](const db::PoolCounters& c) { return static_cast<double>(c.acquire_timeouts_total); }},
      {"mcp_gateway_db_pool_connect_failures", "Failed logins since start (cumulative).",
       [](const db::PoolCounters& c) { return static_cast<double>(c.connect_failures_total); }},
  };
  // The default database's pool is labelled by scope alone (as before extra_databases); the
  // others by scope and database.
  std::vector<std::pair<db::Pool*, std::string>> pools;
  pools.emplace_back(pools_.front().get(), "");
  for (std::size_t i = 1; i < pools_.size(); ++i)
    pools.emplace_back(pools_[i].get(), settings_.other_databases[i - 1]);
  const std::string scope = settings_.scope_name;
  for (const Gauge& g : kGauges) {
    metrics::registry().add_collector(
        g.name, g.help, metrics_owner_, [pools, scope, read = g.read] {
          std::vector<metrics::Sample> samples;
          for (const auto& [pool, database] : pools) {
            if (database.empty()) {
              samples.push_back({{{"scope", scope}}, read(pool->counters())});
            } else {
              samples.push_back(
                  {{{"scope", scope}, {"database", database}}, read(pool->counters())});
            }
          }
          return samples;
        });
  }
}

}  // namespace gw::tools
