#include <algorithm>

#include <fmt/format.h>

#include "db/result_collector.h"
#include "sql/identifier.h"
#include "tools/builtin_tools.h"
#include "tools/database_tool.h"

namespace gw::tools {
namespace {

nlohmann::json get_table_sample_descriptor(const ToolSettings& settings) {
  return {
      {"name", "get_table_sample"},
      {"title", "Sample table rows"},
      {"description",
       fmt::format(
           "Returns the first rows of one table or view of this scope's Microsoft SQL Server "
           "database "
           "(SELECT TOP (limit) *, in no particular order), to see what the data looks like. limit "
           "defaults to {} and is capped at {}. Values: decimal, money and bigint as strings, "
           "dates as "
           "ISO 8601, binary as base64.",
           settings.sample_default_rows,
           std::min<std::int64_t>(settings.sample_max_rows, settings.max_rows))},
      {"inputSchema",
       {{"type", "object"},
        {"properties",
         {{"table_name", table_name_property()},
          {"limit",
           {{"type", "integer"},
            {"minimum", 1},
            {"default", settings.sample_default_rows},
            {"description", "number of rows"}}}}},
        {"required", {"table_name"}},
        {"additionalProperties", false}}},
      {"outputSchema",
       {{"type", "object"},
        {"properties",
         {{"table", {{"type", "string"}}},
          {"limit", {{"type", "integer"}}},
          {"columns", columns_schema()},
          {"rows", {{"type", "array"}, {"items", {{"type", "array"}}}}},
          {"rowCount", {{"type", "integer"}}},
          {"truncated", {{"type", "boolean"}}}}},
        {"required", {"table", "limit", "columns", "rows", "rowCount", "truncated"}}}},
      {"annotations", read_only_annotations("Sample table rows")}};
}

class GetTableSampleTool final : public DatabaseTool {
 public:
  GetTableSampleTool(ScopeDatabases databases, const ToolSettings& settings, AuditLog& audit)
      : DatabaseTool(std::move(databases), settings, audit, get_table_sample_descriptor(settings)) {
  }

  mcp::ToolOutcome call(const nlohmann::json& arguments, mcp::ToolCallContext& context) override {
    CallAudit audit(audit_, settings_, context, "get_table_sample");
    if (Status serves = serving(); !serves.is_ok()) return audit.failure(serves, "refused");
    Result<std::int64_t> limit =
        integer_argument(arguments, "limit", settings_.sample_default_rows);
    if (!limit) return audit.failure(limit.status(), "invalid");
    if (*limit < 1)
      return audit.failure(invalid_argument("argument \"limit\" must be at least 1"), "invalid");
    const std::int64_t rows =
        std::min<std::int64_t>({*limit, settings_.sample_max_rows, settings_.max_rows});

    auto opened = open_session(arguments, context, audit);
    if (auto* refusal = std::get_if<mcp::ToolOutcome>(&opened)) return std::move(*refusal);
    CallSession& session = std::get<CallSession>(opened);
    const db::QueryOptions options = query_options(settings_, context);
    auto found = find_table_argument(arguments, session, options, audit);
    if (auto* refusal = std::get_if<mcp::ToolOutcome>(&found)) return std::move(*refusal);
    const CatalogObject& object = std::get<CatalogObject>(found);

    // The catalog's spelling, quoted: the typed text never reaches the SQL.
    const std::string sql = fmt::format("SELECT TOP ({}) * FROM {}", rows,
                                        sql::quote_object_name({object.schema, object.name}));
    db::ResultCollector collector({rows, result_byte_cap(settings_, context)});
    const Status status = session.execute(sql, options, collector);
    if (!status.is_ok()) return audit.failure(status);
    const nlohmann::json& set = collector.result_sets().empty()
                                    ? nlohmann::json({{"columns", nlohmann::json::array()},
                                                      {"rows", nlohmann::json::array()},
                                                      {"rowCount", 0}})
                                    : collector.result_sets()[0];
    nlohmann::json out = {
        {"table", object.qualified()}, {"limit", rows},
        {"columns", set["columns"]},   {"rows", set["rows"]},
        {"rowCount", set["rowCount"]}, {"truncated", collector.truncated_reason() == "byte limit"}};
    return audit.success(std::move(out), collector.rows_kept(),
                         collector.truncated_reason() == "byte limit");
  }
};

}  // namespace

std::shared_ptr<mcp::Tool> make_get_table_sample_tool(const ScopeDatabases& databases,
                                                      const ToolSettings& settings,
                                                      AuditLog& audit) {
  return std::make_shared<GetTableSampleTool>(databases, settings, audit);
}

}  // namespace gw::tools
