#include "db/result_encoder.h"

#include "db/json_text.h"

namespace gw::db {
namespace {

// A row held as a JSON array (a sink above the driver, or a test): each value as
// nlohmann::json::dump writes it, which is what RowDecoder writes for a value from db-lib.
class TreeRow final : public RowReader {
 public:
  explicit TreeRow(const nlohmann::json& values) : values_(values) {}
  std::size_t size() const override { return values_.is_array() ? values_.size() : 0; }
  void append_json(std::size_t index, std::string& out) const override {
    out += values_[index].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

 private:
  const nlohmann::json& values_;
};

}  // namespace

ResultEncoder::ResultEncoder(ResultLimits limits, std::string_view prefix)
    : limits_(limits), text_(prefix) {
  text_ += '[';
}

void ResultEncoder::begin_result_set(const std::vector<ColumnInfo>& columns) {
  close_result_set();
  if (any_set_) text_ += ',';
  text_ += "{\"columns\":[";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) text_ += ',';
    text_ += "{\"name\":";
    append_json_string(text_, columns[i].name);
    text_ += ",\"type\":";
    append_json_string(text_, columns[i].type);
    text_ += '}';
  }
  text_ += "],\"rows\":[";
  any_set_ = true;
  set_open_ = true;
  set_rows_ = 0;
}

SinkAction ResultEncoder::row(nlohmann::json&& values) { return encoded_row(TreeRow(values)); }

SinkAction ResultEncoder::stop(const char* reason) {
  if (truncated_reason_.empty()) truncated_reason_ = reason;
  return SinkAction::kStop;
}

SinkAction ResultEncoder::encoded_row(const RowReader& reader) {
  if (truncated()) return SinkAction::kStop;
  if (rows_kept_ >= limits_.max_rows) return stop("row limit");
  if (!set_open_) begin_result_set({});
  const std::size_t mark = text_.size();
  if (set_rows_ > 0) text_ += ',';
  const std::size_t row_start = text_.size();
  text_ += '[';
  // The cap bounds the JSON the client receives: each row's text plus one for the comma between
  // rows. It is checked after every value, so one huge value stops the row it is in.
  const auto over = [&](std::size_t extra) {
    const auto size = static_cast<std::int64_t>(text_.size() - row_start + extra + 1);
    return bytes_kept_ + size > limits_.max_bytes;
  };
  for (std::size_t i = 0; i < reader.size(); ++i) {
    if (i > 0) text_ += ',';
    reader.append_json(i, text_);
    if (over(1)) {
      text_.resize(mark);
      return stop("byte limit");
    }
  }
  text_ += ']';
  if (over(0)) {
    text_.resize(mark);
    return stop("byte limit");
  }
  bytes_kept_ += static_cast<std::int64_t>(text_.size() - row_start + 1);
  ++rows_kept_;
  ++set_rows_;
  return SinkAction::kContinue;
}

void ResultEncoder::close_result_set() {
  if (!set_open_) return;
  text_ += "],\"rowCount\":";
  append_json_integer(text_, set_rows_);
  text_ += '}';
  set_open_ = false;
}

void ResultEncoder::end_result_set(std::optional<std::int64_t> /*rows_affected*/) {
  close_result_set();
}

void ResultEncoder::statement_done(std::optional<std::int64_t> rows_affected) {
  if (rows_affected) rows_affected_.push_back(*rows_affected);
}

void ResultEncoder::message(const ServerMessage& message) {
  if (message.is_error()) {
    errors_.push_back(message);
  } else {
    infos_.push_back(message);
  }
}

std::string ResultEncoder::finish() {
  close_result_set();
  text_ += ']';
  return std::move(text_);
}

}  // namespace gw::db
