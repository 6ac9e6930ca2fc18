#pragma once
// The per-scope state of the database and tool layers, for app::Scope to own: the scope's
// connection pools (FreeTDS; one per database: database.name and database.extra_databases) and its
// tools. Built from the scope's validated config.
//
//   auto audit = tools::AuditLog::open(tools::audit_log_path(config.server));   // once per process
//   auto state = tools::ScopeTools::create(scope_config, **audit);               // per scope
//   (*state)->tools()       -> mcp::ToolList for the scope's dispatcher
//   (*state)->pool().counters() -> size, in use, waiting, ... for /metrics
//
// The audit log must outlive the ScopeTools; the ScopeTools must outlive every call of its tools.

#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "db/connection_settings.h"
#include "db/pool.h"
#include "mcp/tool.h"
#include "tools/audit_log.h"
#include "tools/login_check.h"
#include "tools/tool_settings.h"

namespace gw::tools {

class ScopeTools {
 public:
  // Registers the scope's freetds.conf section and builds the (empty) pool: no connection is opened
  // here. Publishes the pool's gauges (mcp_gateway_db_pool_*{scope="..."}) in metrics::registry()
  // until destroyed.
  static Result<std::unique_ptr<ScopeTools>> create(const config::ScopeConfig& scope,
                                                    AuditLog& audit);
  ~ScopeTools();
  ScopeTools(const ScopeTools&) = delete;
  ScopeTools& operator=(const ScopeTools&) = delete;

  // The pool of database.name (health, /metrics); extra_databases have their own.
  db::Pool& pool() { return *pools_.front(); }
  const mcp::ToolList& tools() const { return tools_; }
  const ToolSettings& settings() const { return settings_; }
  // The login verdict of a read-only scope, null on a read-write scope. app::HealthWatch runs it.
  LoginCheck* login_check() { return login_check_.get(); }

 private:
  ScopeTools() = default;
  void publish_pool_metrics();

  std::string metrics_owner_;  // "db-pool:<scope>:<address>"; empty until published
  ToolSettings settings_;
  std::vector<std::unique_ptr<db::Pool>> pools_;  // database.name, then extra_databases
  std::shared_ptr<LoginCheck> login_check_;
  mcp::ToolList tools_;
};

// Pure adapters from the config types (unit-tested).
db::ConnectionSettings connection_settings_from(const config::DatabaseConfig& database);
db::PoolOptions pool_options_from(const config::DatabaseConfig& database);
ToolSettings tool_settings_from(const config::ScopeConfig& scope);
// server.audit_log, or <data_dir>/audit.log when empty.
std::string audit_log_path(const config::ServerConfig& server);

}  // namespace gw::tools
