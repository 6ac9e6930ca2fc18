#pragma once
// Wiring: the tools of one scope, over that scope's pool. ScopeTools::create (scope_tools.h) does
// this for a configured scope:
//
//   auto connector =
//       db::FreeTdsConnector::create(scope.name, connection_settings_from(scope.database));
//   db::Pool pool(scope.name, std::move(*connector), {max_size, acquire_timeout_ms});
//   auto audit = tools::AuditLog::open(path);              // or AuditLog::disabled()
//   mcp::ToolList tools = tools::make_tools(pool, tools::ToolSettings{...}, **audit);
//
// The pool and the audit log must outlive the tools.

#include "db/pool.h"
#include "mcp/tool.h"
#include "tools/audit_log.h"
#include "tools/database_tool.h"
#include "tools/tool_settings.h"

namespace gw::tools {

// list_tables, describe_table, get_table_sample, execute_sql, search_objects, in that order, and
// list_databases when there is more than one database. The pools must outlive the tools.
mcp::ToolList make_tools(const ScopeDatabases& databases, const ToolSettings& settings,
                         AuditLog& audit);
// A scope of one database.
mcp::ToolList make_tools(db::Pool& pool, const ToolSettings& settings, AuditLog& audit);

}  // namespace gw::tools
