#include "tools/write_access.h"

#include "sql/read_only_classifier.h"

namespace gw::tools {

bool call_may_write(const ToolSettings& settings, std::string_view tool,
                    const nlohmann::json& arguments) {
  if (settings.read_only || tool != "execute_sql" || !arguments.is_object()) return false;
  const auto query = arguments.find("query");
  // A call without its SQL is refused by the tool itself, before any database work.
  if (query == arguments.end() || !query->is_string()) return false;
  // Unconfined: a read-write scope's queries may name other databases; the question is only
  // whether the call writes.
  return !sql::classify_read_only(query->get_ref<const std::string&>()).is_ok();
}

}  // namespace gw::tools
