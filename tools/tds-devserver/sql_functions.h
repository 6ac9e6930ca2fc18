#pragma once
// T-SQL built-in functions registered on each SQLite connection (GETDATE, LEN, OBJECT_ID, ...), and
// tds_cast, the target of CAST/CONVERT.
//
// Typed results: a function's value carries a SQLite subtype naming its SQL Server type (an index
// into the connection's TypeTags), so "SELECT GETDATE()" is sent as datetime, not as text. SQLite
// drops subtypes through sorters and subqueries; such columns fall back to the type of their first
// value.

#include <optional>
#include <string>
#include <vector>

#include "sql_type.h"
#include "util/status.h"

struct sqlite3;

namespace gw::tdsdev {

class TypeTags {
 public:
  // 1..255, or 0 when the table is full (the value then goes untagged).
  unsigned tag_for(const ColumnType& t);
  std::optional<ColumnType> type_for(unsigned tag) const;

 private:
  std::vector<ColumnType> types_;
};

class TransactionState;

struct SessionInfo {
  int spid = 51;
  std::string database;
  std::string user;
  // For @@TRANCOUNT and CURRENT_TRANSACTION_ID(); without one, the SQLite transaction decides.
  const TransactionState* transactions = nullptr;
};

// The pointed-to objects must outlive the connection.
Status register_functions(sqlite3* db, TypeTags* tags, const SessionInfo* info);

// Converts text as CAST(x AS t) does; nullopt when SQL Server would raise a conversion error.
// Exposed for tests: returns the canonical text form of dates, times and GUIDs.
std::optional<std::string> canonical_datetime_text(const std::string& in, const ColumnType& t);

}  // namespace gw::tdsdev
