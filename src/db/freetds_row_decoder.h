#pragma once
// Turns db-lib's current result set into ColumnInfo, and its current row into JSON text read
// straight from db-lib's buffers (encodings: value_encoding.h).

#include <string>
#include <vector>

#include "db/row_sink.h"

typedef struct tds_dblib_dbprocess DBPROCESS;

namespace gw::db {

class RowDecoder final : public RowReader {
 public:
  // Reads the column metadata of the current result set. REQUIRES: dbresults() returned SUCCEED.
  explicit RowDecoder(DBPROCESS* dbproc);

  const std::vector<ColumnInfo>& columns() const { return columns_; }

  // The current row. REQUIRES: dbnextrow() returned REG_ROW.
  std::size_t size() const override { return columns_.size(); }
  void append_json(std::size_t index, std::string& out) const override;

 private:
  DBPROCESS* dbproc_;
  std::vector<ColumnInfo> columns_;
  std::vector<int> client_types_;
};

}  // namespace gw::db
