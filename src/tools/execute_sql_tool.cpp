#include <algorithm>

#include <fmt/format.h>

#include "db/json_text.h"
#include "db/result_collector.h"
#include "db/result_encoder.h"
#include "metrics/registry.h"
#include "sql/read_only_classifier.h"
#include "tools/builtin_tools.h"
#include "tools/database_tool.h"
#include "tools/guarded_batches.h"
#include "tools/streamed_rows.h"
#include "tools/tool_support.h"
#include "tools/transaction_wall.h"
#include "util/log.h"

namespace gw::tools {
namespace {

// The ROLLBACK must run even when the call was cancelled or timed out, so it has its own small
// budget.
constexpr std::int64_t kRollbackTimeoutMs = 5000;

nlohmann::json execute_sql_descriptor(const ToolSettings& s) {
  const std::string mode =
      s.read_only
          ? "This scope is READ-ONLY: only queries (SELECT, WITH ... SELECT) are accepted, and "
            "they run "
            "in a transaction that is always rolled back."
          : "This scope is READ-WRITE: INSERT, UPDATE, DELETE and DDL are executed and committed.";
  nlohmann::json annotations = {
      {"title", "Execute T-SQL"}, {"readOnlyHint", s.read_only}, {"openWorldHint", false}};
  if (!s.read_only) {
    annotations["destructiveHint"] = true;
    annotations["idempotentHint"] = false;
  } else {
    annotations["destructiveHint"] = false;
    annotations["idempotentHint"] = true;
  }
  return {
      {"name", "execute_sql"},
      {"title", "Execute T-SQL"},
      {"description",
       fmt::format(
           "Runs T-SQL on this scope's Microsoft SQL Server database and returns every result set "
           "(columns with SQL types, rows), rows affected, and PRINT messages. Dialect is T-SQL: "
           "SELECT TOP (10) ... not LIMIT, square brackets for names, GETDATE(), string + string. "
           "{} "
           "At most {} rows are returned per call (truncated: true beyond); decimal, money and "
           "bigint "
           "are strings, dates ISO 8601, binary base64. Errors come back with SQL Server's number, "
           "line "
           "and message.",
           mode, s.max_rows)},
      {"inputSchema",
       {{"type", "object"},
        {"properties",
         {{"query", {{"type", "string"}, {"description", "T-SQL text (one or more statements)"}}}}},
        {"required", {"query"}},
        {"additionalProperties", false}}},
      {"outputSchema",
       {{"type", "object"},
        {"properties",
         {{"resultSets", {{"type", "array"}, {"items", result_set_schema()}}},
          {"rowsAffected", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
          {"messages", {{"type", "array"}, {"items", {{"type", "string"}}}}},
          {"truncated", {{"type", "boolean"}}},
          {"truncatedReason", {{"type", {"string", "null"}}}},
          {"maxRows", {{"type", "integer"}}}}},
        {"required",
         {"resultSets", "rowsAffected", "messages", "truncated", "truncatedReason", "maxRows"}}}},
      {"annotations", annotations}};
}

// SQL Server's errors, one per line, in the order it sent them.
Status sql_error(const Status& status, const std::vector<db::ServerMessage>& errors) {
  if (status.sql_server_error() == nullptr || errors.empty()) return status;
  std::string text;
  for (const db::ServerMessage& e : errors) {
    if (!text.empty()) text += "\n";
    text += fmt::format("SQL Server error {} (severity {}, state {}, line {}): {}", e.number,
                        e.severity, e.state, e.line, e.text);
  }
  return Status(status.code(), text, status.reason());
}

class ExecuteSqlTool final : public DatabaseTool {
 public:
  ExecuteSqlTool(ScopeDatabases databases, const ToolSettings& settings, AuditLog& audit)
      : DatabaseTool(std::move(databases), settings, audit, execute_sql_descriptor(settings)) {}

  mcp::ToolOutcome call(const nlohmann::json& arguments, mcp::ToolCallContext& context) override {
    CallAudit audit(audit_, settings_, context, "execute_sql");
    if (Status serves = serving(); !serves.is_ok()) return audit.failure(serves, "refused");
    Result<std::string> query = string_argument(arguments, "query", true);
    if (!query) return audit.failure(query.status(), "invalid");
    audit.set_query(*query);
    if (query->find_first_not_of(" \t\r\n") == std::string::npos) {
      return audit.failure(invalid_argument("argument \"query\" is empty"), "invalid");
    }
    auto opened = open_session(arguments, context, audit);
    if (auto* refusal = std::get_if<mcp::ToolOutcome>(&opened)) return std::move(*refusal);
    const CallSession& session = std::get<CallSession>(opened);
    std::vector<std::string> batches;
    if (settings_.read_only) {
      Result<sql::Classification> classification =
          sql::classify_read_only(*query, read_only_policy(settings_));
      if (!classification) return audit.failure(classification.status());
      batches = guarded_batches(*query, *classification, session.frame());
    } else {
      batches.push_back(framed_batch(session.frame(), *query));
    }

    Result<db::Pool::Lease> lease = session.pool().acquire();
    if (!lease) return audit.failure(lease.status());
    // Written as JSON text while the rows arrive (result_encoder.h); resultSets comes first so
    // that the rows can be written before the batch ends.
    db::ResultEncoder collector({settings_.max_rows, result_byte_cap(settings_, context)},
                                "{\"resultSets\":");
    // And sent as it is written where the answer can stream (streamed_rows.h).
    StreamedRows streamed(collector, context.result_stream, audit);
    const db::QueryOptions options = query_options(settings_, context);
    Status status;
    for (const std::string& batch : batches) {
      TransactionWall wall(streamed);
      FrameWatch watch(settings_.read_only ? static_cast<db::RowSink&>(wall) : streamed);
      status = (*lease)->execute(batch, options, watch);
      // A batch that ran to its end ran its own trailing ROLLBACK (guarded_batches.h); any other
      // needs one.
      const bool stopped = collector.truncated() || streamed.client_gone();
      const bool ran_to_end = status.is_ok() && !stopped;
      if (settings_.read_only) {
        if (auto breach = wall_breach(wall.readings(), ran_to_end)) {
          return report_breach(*breach, *lease, audit);
        }
      }
      if (settings_.read_only && !ran_to_end && !roll_back(*lease, session.frame())) {
        // The server rolls back an open transaction when its session ends, which discard() just
        // did.
        if (status.is_ok())
          status = unavailable("the read-only transaction could not be rolled back");
        break;
      }
      // The caller's identity may outlive the batch (call_session.h): never pool it again.
      if (must_discard(session.frame(), status, watch)) {
        lease->discard();
        break;
      }
      // A read-only batch cut short cleared it with its ROLLBACK (roll_back).
      if (!settings_.read_only && !watch.reset()) clear_identity(*lease, session.frame());
      if (!status.is_ok() || stopped) break;
    }
    if (!status.is_ok()) return audit.failure(sql_error(status, collector.errors()));
    // The batch was stopped because its answer could not be written.
    if (streamed.client_gone()) {
      return audit.failure(cancelled("the client went away while the result was sent"));
    }
    return audit.success_text(result_text(collector), collector.rows_kept(), collector.truncated());
  }

 private:
  // Clears the caller's identity (call_session.h) and rolls the read-only transaction back, in one
  // batch: the identity first, so that the ROLLBACK's expected error 3903 cannot keep it from
  // running.
  bool roll_back(db::Pool::Lease& lease, const BatchFrame& frame) const {
    db::ResultCollector ignored({0, 0});
    db::QueryOptions options;
    options.timeout_ms = kRollbackTimeoutMs;
    const Status status =
        lease->execute(frame.clear + "; " + std::string(kGuardRollback), options, ignored);
    bool rolled_back = status.is_ok();
    if (status.sql_server_error() != nullptr) {
      rolled_back = std::all_of(
          ignored.errors().begin(), ignored.errors().end(),
          [](const db::ServerMessage& m) { return m.number == kNoOpenTransactionError; });
    }
    // A connection whose transaction state is unknown must not serve another call.
    if (!rolled_back) lease.discard();
    return rolled_back;
  }

  // The wall saw the query end its transaction (transaction_wall.h): what it wrote may be
  // committed. The connection's state is unknown, so it is closed; the operator is told loudly.
  mcp::ToolOutcome report_breach(const std::string& breach, db::Pool::Lease& lease,
                                 CallAudit& audit) const {
    lease.discard();
    metrics::registry()
        .counter("mcp_gateway_read_only_breaches_total",
                 "Read-only calls whose query ended the rolled-back transaction (the wall saw a "
                 "commit), by scope.",
                 {{"scope", settings_.scope_name}})
        .inc();
    log::error(
        "read-only wall breached: a query on a read-only scope ended its transaction; "
        "its changes may be committed",
        {{"scope", settings_.scope_name}, {"detail", breach}});
    return audit.failure(
        internal_error(fmt::format(
            "read-only scope: the query ended the read-only transaction ({}). Its changes may "
            "have been committed; the connection was closed and the operator alerted.",
            breach)),
        "breach");
  }

  // The structured result as JSON text: the encoder's resultSets, then the members known only
  // once the batch ended.
  std::string result_text(db::ResultEncoder& collector) const {
    std::string text = collector.finish();
    text += ",\"rowsAffected\":[";
    for (std::size_t i = 0; i < collector.rows_affected().size(); ++i) {
      if (i > 0) text += ',';
      db::append_json_integer(text, collector.rows_affected()[i]);
    }
    text += "],\"messages\":[";
    for (std::size_t i = 0; i < collector.infos().size(); ++i) {
      if (i > 0) text += ',';
      db::append_json_string(text, collector.infos()[i].text);
    }
    text += "],\"truncated\":";
    text += collector.truncated() ? "true" : "false";
    text += ",\"truncatedReason\":";
    if (collector.truncated()) {
      db::append_json_string(text, collector.truncated_reason());
    } else {
      text += "null";
    }
    text += ",\"maxRows\":";
    db::append_json_integer(text, settings_.max_rows);
    text += '}';
    return text;
  }
};

}  // namespace

std::shared_ptr<mcp::Tool> make_execute_sql_tool(const ScopeDatabases& databases,
                                                 const ToolSettings& settings, AuditLog& audit) {
  return std::make_shared<ExecuteSqlTool>(databases, settings, audit);
}

}  // namespace gw::tools
