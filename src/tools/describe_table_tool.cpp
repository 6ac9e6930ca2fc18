#include "tools/builtin_tools.h"
#include "tools/database_tool.h"

namespace gw::tools {
namespace {

nlohmann::json string_array() { return {{"type", "array"}, {"items", {{"type", "string"}}}}; }

nlohmann::json describe_table_descriptor() {
  return {
      {"name", "describe_table"},
      {"title", "Describe table"},
      {"description",
       "Describes one table or view of this scope's Microsoft SQL Server database: columns (SQL "
       "type such as "
       "nvarchar(100) or decimal(10,2), nullability, default, identity), primary key, foreign keys "
       "in both "
       "directions (foreignKeys: what this table references; referencedBy: tables referencing it) "
       "and indexes. "
       "Accepts Customers, dbo.Customers or [dbo].[Customers]. Queries for execute_sql are T-SQL "
       "(TOP, not LIMIT)."},
      {"inputSchema",
       {{"type", "object"},
        {"properties", {{"table_name", table_name_property()}}},
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
            {"properties",
             {{"name", {{"type", {"string", "null"}}}}, {"columns", string_array()}}}}},
          {"foreignKeys", {{"type", "array"}, {"items", {{"type", "object"}}}}},
          {"referencedBy", {{"type", "array"}, {"items", {{"type", "object"}}}}},
          {"indexes", {{"type", "array"}, {"items", {{"type", "object"}}}}}}},
        {"required",
         {"schema", "name", "type", "columns", "primaryKey", "foreignKeys", "referencedBy",
          "indexes"}}}},
      {"annotations", read_only_annotations("Describe table")}};
}

class DescribeTableTool final : public DatabaseTool {
 public:
  DescribeTableTool(ScopeDatabases databases, const ToolSettings& settings, AuditLog& audit)
      : DatabaseTool(std::move(databases), settings, audit, describe_table_descriptor()) {}

  mcp::ToolOutcome call(const nlohmann::json& arguments, mcp::ToolCallContext& context) override {
    CallAudit audit(audit_, settings_, context, "describe_table");
    if (Status serves = serving(); !serves.is_ok()) return audit.failure(serves, "refused");
    auto opened = open_session(arguments, context, audit);
    if (auto* refusal = std::get_if<mcp::ToolOutcome>(&opened)) return std::move(*refusal);
    CallSession& session = std::get<CallSession>(opened);
    const db::QueryOptions options = query_options(settings_, context);
    auto found = find_table_argument(arguments, session, options, audit);
    if (auto* refusal = std::get_if<mcp::ToolOutcome>(&found)) return std::move(*refusal);
    Result<nlohmann::json> description =
        describe_object(session, options, std::get<CatalogObject>(found));
    if (!description) return audit.failure(description.status());
    const auto columns = static_cast<std::int64_t>((*description)["columns"].size());
    return audit.success(std::move(*description), columns, false);
  }
};

}  // namespace

std::shared_ptr<mcp::Tool> make_describe_table_tool(const ScopeDatabases& databases,
                                                    const ToolSettings& settings, AuditLog& audit) {
  return std::make_shared<DescribeTableTool>(databases, settings, audit);
}

}  // namespace gw::tools
