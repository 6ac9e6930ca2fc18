#include "tools/builtin_tools.h"
#include "tools/database_tool.h"
#include "util/text.h"

namespace gw::tools {
namespace {

nlohmann::json list_tables_descriptor() {
  return {
      {"name", "list_tables"},
      {"title", "List tables"},
      {"description",
       "Lists the tables and views of this scope's Microsoft SQL Server database, schema-qualified "
       "(e.g. dbo.Customers), with their type and row count (tables only, from sys.partitions). "
       "Use the "
       "names with describe_table, get_table_sample, or in T-SQL for execute_sql."},
      {"inputSchema",
       {{"type", "object"},
        {"properties",
         {{"include_views",
           {{"type", "boolean"},
            {"default", true},
            {"description", "false to list base tables only"}}},
          {"schema",
           {{"type", "string"}, {"description", "only objects of this schema, e.g. dbo"}}}}},
        {"additionalProperties", false}}},
      {"outputSchema",
       {{"type", "object"},
        {"properties",
         {{"tables",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"properties",
               {{"schema", {{"type", "string"}}},
                {"name", {{"type", "string"}}},
                {"type", {{"type", "string"}, {"enum", {"table", "view"}}}},
                {"rowCount", {{"type", {"integer", "null"}}}}}},
              {"required", {"schema", "name", "type", "rowCount"}}}}}},
          {"count", {{"type", "integer"}}}}},
        {"required", {"tables", "count"}}}},
      {"annotations", read_only_annotations("List tables")}};
}

class ListTablesTool final : public DatabaseTool {
 public:
  ListTablesTool(db::Pool& pool, const ToolSettings& settings, AuditLog& audit)
      : DatabaseTool(pool, settings, audit, list_tables_descriptor()) {}

  mcp::ToolOutcome call(const nlohmann::json& arguments, mcp::ToolCallContext& context) override {
    CallAudit audit(audit_, settings_, context, "list_tables");
    if (Status serves = serving(); !serves.is_ok()) return audit.failure(serves, "refused");
    Result<bool> include_views = boolean_argument(arguments, "include_views", true);
    if (!include_views) return audit.failure(include_views.status(), "invalid");
    Result<std::string> schema = string_argument(arguments, "schema", false);
    if (!schema) return audit.failure(schema.status(), "invalid");

    Result<std::vector<CatalogObject>> catalog =
        load_catalog(pool_, query_options(settings_, context), *include_views);
    if (!catalog) return audit.failure(catalog.status());
    nlohmann::json tables = nlohmann::json::array();
    for (const CatalogObject& o : *catalog) {
      if (!schema->empty() && !iequals(o.schema, *schema)) continue;
      tables.push_back(
          {{"schema", o.schema},
           {"name", o.name},
           {"type", o.type},
           {"rowCount", o.row_count ? nlohmann::json(*o.row_count) : nlohmann::json()}});
    }
    const auto count = static_cast<std::int64_t>(tables.size());
    return audit.success({{"tables", std::move(tables)}, {"count", count}}, count, false);
  }
};

}  // namespace

std::shared_ptr<mcp::Tool> make_list_tables_tool(db::Pool& pool, const ToolSettings& settings,
                                                 AuditLog& audit) {
  return std::make_shared<ListTablesTool>(pool, settings, audit);
}

}  // namespace gw::tools
