#include "tools/database_tool.h"

#include "tools/login_check.h"
#include "tools/table_resolver.h"

namespace gw::tools {

std::variant<CatalogObject, mcp::ToolOutcome> DatabaseTool::find_table_argument(
    const nlohmann::json& arguments, const db::QueryOptions& options, CallAudit& audit) const {
  Result<std::string> typed = string_argument(arguments, "table_name", true);
  if (!typed) return audit.failure(typed.status(), "invalid");
  audit.set_table(*typed);
  Result<std::vector<CatalogObject>> catalog = load_catalog(pool_, options, true);
  if (!catalog) return audit.failure(catalog.status());
  Result<CatalogObject> object = resolve_table(*catalog, *typed, settings_.scope_name);
  if (!object) return audit.failure(object.status(), "invalid");
  return std::move(*object);
}

Status DatabaseTool::serving() const {
  return settings_.login_check ? settings_.login_check->serving_status() : Status::ok();
}

nlohmann::json table_name_property() {
  return {{"type", "string"},
          {"description", "table or view name, optionally schema-qualified: dbo.Customers"}};
}

}  // namespace gw::tools
