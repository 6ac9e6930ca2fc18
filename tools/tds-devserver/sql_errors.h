#pragma once
// SQLite and translator failures as the SQL Server messages clients expect (number, class, text).

#include <string>

#include "tokens.h"
#include "util/status.h"

namespace gw::tdsdev {

// sqlite3_errmsg text -> SQL Server message: "no such table: X" -> 208 "Invalid object name 'X'."
// ...
ServerMessage message_from_sqlite(const std::string& sqlite_message);
// A translator Status -> 102 (syntax), 105 (unclosed quote), or 50000 (not supported here).
ServerMessage message_from_status(const Status& s);
// What the translator returns for T-SQL it does not handle: "<what> is not supported by
// tds-devserver." (message_from_status makes it error 50000).
Status not_supported(const std::string& what);

}  // namespace gw::tdsdev
