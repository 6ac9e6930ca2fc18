#pragma once
// The tools of a scope; make_tools.h assembles them. Each is thread-safe: per-call state lives on
// the stack.

#include <memory>

#include "db/pool.h"
#include "mcp/tool.h"
#include "tools/audit_log.h"
#include "tools/database_tool.h"
#include "tools/tool_settings.h"

namespace gw::tools {

std::shared_ptr<mcp::Tool> make_list_tables_tool(const ScopeDatabases& databases,
                                                 const ToolSettings& settings, AuditLog& audit);
std::shared_ptr<mcp::Tool> make_describe_table_tool(const ScopeDatabases& databases,
                                                    const ToolSettings& settings, AuditLog& audit);
std::shared_ptr<mcp::Tool> make_get_table_sample_tool(const ScopeDatabases& databases,
                                                      const ToolSettings& settings,
                                                      AuditLog& audit);
std::shared_ptr<mcp::Tool> make_execute_sql_tool(const ScopeDatabases& databases,
                                                 const ToolSettings& settings, AuditLog& audit);
std::shared_ptr<mcp::Tool> make_search_objects_tool(const ScopeDatabases& databases,
                                                    const ToolSettings& settings, AuditLog& audit);
std::shared_ptr<mcp::Tool> make_list_databases_tool(const ScopeDatabases& databases,
                                                    const ToolSettings& settings, AuditLog& audit);

}  // namespace gw::tools
