#pragma once
// The SQLite C API calls several devserver files make the same way.

#include <string>

#include "util/status.h"

struct sqlite3;
struct sqlite3_value;

namespace gw::tdsdev {

// Runs `sql` (one or more statements, no results wanted); SQLite's message on failure.
Status sqlite_exec(sqlite3* db, const std::string& sql);
// A function argument as text; "" for NULL. Embedded NULs kept (sqlite3_value_bytes, not strlen).
std::string text_of(sqlite3_value* v);

}  // namespace gw::tdsdev
