#include "tools/builtin_tools.h"
#include "tools/catalog.h"
#include "tools/tool_support.h"

namespace gw::tools {
namespace {

nlohmann::json string_array() { return {{"type", "array"}, {"items", {{"type", "string"}}}}; }

nlohmann::json make_descriptor() {
  return {
      {"name", "describe_table"},
      {"title", "Describe table"},
      {"description",
       "Describes one table or view of this scope's Microsoft SQL Server database: columns (SQL type such as "
       "nvarchar(100) or decimal(10,2), nullability, default, identity), primary key, foreign keys in both "
       "directions (foreignKeys: what this table references; referencedBy: tables referencing it) and indexes. "
       "Accepts Customers, dbo.Customers or [dbo].[Customers]. Queries for execute_sql are T-SQL "
       "(TOP, not LIMIT)."},
      {"inputSchema",
       {{"type", "object"},
        {"properties",
         {{"table_name",
           {{"type", "string"}, {"description", "table or view name, optionally schema-qualified: dbo.Customers"}}}}},
        {"required", {"table_name"}},
        {"additionalProperties", false}}},
      {"outputSchema",
       {{"type", "object"},
        {"properties",
         {{"schema", {{"type", "string"}}},
          {"name", {{"type", "string"}}},
          {"type", {{"type", "string"}, {"enum", {"table", "view"}}}},
          {"rowCount", {{"type", {"integer", "null"}}}},
          {"columns",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"properties",
               {{"name", {{"type", "string"}}},
                {"type", {{"type", "string"}}},
                {"nullable", {{"type", "boolean"}}},
                {"identity", {{"type", "boolean"}}},
                {"default", {{"type", {"string", "null"}}}}}},
              {"required", {"name", "type", "nullable", "identity", "default"}}}}}},
          {"primaryKey",
           {{"type", {"object", "null"}},
            {"properties", {{"name", {{"type", {"string", "null"}}}}, {"columns", string_array()}}}}},
          {"foreignKeys", {{"type", "array"}, {"items", {{"type", "object"}}}}},
          {"referencedBy", {{"type", "array"}, {"items", {{"type", "object"}}}}},
          {"indexes", {{"type", "array"}, {"items", {{"type", "object"}}}}}}},
        {"required",
         {"schema", "name", "type", "columns", "primaryKey", "foreignKeys", "referencedBy", "indexes"}}}},
      {"annotations", read_only_annotations("Describe table")}};
}

class DescribeTableTool final : public mcp::Tool {
 public:
  DescribeTableTool(db::Pool& pool, const ToolSettings& settings, AuditLog& audit)
      : pool_(pool), settings_(settings), audit_(audit), descriptor_(make_descriptor()) {}

  const nlohmann::json& descriptor() const override { return descriptor_; }

  mcp::ToolOutcome call(const nlohmann::json& arguments, mcp::ToolCallContext& context) override {
    CallAudit audit(audit_, settings_, context, "describe_table");
    Result<std::string> typed = string_argument(arguments, "table_name", true);
    if (!typed) return audit.failure(typed.status(), "invalid");
    audit.set_table(*typed);
    const db::QueryOptions options = query_options(settings_, context);
    Result<std::vector<CatalogObject>> catalog = load_catalog(pool_, options, true);
    if (!catalog) return audit.failure(catalog.status());
    Result<CatalogObject> object = resolve_table(*catalog, *typed, settings_.scope_name);
    if (!object) return audit.failure(object.status(), "invalid");
    Result<nlohmann::json> description = describe_object(pool_, options, *object);
    if (!description) return audit.failure(description.status());
    const auto columns = static_cast<std::int64_t>((*description)["columns"].size());
    return audit.success(std::move(*description), columns, false);
  }

 private:
  db::Pool& pool_;
  const ToolSettings settings_;
  AuditLog& audit_;
  const nlohmann::json descriptor_;
};

}  // namespace

std::shared_ptr<mcp::Tool> make_describe_table_tool(db::Pool& pool, const ToolSettings& settings,
                                                    AuditLog& audit) {
  return std::make_shared<DescribeTableTool>(pool, settings, audit);
}

}  // namespace gw::tools
