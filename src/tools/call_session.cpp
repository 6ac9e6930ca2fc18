#include "tools/call_session.h"

#include <fmt/format.h>

#include "db/result_collector.h"
#include "sql/identifier.h"
#include "util/random.h"

namespace gw::tools {
namespace {

// The clearing batch must run even after a cancel or a timeout, so it has its own small budget.
constexpr std::int64_t kClearTimeoutMs = 5000;

std::string literal_or_null(const std::string& value) {
  return value.empty() ? "NULL" : sql::quote_string_literal(value);
}

}  // namespace

BatchFrame batch_frame(const CallIdentity& identity, std::string_view cookie_variable) {
  BatchFrame frame;
  const std::pair<const char*, const std::string*> keys[] = {{"mcp.user", &identity.user},
                                                             {"mcp.client", &identity.client},
                                                             {"mcp.scope", &identity.scope}};
  for (const auto& [key, value] : keys) {
    frame.context += fmt::format("EXEC sys.sp_set_session_context @key = N'{}', @value = {}; ", key,
                                 literal_or_null(*value));
    frame.clear += fmt::format("{}EXEC sys.sp_set_session_context @key = N'{}', @value = NULL",
                               frame.clear.empty() ? "" : "; ", key);
  }
  frame.leave = ";" + frame.clear;
  if (!identity.database_user.empty()) {
    frame.enter =
        fmt::format("DECLARE {0} varbinary(8000); EXECUTE AS USER = {1} WITH COOKIE INTO {0}; ",
                    cookie_variable, sql::quote_string_literal(identity.database_user));
    frame.leave += fmt::format(";REVERT WITH COOKIE = {}", cookie_variable);
  }
  frame.leave += fmt::format(";SELECT 1 AS {}", kResetMarker);
  return frame;
}

std::string random_cookie_variable() { return fmt::format("@gw_cookie_{:016x}", random_u64()); }

std::string framed_batch(const BatchFrame& frame, std::string_view sql) {
  std::string batch = "SET XACT_ABORT ON; " + frame.context + "SET XACT_ABORT OFF; " + frame.enter;
  batch.append(sql);
  batch += '\n';
  batch += frame.leave;
  return batch;
}

void FrameWatch::begin_result_set(const std::vector<db::ColumnInfo>& columns) {
  in_marker_ = columns.size() == 1 && columns[0].name == kResetMarker;
  if (!in_marker_) target_.begin_result_set(columns);
}

db::SinkAction FrameWatch::row(nlohmann::json&& values) {
  if (!in_marker_) return target_.row(std::move(values));
  reset_ = true;
  return db::SinkAction::kContinue;
}

db::SinkAction FrameWatch::encoded_row(const db::RowReader& reader) {
  if (!in_marker_) return target_.encoded_row(reader);
  reset_ = true;
  return db::SinkAction::kContinue;
}

void FrameWatch::end_result_set(std::optional<std::int64_t> rows) {
  if (in_marker_) {
    in_marker_ = false;
    return;
  }
  target_.end_result_set(rows);
}

void FrameWatch::message(const db::ServerMessage& message) {
  if (message.number == kReadOnlySessionKeyError) locked_key_ = true;
  target_.message(message);
}

bool must_discard(const BatchFrame& frame, const Status& status, const FrameWatch& watch) {
  if (watch.locked_key()) return true;
  return frame.impersonates() && (!status.is_ok() || !watch.reset());
}

void clear_identity(db::Pool::Lease& lease, const BatchFrame& frame) {
  db::ResultCollector ignored({0, 0});
  db::QueryOptions options;
  options.timeout_ms = kClearTimeoutMs;
  if (!lease->execute(frame.clear, options, ignored).is_ok()) lease.discard();
}

CallSession::CallSession(db::Pool& pool, CallIdentity identity)
    : pool_(pool), frame_(batch_frame(identity, random_cookie_variable())) {}

Status CallSession::execute(std::string_view sql, const db::QueryOptions& options,
                            db::RowSink& sink) {
  Result<db::Pool::Lease> lease = pool_.acquire();
  if (!lease) return lease.status();
  FrameWatch watch(sink);
  const Status status = (*lease)->execute(framed_batch(frame_, sql), options, watch);
  if (must_discard(frame_, status, watch)) {
    lease->discard();
  } else if (!watch.reset()) {
    clear_identity(*lease, frame_);
  }
  return status;
}

}  // namespace gw::tools
