#pragma once
// The RowSink the tools use: keeps rows up to the scope's caps (rows and bytes, over the whole
// batch), then asks the connection to stop, which cancels the rest on the server. What was kept
// becomes the tool's JSON.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/row_sink.h"

namespace gw::db {

struct ResultLimits {
  std::int64_t max_rows = 1000;        // rows kept over all result sets of one call
  std::int64_t max_bytes = 1'000'000;  // serialized JSON bytes of the kept rows
};

class ResultCollector final : public RowSink {
 public:
  explicit ResultCollector(ResultLimits limits) : limits_(limits) {}

  void begin_result_set(const std::vector<ColumnInfo>& columns) override;
  SinkAction row(nlohmann::json&& values) override;
  void end_result_set(std::optional<std::int64_t> rows_affected) override;
  void statement_done(std::optional<std::int64_t> rows_affected) override;
  void message(const ServerMessage& message) override;

  bool truncated() const { return truncated_; }
  // "row limit" or "byte limit" when truncated, else "".
  const std::string& truncated_reason() const { return truncated_reason_; }
  std::int64_t rows_kept() const { return rows_kept_; }
  std::int64_t bytes_kept() const { return bytes_kept_; }
  // Messages with severity > 10, in the order the server sent them.
  const std::vector<ServerMessage>& errors() const { return errors_; }
  // PRINT output and other informational messages (severity <= 10).
  const std::vector<ServerMessage>& infos() const { return infos_; }
  // [{"columns":[{"name","type"}], "rows":[[...]], "rowCount": n}], in batch order.
  const nlohmann::json& result_sets() const { return result_sets_; }
  // Row counts of statements without a result set (DML), in batch order.
  const std::vector<std::int64_t>& rows_affected() const { return rows_affected_; }

 private:
  ResultLimits limits_;
  nlohmann::json result_sets_ = nlohmann::json::array();
  std::vector<std::int64_t> rows_affected_;
  std::vector<ServerMessage> errors_;
  std::vector<ServerMessage> infos_;
  std::int64_t rows_kept_ = 0;
  std::int64_t bytes_kept_ = 0;
  bool truncated_ = false;
  std::string truncated_reason_;
};

}  // namespace gw::db
