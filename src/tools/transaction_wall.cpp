#include "tools/transaction_wall.h"

#include <fmt/format.h>

#include <charconv>

namespace gw::tools {
namespace {

// bigint arrives as a JSON string (value_encoding.h keeps 64-bit integers exact), int as a number.
std::optional<std::string> id_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  return std::nullopt;
}

std::optional<std::int64_t> integer(const nlohmann::json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  std::int64_t out = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::string> wall_breach(const WallReadings& r, bool ran_to_end) {
  if (r.rollback_without_transaction) {
    return "the closing ROLLBACK found no open transaction (error 3903): the query ended it";
  }
  if (r.depth && *r.depth < 1) {
    return fmt::format("@@TRANCOUNT was {} before the closing ROLLBACK, not 1 or more", *r.depth);
  }
  if (r.now && r.began && *r.now != *r.began) {
    return fmt::format("the transaction changed from id {} to id {}: the query committed it",
                       *r.began, *r.now);
  }
  if (ran_to_end && (!r.began || !r.now || !r.depth)) {
    return "the batch completed without the wall's own readings of its transaction";
  }
  return std::nullopt;
}

void TransactionWall::begin_result_set(const std::vector<db::ColumnInfo>& columns) {
  capture_ = Capture::kNone;
  // The prefix's reading comes first; a later result set of the same name is the query's own.
  if (columns.size() == 1 && columns[0].name == kWallBeganColumn && !readings_.began &&
      !readings_.now) {
    capture_ = Capture::kBegan;
  } else if (columns.size() == 2 && columns[0].name == kWallNowColumn &&
             columns[1].name == kWallDepthColumn) {
    capture_ = Capture::kNow;  // the last one counts: the suffix runs last
  }
  if (capture_ == Capture::kNone) target_.begin_result_set(columns);
}

db::SinkAction TransactionWall::row(nlohmann::json&& values) {
  if (capture_ == Capture::kNone) return target_.row(std::move(values));
  if (capture_ == Capture::kBegan && values.size() == 1) {
    readings_.began = id_text(values[0]);
  } else if (capture_ == Capture::kNow && values.size() == 2) {
    readings_.now = id_text(values[0]);
    readings_.depth = integer(values[1]);
  }
  return db::SinkAction::kContinue;
}

db::SinkAction TransactionWall::encoded_row(const db::RowReader& reader) {
  if (capture_ == Capture::kNone) return target_.encoded_row(reader);
  return row(reader.to_json());
}

void TransactionWall::end_result_set(std::optional<std::int64_t> rows_affected) {
  if (capture_ == Capture::kNone) target_.end_result_set(rows_affected);
  capture_ = Capture::kNone;
}

void TransactionWall::statement_done(std::optional<std::int64_t> rows_affected) {
  target_.statement_done(rows_affected);
}

void TransactionWall::message(const db::ServerMessage& message) {
  if (message.number == kNoOpenTransactionError) readings_.rollback_without_transaction = true;
  target_.message(message);
}

}  // namespace gw::tools
