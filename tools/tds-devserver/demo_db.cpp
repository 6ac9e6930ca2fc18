#include "demo_db.h"

#include <sqlite3.h>

#include <fmt/format.h>

namespace gw::tdsdev {

namespace {
Status exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "unknown error";
    sqlite3_free(err);
    return internal_error(m);
  }
  return Status::ok();
}
}  // namespace

Status create_demo(sqlite3* db) {
  return exec(db, "CREATE TABLE Hello (ID INT PRIMARY KEY, Name NVARCHAR(50));"
                  "INSERT INTO Hello VALUES (1, 'world'), (2, 'Zoë');");
}

Status ensure_big_table(sqlite3*, int64_t) { return Status::ok(); }

Status prepare_database(const std::string& path, bool demo, int64_t big_rows) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::string m = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return unavailable(fmt::format("cannot open {}: {}", path, m));
  }
  Status s = exec(db, "PRAGMA journal_mode = WAL");
  if (s.is_ok() && demo) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", -1, &st, nullptr);
    bool empty = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
    sqlite3_finalize(st);
    if (empty) s = create_demo(db);
  }
  if (s.is_ok() && big_rows > 0) s = ensure_big_table(db, big_rows);
  sqlite3_close(db);
  return s;
}

}  // namespace gw::tdsdev
