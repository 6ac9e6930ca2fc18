#include <algorithm>

#include <fmt/format.h>

#include "tools/builtin_tools.h"
#include "tools/database_tool.h"
#include "tools/object_search.h"
#include "tools/page_cursor.h"

namespace gw::tools {
namespace {

constexpr std::int64_t kDefaultMatchesPage = 50;
constexpr std::int64_t kMaxMatchesPage = 500;

nlohmann::json kind_enum() {
  nlohmann::json names = nlohmann::json::array();
  for (const ObjectKind kind : all_kinds()) names.push_back(kind_name(kind));
  return names;
}

nlohmann::json search_objects_descriptor() {
  const nlohmann::json nullable_string = {{"type", {"string", "null"}}};
  return {
      {"name", "search_objects"},
      {"title", "Search objects"},
      {"description",
       "Finds tables, views, procedures, functions and columns of this scope's Microsoft SQL "
       "Server database by name: `pattern` is a SQL LIKE pattern, case-insensitive (% any text, _ "
       "one character; without either it matches anywhere in the name: `invoice` finds "
       "dbo.CustomerInvoices). Matches are schema-qualified, with their kind and, for columns, "
       "the table and SQL type, in schema and name order, a page at a time (`total`, and "
       "`nextCursor` for the next page). Use it instead of list_tables in large databases."},
      {"inputSchema",
       {{"type", "object"},
        {"properties",
         {{"pattern",
           {{"type", "string"},
            {"minLength", 1},
            {"maxLength", 256},
            {"description", "LIKE pattern or plain text, e.g. cust%, %_id, invoice"}}},
          {"kinds",
           {{"type", "array"},
            {"items", {{"type", "string"}, {"enum", kind_enum()}}},
            {"description", "only these kinds (default: all)"}}},
          {"limit",
           {{"type", "integer"},
            {"minimum", 1},
            {"maximum", kMaxMatchesPage},
            {"default", kDefaultMatchesPage},
            {"description", "most matches on this page"}}},
          {"cursor",
           {{"type", "string"},
            {"description", "nextCursor of the previous page (same other arguments)"}}}}},
        {"required", {"pattern"}},
        {"additionalProperties", false}}},
      {"outputSchema",
       {{"type", "object"},
        {"properties",
         {{"matches",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"properties",
               {{"kind", {{"type", "string"}, {"enum", kind_enum()}}},
                {"schema", {{"type", "string"}}},
                {"name",
                 {{"type", "string"}, {"description", "the object (for a column: its table)"}}},
                {"column", nullable_string},
                {"type", nullable_string},
                {"qualifiedName", {{"type", "string"}}}}},
              {"required", {"kind", "schema", "name", "column", "type", "qualifiedName"}}}}}},
          {"count", {{"type", "integer"}}},
          {"total", {{"type", "integer"}}},
          {"nextCursor", nullable_string}}},
        {"required", {"matches", "count", "total", "nextCursor"}}}},
      {"annotations", read_only_annotations("Search objects")}};
}

Result<std::vector<ObjectKind>> kinds_argument(const nlohmann::json& arguments) {
  const auto it = arguments.find("kinds");
  if (it == arguments.end() || it->is_null()) return all_kinds();
  const Status wrong = invalid_argument(
      fmt::format("argument \"kinds\" must be an array of {}", kind_enum().dump()));
  if (!it->is_array() || it->empty()) return wrong;
  std::vector<ObjectKind> kinds;
  for (const nlohmann::json& k : *it) {
    const auto known = std::find_if(all_kinds().begin(), all_kinds().end(), [&](ObjectKind kind) {
      return k.is_string() && k.get<std::string>() == kind_name(kind);
    });
    if (known == all_kinds().end()) return wrong;
    if (std::find(kinds.begin(), kinds.end(), *known) == kinds.end()) kinds.push_back(*known);
  }
  std::sort(kinds.begin(), kinds.end());
  return kinds;
}

class SearchObjectsTool final : public DatabaseTool {
 public:
  SearchObjectsTool(ScopeDatabases databases, const ToolSettings& settings, AuditLog& audit)
      : DatabaseTool(std::move(databases), settings, audit, search_objects_descriptor()) {}

  mcp::ToolOutcome call(const nlohmann::json& arguments, mcp::ToolCallContext& context) override {
    CallAudit audit(audit_, settings_, context, "search_objects");
    if (Status serves = serving(); !serves.is_ok()) return audit.failure(serves, "refused");
    Result<std::string> pattern = string_argument(arguments, "pattern", true);
    if (!pattern) return audit.failure(pattern.status(), "invalid");
    audit.set_query(*pattern);
    if (pattern->empty() || pattern->size() > 256) {
      return audit.failure(invalid_argument("argument \"pattern\" must be 1 to 256 characters"),
                           "invalid");
    }
    Result<std::vector<ObjectKind>> kinds = kinds_argument(arguments);
    if (!kinds) return audit.failure(kinds.status(), "invalid");
    Result<std::string> database = string_argument(arguments, "database", false);
    if (!database) return audit.failure(database.status(), "invalid");
    std::string key = fmt::format("search_objects\n{}\n{}\n", *pattern, *database);
    for (const ObjectKind kind : *kinds) key += kind_name(kind);
    const std::string fingerprint = list_fingerprint(key);
    Result<PageRequest> page = page_arguments(arguments, fingerprint, kDefaultMatchesPage,
                                              std::min(kMaxMatchesPage, settings_.max_rows));
    if (!page) return audit.failure(page.status(), "invalid");
    auto opened = open_session(arguments, context, audit);
    if (auto* refusal = std::get_if<mcp::ToolOutcome>(&opened)) return std::move(*refusal);

    Result<SearchPage> found =
        search_objects(std::get<CallSession>(opened), query_options(settings_, context),
                       {*pattern, *kinds, page->offset, page->limit});
    if (!found) return audit.failure(found.status());
    const auto count = static_cast<std::int64_t>(found->matches.size());
    return audit.success(
        page_result("matches", std::move(found->matches), found->total, *page, fingerprint), count,
        false);
  }
};

}  // namespace

std::shared_ptr<mcp::Tool> make_search_objects_tool(const ScopeDatabases& databases,
                                                    const ToolSettings& settings, AuditLog& audit) {
  return std::make_shared<SearchObjectsTool>(databases, settings, audit);
}

}  // namespace gw::tools
