#pragma once
// The base of the four tools: each answers from its scope's pool, audits every call and publishes a
// fixed descriptor. The two tools that take a table name resolve it the same way, against the
// catalog, so the typed text never reaches SQL (tools/README.md).

#include <variant>

#include <nlohmann/json.hpp>

#include "db/pool.h"
#include "mcp/tool.h"
#include "tools/audit_log.h"
#include "tools/catalog.h"
#include "tools/tool_settings.h"
#include "tools/tool_support.h"

namespace gw::tools {

class DatabaseTool : public mcp::Tool {
 public:
  DatabaseTool(db::Pool& pool, const ToolSettings& settings, AuditLog& audit,
               nlohmann::json descriptor)
      : pool_(pool), settings_(settings), audit_(audit), descriptor_(std::move(descriptor)) {}

  const nlohmann::json& descriptor() const final { return descriptor_; }

 protected:
  // The object named by the `table_name` argument, or the audited tool error to answer with
  // instead.
  std::variant<CatalogObject, mcp::ToolOutcome> find_table_argument(const nlohmann::json& arguments,
                                                                    const db::QueryOptions& options,
                                                                    CallAudit& audit) const;

  // OK, or why this scope does not serve (its login can write and
  // database.require_read_only_login is set; login_check.h). No I/O.
  Status serving() const;

  db::Pool& pool_;
  const ToolSettings settings_;
  AuditLog& audit_;

 private:
  const nlohmann::json descriptor_;
};

// The inputSchema property of `table_name`.
nlohmann::json table_name_property();

}  // namespace gw::tools
