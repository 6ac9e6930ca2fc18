#include <fmt/format.h>

#include "tools/builtin_tools.h"
#include "tools/database_tool.h"
#include "tools/page_cursor.h"

namespace gw::tools {
namespace {

// A page of 200 names is ~20 KB of JSON: well inside any result budget; 1,000 is the most.
constexpr std::int64_t kDefaultTablesPage = 200;
constexpr std::int64_t kMaxTablesPage = 1000;

nlohmann::json list_tables_descriptor() {
  return {
      {"name", "list_tables"},
      {"title", "List tables"},
      {"description",
       "Lists the tables and views of this scope's Microsoft SQL Server database, schema-qualified "
       "(e.g. dbo.Customers), with their type and row count (tables only, from sys.partitions), "
       "in schema and name order, a page at a time: `total` says how many there are, and "
       "`nextCursor` (when not null) fetches the next page. In a large database, search_objects "
       "finds names faster. Use the names with describe_table, get_table_sample, or in T-SQL for "
       "execute_sql."},
      {"inputSchema",
       {{"type", "object"},
        {"properties",
         {{"include_views",
           {{"type", "boolean"},
            {"default", true},
            {"description", "false to list base tables only"}}},
          {"schema",
           {{"type", "string"}, {"description", "only objects of this schema, e.g. dbo"}}},
          {"limit",
           {{"type", "integer"},
            {"minimum", 1},
            {"maximum", kMaxTablesPage},
            {"default", kDefaultTablesPage},
            {"description", "most objects on this page"}}},
          {"cursor",
           {{"type", "string"},
            {"description", "nextCursor of the previous page (same other arguments)"}}}}},
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
          {"count", {{"type", "integer"}, {"description", "objects on this page"}}},
          {"total", {{"type", "integer"}, {"description", "objects in all pages"}}},
          {"nextCursor", {{"type", {"string", "null"}}}}}},
        {"required", {"tables", "count", "total", "nextCursor"}}}},
      {"annotations", read_only_annotations("List tables")}};
}

class ListTablesTool final : public DatabaseTool {
 public:
  ListTablesTool(ScopeDatabases databases, const ToolSettings& settings, AuditLog& audit)
      : DatabaseTool(std::move(databases), settings, audit, list_tables_descriptor()) {}

  mcp::ToolOutcome call(const nlohmann::json& arguments, mcp::ToolCallContext& context) override {
    CallAudit audit(audit_, settings_, context, "list_tables");
    if (Status serves = serving(); !serves.is_ok()) return audit.failure(serves, "refused");
    Result<bool> include_views = boolean_argument(arguments, "include_views", true);
    if (!include_views) return audit.failure(include_views.status(), "invalid");
    Result<std::string> schema = string_argument(arguments, "schema", false);
    if (!schema) return audit.failure(schema.status(), "invalid");
    Result<std::string> database = string_argument(arguments, "database", false);
    if (!database) return audit.failure(database.status(), "invalid");
    const std::string fingerprint = list_fingerprint(
        fmt::format("list_tables\n{}\n{}\n{}", *include_views, *schema, *database));
    Result<PageRequest> page = page_arguments(arguments, fingerprint, kDefaultTablesPage,
                                              std::min(kMaxTablesPage, settings_.max_rows));
    if (!page) return audit.failure(page.status(), "invalid");
    auto opened = open_session(arguments, context, audit);
    if (auto* refusal = std::get_if<mcp::ToolOutcome>(&opened)) return std::move(*refusal);

    Result<CatalogPage> catalog =
        load_catalog_page(std::get<CallSession>(opened), query_options(settings_, context),
                          *include_views, *schema, page->offset, page->limit);
    if (!catalog) return audit.failure(catalog.status());
    nlohmann::json tables = nlohmann::json::array();
    for (const CatalogObject& o : catalog->objects) {
      tables.push_back(
          {{"schema", o.schema},
           {"name", o.name},
           {"type", o.type},
           {"rowCount", o.row_count ? nlohmann::json(*o.row_count) : nlohmann::json()}});
    }
    const auto count = static_cast<std::int64_t>(tables.size());
    return audit.success(
        page_result("tables", std::move(tables), catalog->total, *page, fingerprint), count, false);
  }
};

}  // namespace

std::shared_ptr<mcp::Tool> make_list_tables_tool(const ScopeDatabases& databases,
                                                 const ToolSettings& settings, AuditLog& audit) {
  return std::make_shared<ListTablesTool>(databases, settings, audit);
}

}  // namespace gw::tools
