#include "sqlite_calls.h"

#include <sqlite3.h>

namespace gw::tdsdev {

Status sqlite_exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "unknown error";
    sqlite3_free(err);
    return internal_error(m);
  }
  return Status::ok();
}

std::string text_of(sqlite3_value* v) {
  const unsigned char* p = sqlite3_value_text(v);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_value_bytes(v)))
           : "";
}

Status create_scalar_functions(sqlite3* db, std::initializer_list<ScalarFunction> fns, void* data) {
  for (const auto& f : fns) {
    int rc = sqlite3_create_function_v2(db, f.name, f.args, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                        data, f.fn, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
      return internal_error(std::string("registering ") + f.name + ": " + sqlite3_errmsg(db));
  }
  return Status::ok();
}

}  // namespace gw::tdsdev
