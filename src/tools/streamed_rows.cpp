#include "tools/streamed_rows.h"

namespace gw::tools {

void StreamedRows::begin_result_set(const std::vector<db::ColumnInfo>& columns) {
  encoder_.begin_result_set(columns);
  send(db::SinkAction::kContinue);
}

db::SinkAction StreamedRows::row(nlohmann::json&& values) {
  return send(encoder_.row(std::move(values)));
}

db::SinkAction StreamedRows::encoded_row(const db::RowReader& reader) {
  return send(encoder_.encoded_row(reader));
}

void StreamedRows::end_result_set(std::optional<std::int64_t> rows_affected) {
  encoder_.end_result_set(rows_affected);
  send(db::SinkAction::kContinue);
}

void StreamedRows::statement_done(std::optional<std::int64_t> rows_affected) {
  encoder_.statement_done(rows_affected);
}

void StreamedRows::message(const db::ServerMessage& message) { encoder_.message(message); }

db::SinkAction StreamedRows::send(db::SinkAction action) {
  if (gone_) return db::SinkAction::kStop;
  // Between calls the encoder's text only grows (a row past a cap is taken back within its call).
  const std::string_view text = encoder_.text();
  if (stream_ == nullptr || text.size() - sent_ < mcp::kResultStreamPiece) return action;
  if (sent_ == 0) audit_.started();
  if (!stream_->append(text.substr(sent_))) {
    gone_ = true;
    return db::SinkAction::kStop;
  }
  sent_ = text.size();
  return action;
}

}  // namespace gw::tools
