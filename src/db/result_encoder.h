#pragma once
// The RowSink that writes a result as JSON text while the rows arrive: each value goes from
// db-lib's buffer into the text (RowReader), with no JSON tree per row, under the same caps as
// ResultCollector (rows and bytes over the whole batch; the next row past a cap stops the batch,
// which cancels the rest on the server). The text is
//   <prefix>{"columns":[{"name":..,"type":..}],"rows":[[..],..],"rowCount":n},...]
// one object per result set, in batch order; finish() closes it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/result_collector.h"
#include "db/row_sink.h"

namespace gw::db {

class ResultEncoder final : public RowSink {
 public:
  // prefix: what comes before the result sets' array, e.g. {"resultSets":
  ResultEncoder(ResultLimits limits, std::string_view prefix);

  void begin_result_set(const std::vector<ColumnInfo>& columns) override;
  SinkAction row(nlohmann::json&& values) override;
  SinkAction encoded_row(const RowReader& reader) override;
  void end_result_set(std::optional<std::int64_t> rows_affected) override;
  void statement_done(std::optional<std::int64_t> rows_affected) override;
  void message(const ServerMessage& message) override;

  // The text so far, its arrays still open. Between calls it only grows: a row stopped by a cap is
  // taken back within the call that wrote it. Valid until the next call.
  std::string_view text() const { return text_; }
  // The text so far with its array of result sets closed; the encoder is empty afterwards.
  std::string finish();

  bool truncated() const { return !truncated_reason_.empty(); }
  // "row limit" or "byte limit" when truncated, else "".
  const std::string& truncated_reason() const { return truncated_reason_; }
  std::int64_t rows_kept() const { return rows_kept_; }
  // Bytes of the kept rows as ResultCollector counts them: each row's JSON text plus one.
  std::int64_t bytes_kept() const { return bytes_kept_; }
  const std::vector<ServerMessage>& errors() const { return errors_; }
  const std::vector<ServerMessage>& infos() const { return infos_; }
  const std::vector<std::int64_t>& rows_affected() const { return rows_affected_; }

 private:
  void close_result_set();
  SinkAction stop(const char* reason);

  ResultLimits limits_;
  std::string text_;
  bool any_set_ = false;   // a result set was written: the next needs a comma
  bool set_open_ = false;  // its rows array is still open
  std::int64_t set_rows_ = 0;
  std::int64_t rows_kept_ = 0;
  std::int64_t bytes_kept_ = 0;
  std::string truncated_reason_;
  std::vector<std::int64_t> rows_affected_;
  std::vector<ServerMessage> errors_;
  std::vector<ServerMessage> infos_;
};

}  // namespace gw::db
