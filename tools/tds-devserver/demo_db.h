#pragma once
// The demo sales database (schema and row counts documented in README.md), generated from a fixed
// seed so every machine gets the same rows, and the on-demand dbo.BigTable for streaming tests.

#include <cstdint>
#include <string>

#include "util/status.h"

struct sqlite3;

namespace gw::tdsdev {

// Opens (creating) the file, switches it to WAL, creates the demo schema and rows when `demo` is
// set and the file has no tables yet, and makes dbo.BigTable hold exactly big_rows rows when
// big_rows > 0.
Status prepare_database(const std::string& path, bool demo, int64_t big_rows);

Status create_demo(sqlite3* db);
Status ensure_big_table(sqlite3* db, int64_t rows);

}  // namespace gw::tdsdev
