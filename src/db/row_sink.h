#pragma once
// What a query produces, as db-lib delivers it: result sets of rows, row counts, server messages.
// The Connection pushes into a RowSink one row at a time, so a consumer can stop early (caps) and
// memory stays flat.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gw::db {

struct ColumnInfo {
  std::string name;  // "" for an unnamed expression column
  std::string
      type;  // SQL type as declared: "int", "decimal(10,2)", "nvarchar(100)", "varchar(max)"
};

// A message from SQL Server (an ERROR or INFO token, MS-TDS 2.2.7.10 / 2.2.7.13). Severity <= 10 is
// informational (PRINT is severity 0); above 10 it is an error.
struct ServerMessage {
  int number = 0;
  int severity = 0;
  int state = 0;
  int line = 0;
  std::string procedure;
  std::string text;

  bool is_error() const { return severity > 10; }
};

enum class SinkAction { kContinue, kStop };

// One row as the driver holds it, readable only during the RowSink call it is passed to: a sink
// copies what it keeps as JSON text, straight from the driver's buffers (no JSON tree per row).
class RowReader {
 public:
  virtual ~RowReader() = default;
  virtual std::size_t size() const = 0;
  // Appends column `index` (0-based) as JSON text, encoded as value_encoding.h says.
  virtual void append_json(std::size_t index, std::string& out) const = 0;
  // The row as a JSON array, for sinks that keep trees; parsed from append_json's text, so both
  // forms always agree.
  nlohmann::json to_json() const;
};

// REQUIRES: used by one thread (the one running the query).
class RowSink {
 public:
  virtual ~RowSink() = default;
  // A new result set with these columns begins.
  virtual void begin_result_set(const std::vector<ColumnInfo>& columns) = 0;
  // One row: a JSON array with one encoded value per column. kStop cancels the rest of the batch on
  // the server.
  virtual SinkAction row(nlohmann::json&& values) = 0;
  // The same row as the driver delivers it. The default builds the array (reader.to_json()) and
  // calls row(); sinks that write JSON text read the columns from the reader instead.
  virtual SinkAction encoded_row(const RowReader& reader) { return row(reader.to_json()); }
  // The current result set ended; rows_affected is the server's DONE count when it sent one.
  virtual void end_result_set(std::optional<std::int64_t> rows_affected) = 0;
  // A statement without a result set (DML, DDL) completed; rows_affected as DBCOUNT reports it.
  virtual void statement_done(std::optional<std::int64_t> rows_affected) = 0;
  // An error or an informational message (PRINT, RAISERROR WITH severity <= 10).
  virtual void message(const ServerMessage& message) = 0;
};

}  // namespace gw::db
