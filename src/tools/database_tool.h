#pragma once
// The base of the database tools: each answers from one of its scope's databases (each with its
// own pool), under the caller's identity (call_session.h), audits every call and publishes a fixed
// descriptor. The tools that take a table name resolve it the same way, against the catalog, so
// the typed text never reaches SQL as a name (tools/README.md).

#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/pool.h"
#include "mcp/tool.h"
#include "tools/audit_log.h"
#include "tools/call_session.h"
#include "tools/catalog.h"
#include "tools/tool_settings.h"
#include "tools/tool_support.h"

namespace gw::tools {

// One database a scope's tools reach, and its pool (owned by ScopeTools).
struct ScopeDatabase {
  std::string name;
  db::Pool* pool = nullptr;
};
// database.name first (the default), then database.extra_databases.
using ScopeDatabases = std::vector<ScopeDatabase>;

class DatabaseTool : public mcp::Tool {
 public:
  // With more than one database, the descriptor's inputSchema gains the optional `database`
  // argument (an enum of their names).
  DatabaseTool(ScopeDatabases databases, const ToolSettings& settings, AuditLog& audit,
               nlohmann::json descriptor);

  const nlohmann::json& descriptor() const final { return descriptor_; }

 protected:
  // The call's way to the database its `database` argument names (default database.name), as its
  // caller; or the audited tool error (an unknown database; impersonation without a database user
  // for the caller).
  std::variant<CallSession, mcp::ToolOutcome> open_session(const nlohmann::json& arguments,
                                                           const mcp::ToolCallContext& context,
                                                           CallAudit& audit) const;

  // The object named by the `table_name` argument, or the audited tool error to answer with
  // instead.
  std::variant<CatalogObject, mcp::ToolOutcome> find_table_argument(const nlohmann::json& arguments,
                                                                    CallSession& session,
                                                                    const db::QueryOptions& options,
                                                                    CallAudit& audit) const;

  // OK, or why this scope does not serve (its login can write and
  // database.require_read_only_login is set; login_check.h). No I/O.
  Status serving() const;

  const ScopeDatabases databases_;
  const ToolSettings settings_;
  AuditLog& audit_;

 private:
  const nlohmann::json descriptor_;
};

// The inputSchema property of `table_name`.
nlohmann::json table_name_property();

// A single-database scope's list (tests, and scopes without extra_databases).
ScopeDatabases single_database(db::Pool& pool, const ToolSettings& settings);

}  // namespace gw::tools
