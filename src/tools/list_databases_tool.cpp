#include <algorithm>

#include "db/result_collector.h"
#include "tools/builtin_tools.h"
#include "tools/database_tool.h"

namespace gw::tools {
namespace {

// The probe of each database: a round trip through its pool, bounded so that one dead database
// answers "unavailable" quickly instead of holding the call.
constexpr std::int64_t kProbeTimeoutMs = 5000;

nlohmann::json list_databases_descriptor() {
  return {
      {"name", "list_databases"},
      {"title", "List databases"},
      {"description",
       "Lists the databases of this scope (on one Microsoft SQL Server, one login): the default "
       "first, each with its health (a round trip through its own connection pool). Pass a name "
       "as the `database` argument of the other tools; three-part names "
       "(Database.schema.Table) may name these databases and no others."},
      {"inputSchema",
       {{"type", "object"},
        {"properties", nlohmann::json::object()},
        {"additionalProperties", false}}},
      {"outputSchema",
       {{"type", "object"},
        {"properties",
         {{"databases",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"properties",
               {{"name", {{"type", "string"}}},
                {"default", {{"type", "boolean"}}},
                {"status", {{"type", "string"}, {"enum", {"healthy", "unavailable"}}}},
                {"error", {{"type", {"string", "null"}}}},
                {"connections", {{"type", "integer"}}},
                {"inUse", {{"type", "integer"}}}}},
              {"required", {"name", "default", "status", "error", "connections", "inUse"}}}}}}}},
        {"required", {"databases"}}}},
      {"annotations", read_only_annotations("List databases")}};
}

class ListDatabasesTool final : public DatabaseTool {
 public:
  ListDatabasesTool(ScopeDatabases databases, const ToolSettings& settings, AuditLog& audit)
      : DatabaseTool(std::move(databases), settings, audit, list_databases_descriptor()) {}

  mcp::ToolOutcome call(const nlohmann::json& /*arguments: none*/,
                        mcp::ToolCallContext& context) override {
    CallAudit audit(audit_, settings_, context, "list_databases");
    if (Status serves = serving(); !serves.is_ok()) return audit.failure(serves, "refused");
    db::QueryOptions options = query_options(settings_, context);
    options.timeout_ms = std::min<std::int64_t>(options.timeout_ms, kProbeTimeoutMs);
    nlohmann::json out = nlohmann::json::array();
    for (const ScopeDatabase& database : databases_) {
      nlohmann::json one_database = {{"database", database.name}};
      auto opened = open_session(one_database, context, audit);
      if (auto* refusal = std::get_if<mcp::ToolOutcome>(&opened)) return std::move(*refusal);
      db::ResultCollector ignored({10, 10'000});
      const Status probe =
          std::get<CallSession>(opened).execute("SELECT DB_NAME() AS name", options, ignored);
      const db::PoolCounters counters = database.pool->counters();
      out.push_back({{"name", database.name},
                     {"default", &database == &databases_.front()},
                     {"status", probe.is_ok() ? "healthy" : "unavailable"},
                     {"error", probe.is_ok() ? nlohmann::json() : nlohmann::json(probe.message())},
                     {"connections", counters.size},
                     {"inUse", counters.in_use}});
    }
    audit.set_database("", "");
    const auto count = static_cast<std::int64_t>(out.size());
    return audit.success({{"databases", std::move(out)}}, count, false);
  }
};

}  // namespace

std::shared_ptr<mcp::Tool> make_list_databases_tool(const ScopeDatabases& databases,
                                                    const ToolSettings& settings, AuditLog& audit) {
  return std::make_shared<ListDatabasesTool>(databases, settings, audit);
}

}  // namespace gw::tools
