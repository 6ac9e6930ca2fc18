#pragma once
// The SQLite C API calls several devserver files make the same way.

#include <string>

#include "util/status.h"

#include <initializer_list>

struct sqlite3;
struct sqlite3_context;
struct sqlite3_value;

namespace gw::tdsdev {

// Runs `sql` (one or more statements, no results wanted); SQLite's message on failure.
Status sqlite_exec(sqlite3* db, const std::string& sql);
// A function argument as text; "" for NULL. Embedded NULs kept (sqlite3_value_bytes, not strlen).
std::string text_of(sqlite3_value* v);

struct ScalarFunction {
  const char* name;
  int args;  // -1: any number
  void (*fn)(sqlite3_context*, int, sqlite3_value**);
};
// Registers deterministic scalar functions, all with the same user data (SQLITE_UTF8 |
// SQLITE_DETERMINISTIC); the error names the function that failed.
Status create_scalar_functions(sqlite3* db, std::initializer_list<ScalarFunction> fns, void* data);

}  // namespace gw::tdsdev
