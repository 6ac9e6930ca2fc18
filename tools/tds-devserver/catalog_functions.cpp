#include "catalog_functions.h"

#include <sqlite3.h>

#include <string>
#include <vector>

#include "object_ids.h"
#include "sql_functions.h"
#include "sqlite_calls.h"

namespace gw::tdsdev {

namespace {

const SessionInfo* info_of(sqlite3_context* c) {
  return static_cast<const SessionInfo*>(sqlite3_user_data(c));
}

void fn_db_name(sqlite3_context* c, int, sqlite3_value**) {
  sqlite3_result_text(c, info_of(c)->database.c_str(), -1, SQLITE_TRANSIENT);
}
void fn_user(sqlite3_context* c, int, sqlite3_value**) {
  sqlite3_result_text(c, info_of(c)->user.c_str(), -1, SQLITE_TRANSIENT);
}

// Splits "[dbo].[Customers]" / "sales.Regions" / "Customers" into schema and name.
ObjectName parse_object_name(const std::string& s) {
  std::vector<std::string> parts(1);
  bool bracket = false;
  for (char ch : s) {
    if (ch == '[' || ch == '"') {
      bracket = true;
      continue;
    }
    if (ch == ']' || (ch == '"' && bracket)) {
      bracket = false;
      continue;
    }
    if (ch == '.' && !bracket) {
      parts.emplace_back();
      continue;
    }
    parts.back() += ch;
  }
  if (parts.size() == 1) return {"dbo", parts[0]};
  return {parts[parts.size() - 2], parts.back()};
}

void fn_object_id(sqlite3_context* c, int, sqlite3_value** v) {
  if (sqlite3_value_type(v[0]) == SQLITE_NULL) return sqlite3_result_null(c);
  ObjectName n = parse_object_name(text_of(v[0]));
  sqlite3* db = sqlite3_context_db_handle(c);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name = ?1 "
                     "COLLATE NOCASE",
                     -1, &st, nullptr);
  sqlite3_bind_text(st, 1, sqlite_name_of(n).c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st) == SQLITE_ROW) {
    ObjectName found = split_sqlite_name(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_result_int(c, object_id_for(found.schema, found.name));
  } else {
    sqlite3_result_null(c);
  }
  sqlite3_finalize(st);
}

// OBJECT_NAME(id) and OBJECT_SCHEMA_NAME(id): user data picks which part.
void object_lookup(sqlite3_context* c, sqlite3_value** v, bool want_schema) {
  if (sqlite3_value_type(v[0]) == SQLITE_NULL) return sqlite3_result_null(c);
  int64_t id = sqlite3_value_int64(v[0]);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(sqlite3_context_db_handle(c),
                     "SELECT name FROM sqlite_master WHERE type IN ('table','view')", -1, &st,
                     nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    ObjectName n = split_sqlite_name(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    if (object_id_for(n.schema, n.name) == id) {
      const std::string& s = want_schema ? n.schema : n.name;
      sqlite3_result_text(c, s.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_finalize(st);
      return;
    }
  }
  sqlite3_finalize(st);
  sqlite3_result_null(c);
}
void fn_object_name(sqlite3_context* c, int, sqlite3_value** v) { object_lookup(c, v, false); }
void fn_object_schema_name(sqlite3_context* c, int, sqlite3_value** v) {
  object_lookup(c, v, true);
}

void fn_schema_name(sqlite3_context* c, int n, sqlite3_value** v) {
  int64_t id = n == 0 ? 1 : sqlite3_value_int64(v[0]);
  if (n == 1 && sqlite3_value_type(v[0]) == SQLITE_NULL) return sqlite3_result_null(c);
  for (const auto& s : list_schemas(sqlite3_context_db_handle(c))) {
    if (s.id == id) return sqlite3_result_text(c, s.name.c_str(), -1, SQLITE_TRANSIENT);
  }
  sqlite3_result_null(c);
}

void fn_schema_id(sqlite3_context* c, int n, sqlite3_value** v) {
  std::string name = n == 0 ? "dbo" : text_of(v[0]);
  for (const auto& s : list_schemas(sqlite3_context_db_handle(c))) {
    if (sqlite3_stricmp(s.name.c_str(), name.c_str()) == 0) return sqlite3_result_int(c, s.id);
  }
  sqlite3_result_null(c);
}

// The served database is database_id 5 in sys.databases (the first user database on SQL Server).
void fn_db_id(sqlite3_context* c, int, sqlite3_value**) { sqlite3_result_int(c, 5); }

}  // namespace

Status register_catalog_functions(sqlite3* db, const SessionInfo* info) {
  struct Fn {
    const char* name;
    int args;
    void (*fn)(sqlite3_context*, int, sqlite3_value**);
  };
  const Fn fns[] = {
      {"db_name", 0, fn_db_name},         {"db_id", 0, fn_db_id},
      {"suser_sname", 0, fn_user},        {"user_name", 0, fn_user},
      {"suser_name", 0, fn_user},         {"object_id", 1, fn_object_id},
      {"object_id", 2, fn_object_id},     {"object_name", 1, fn_object_name},
      {"object_name", 2, fn_object_name}, {"object_schema_name", 1, fn_object_schema_name},
      {"schema_name", 0, fn_schema_name}, {"schema_name", 1, fn_schema_name},
      {"schema_id", 0, fn_schema_id},     {"schema_id", 1, fn_schema_id},
  };
  for (const auto& f : fns) {
    int rc =
        sqlite3_create_function_v2(db, f.name, f.args, SQLITE_UTF8, const_cast<SessionInfo*>(info),
                                   f.fn, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
      return internal_error(std::string("registering ") + f.name + ": " + sqlite3_errmsg(db));
  }
  return Status::ok();
}

}  // namespace gw::tdsdev
