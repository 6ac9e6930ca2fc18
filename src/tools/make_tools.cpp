#include "tools/make_tools.h"

#include "tools/builtin_tools.h"

namespace gw::tools {

mcp::ToolList make_tools(const ScopeDatabases& databases, const ToolSettings& settings,
                         AuditLog& audit) {
  mcp::ToolList tools = {make_list_tables_tool(databases, settings, audit),
                         make_describe_table_tool(databases, settings, audit),
                         make_get_table_sample_tool(databases, settings, audit),
                         make_execute_sql_tool(databases, settings, audit),
                         make_search_objects_tool(databases, settings, audit)};
  if (databases.size() > 1) tools.push_back(make_list_databases_tool(databases, settings, audit));
  return tools;
}

mcp::ToolList make_tools(db::Pool& pool, const ToolSettings& settings, AuditLog& audit) {
  return make_tools(single_database(pool, settings), settings, audit);
}

}  // namespace gw::tools
