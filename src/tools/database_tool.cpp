#include "tools/database_tool.h"

#include <fmt/format.h>

#include "tools/login_check.h"
#include "tools/table_resolver.h"
#include "util/text.h"

namespace gw::tools {
namespace {

nlohmann::json with_database_argument(nlohmann::json descriptor, const ScopeDatabases& databases) {
  if (databases.size() < 2) return descriptor;
  nlohmann::json names = nlohmann::json::array();
  for (const ScopeDatabase& d : databases) names.push_back(d.name);
  descriptor["inputSchema"]["properties"]["database"] = {
      {"type", "string"},
      {"enum", names},
      {"default", databases.front().name},
      {"description", "which of this scope's databases to use (list_databases lists them)"}};
  return descriptor;
}

}  // namespace

DatabaseTool::DatabaseTool(ScopeDatabases databases, const ToolSettings& settings, AuditLog& audit,
                           nlohmann::json descriptor)
    : databases_(std::move(databases)),
      settings_(settings),
      audit_(audit),
      descriptor_(with_database_argument(std::move(descriptor), databases_)) {}

std::variant<CallSession, mcp::ToolOutcome> DatabaseTool::open_session(
    const nlohmann::json& arguments, const mcp::ToolCallContext& context, CallAudit& audit) const {
  Result<std::string> name = string_argument(arguments, "database", false);
  if (!name) return audit.failure(name.status(), "invalid");
  const ScopeDatabase* database = &databases_.front();
  if (!name->empty()) {
    database = nullptr;
    for (const ScopeDatabase& d : databases_) {
      if (iequals(d.name, *name)) database = &d;
    }
    if (database == nullptr) {
      std::string known;
      for (const ScopeDatabase& d : databases_) known += (known.empty() ? "" : ", ") + d.name;
      return audit.failure(
          invalid_argument(fmt::format("database \"{}\" is not one of scope \"{}\"'s: {}", *name,
                                       settings_.scope_name, known)),
          "invalid");
    }
  }
  CallIdentity identity{context.user, context.client_id, settings_.scope_name, ""};
  if (settings_.impersonate) {
    const auto it = settings_.database_users.find(context.user);
    if (it == settings_.database_users.end()) {
      return audit.failure(
          permission_denied(fmt::format(
              "scope \"{}\" runs each call as the signed-in user's database user, and user \"{}\" "
              "has none (oauth.users[].database_user)",
              settings_.scope_name, context.user)),
          "refused");
    }
    identity.database_user = it->second;
  }
  audit.set_database(databases_.size() > 1 ? database->name : "", identity.database_user);
  return CallSession(*database->pool, std::move(identity));
}

std::variant<CatalogObject, mcp::ToolOutcome> DatabaseTool::find_table_argument(
    const nlohmann::json& arguments, CallSession& session, const db::QueryOptions& options,
    CallAudit& audit) const {
  Result<std::string> typed = string_argument(arguments, "table_name", true);
  if (!typed) return audit.failure(typed.status(), "invalid");
  audit.set_table(*typed);
  Result<CatalogObject> object = find_table(session, options, *typed, settings_.scope_name);
  if (!object) {
    return audit.failure(object.status(),
                         object.status().code() == StatusCode::kNotFound ||
                                 object.status().code() == StatusCode::kInvalidArgument
                             ? "invalid"
                             : "");
  }
  return std::move(*object);
}

Status DatabaseTool::serving() const {
  return settings_.login_check ? settings_.login_check->serving_status() : Status::ok();
}

nlohmann::json table_name_property() {
  return {{"type", "string"},
          {"description", "table or view name, optionally schema-qualified: dbo.Customers"}};
}

ScopeDatabases single_database(db::Pool& pool, const ToolSettings& settings) {
  return {{settings.database.empty() ? std::string("default") : settings.database, &pool}};
}

}  // namespace gw::tools
