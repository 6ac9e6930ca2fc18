#include "tools/make_tools.h"

#include "tools/builtin_tools.h"

namespace gw::tools {

mcp::ToolList make_tools(db::Pool& pool, const ToolSettings& settings, AuditLog& audit) {
  return {make_list_tables_tool(pool, settings, audit),
          make_describe_table_tool(pool, settings, audit),
          make_get_table_sample_tool(pool, settings, audit),
          make_execute_sql_tool(pool, settings, audit)};
}

}  // namespace gw::tools
