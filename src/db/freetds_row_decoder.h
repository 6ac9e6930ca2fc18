#pragma once
// Turns db-lib's current result set into ColumnInfo and JSON rows (encodings: value_encoding.h).

#include <vector>

#include <nlohmann/json.hpp>

#include "db/row_sink.h"

typedef struct tds_dblib_dbprocess DBPROCESS;

namespace gw::db {

class RowDecoder {
 public:
  // Reads the column metadata of the current result set. REQUIRES: dbresults() returned SUCCEED.
  explicit RowDecoder(DBPROCESS* dbproc);

  const std::vector<ColumnInfo>& columns() const { return columns_; }
  // REQUIRES: dbnextrow() returned REG_ROW.
  nlohmann::json read_row() const;

 private:
  nlohmann::json read_value(int column) const;  // 1-based, as db-lib counts

  DBPROCESS* dbproc_;
  std::vector<ColumnInfo> columns_;
  std::vector<int> client_types_;
};

}  // namespace gw::db
