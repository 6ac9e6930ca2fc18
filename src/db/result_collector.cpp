#include "db/result_collector.h"

namespace gw::db {

void ResultCollector::begin_result_set(const std::vector<ColumnInfo>& columns) {
  nlohmann::json cols = nlohmann::json::array();
  for (const ColumnInfo& c : columns) cols.push_back({{"name", c.name}, {"type", c.type}});
  result_sets_.push_back(
      {{"columns", std::move(cols)}, {"rows", nlohmann::json::array()}, {"rowCount", 0}});
}

SinkAction ResultCollector::row(nlohmann::json&& values) {
  if (truncated_) return SinkAction::kStop;
  if (rows_kept_ >= limits_.max_rows) {
    truncated_ = true;
    truncated_reason_ = "row limit";
    return SinkAction::kStop;
  }
  // +1 for the separating comma: the cap bounds the size of the JSON the client receives.
  const auto size = static_cast<std::int64_t>(
      values.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).size() + 1);
  if (bytes_kept_ + size > limits_.max_bytes) {
    truncated_ = true;
    truncated_reason_ = "byte limit";
    return SinkAction::kStop;
  }
  if (result_sets_.empty()) begin_result_set({});
  nlohmann::json& current = result_sets_.back();
  current["rows"].push_back(std::move(values));
  current["rowCount"] = current["rowCount"].get<std::int64_t>() + 1;
  ++rows_kept_;
  bytes_kept_ += size;
  return SinkAction::kContinue;
}

void ResultCollector::end_result_set(std::optional<std::int64_t> /*rows_affected*/) {}

void ResultCollector::statement_done(std::optional<std::int64_t> rows_affected) {
  if (rows_affected) rows_affected_.push_back(*rows_affected);
}

void ResultCollector::message(const ServerMessage& message) {
  if (message.is_error()) {
    errors_.push_back(message);
  } else {
    infos_.push_back(message);
  }
}

}  // namespace gw::db
