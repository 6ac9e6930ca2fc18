#pragma once
// What the tools share: the audit line of each call, its duration, and the shape of a result
// (structuredContent mirrored as a text block, MCP server/tools "Structured Content").

#include <chrono>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "db/connection.h"
#include "mcp/tool.h"
#include "tools/audit_log.h"
#include "tools/tool_settings.h"
#include "util/status.h"

namespace gw::tools {

// Times one tool call and writes its audit record exactly once, when the outcome is built.
class CallAudit {
 public:
  CallAudit(AuditLog& log, const ToolSettings& settings, const mcp::ToolCallContext& context,
            std::string tool);

  void set_query(std::string query) { record_.query = std::move(query); }
  void set_table(std::string table) { record_.table = std::move(table); }
  void set_database(std::string database, std::string database_user) {
    record_.database = std::move(database);
    record_.database_user = std::move(database_user);
  }

  // A result: structured as structuredContent and as JSON text.
  mcp::ToolOutcome success(nlohmann::json structured, std::int64_t rows, bool truncated);
  // The same, from the structured result's JSON text (a result encoded while its rows arrived):
  // the text block is that text, and it is sent as structuredContent without a second encoding.
  mcp::ToolOutcome success_text(std::string structured_json, std::int64_t rows, bool truncated);
  // A line written before the first piece of a streamed answer leaves (streamed_rows.h), so the
  // audit promise holds: outcome "streaming", no rows yet; the call's own line follows at its end.
  // Counted in no metric (the end line is).
  void started();
  // A tool error (isError) whose text is status's message; outcome from status unless given.
  mcp::ToolOutcome failure(const Status& status, const std::string& outcome = "");

 private:
  void finish(const std::string& outcome, std::int64_t rows, const std::string* error);

  AuditLog& log_;
  AuditRecord record_;
  std::chrono::steady_clock::time_point start_;
};

// ok-path names aside, the audit outcome of a failed Status: timeout, cancelled, busy, unavailable,
// refused, invalid, error.
std::string outcome_of(const Status& status);

// The scope's query timeout and the call's cancellation token.
db::QueryOptions query_options(const ToolSettings& settings, const mcp::ToolCallContext& context);

// The most result bytes a call may keep: the scope's limits.max_result_bytes, or less when the
// request's result budget (a batch's calls share one) has less left.
std::int64_t result_byte_cap(const ToolSettings& settings, const mcp::ToolCallContext& context);

// Annotations (MCP ToolAnnotations): closed world, never idempotent-destructive for reads.
nlohmann::json read_only_annotations(const std::string& title);

// JSON Schema of a result set as db::ResultCollector builds it: {columns: [{name, type}], rows:
// [[...]], rowCount}.
nlohmann::json columns_schema();
nlohmann::json result_set_schema();

// Reads an optional string / integer / boolean argument; InvalidArgument names the argument and the
// expected type.
Result<std::string> string_argument(const nlohmann::json& arguments, const char* name,
                                    bool required);
Result<std::int64_t> integer_argument(const nlohmann::json& arguments, const char* name,
                                      std::int64_t fallback);
Result<bool> boolean_argument(const nlohmann::json& arguments, const char* name, bool fallback);

}  // namespace gw::tools
