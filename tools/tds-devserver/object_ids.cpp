#include "object_ids.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <sqlite3.h>

#include "util/text.h"

namespace gw::tdsdev {

ObjectName split_sqlite_name(const std::string& n) {
  auto dot = n.find('.');
  if (dot == std::string::npos) return {"dbo", n};
  return {n.substr(0, dot), n.substr(dot + 1)};
}

std::string sqlite_name_of(const ObjectName& n) {
  return to_lower(n.schema) == "dbo" ? n.name : n.schema + "." + n.name;
}

int32_t object_id_for(const std::string& schema, const std::string& name, const std::string& kind) {
  // FNV-1a: deterministic across runs and machines, so tests can compare ids between queries.
  uint32_t h = 2166136261u;
  for (char c : to_lower(schema) + "." + to_lower(name) + kind) {
    h ^= static_cast<uint8_t>(c);
    h *= 16777619u;
  }
  return static_cast<int32_t>((h % 2000000000u) + 1000);
}

std::vector<std::string> user_schema_names(sqlite3* db) {
  std::set<std::string> names;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db,
                         "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND "
                         "instr(name, '.') > 0",
                         -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string n = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      std::string s = split_sqlite_name(n).schema;
      if (to_lower(s) != "sys" && to_lower(s) != "information_schema" && to_lower(s) != "dbo")
        names.insert(s);
    }
  }
  sqlite3_finalize(st);
  return {names.begin(), names.end()};
}

std::vector<SchemaInfo> list_schemas(sqlite3* db) {
  std::vector<SchemaInfo> out = {{1, "dbo"}, {2, "guest"}, {3, "INFORMATION_SCHEMA"}, {4, "sys"}};
  int32_t id = 5;
  for (const auto& s : user_schema_names(db)) out.push_back({id++, s});
  return out;
}

}  // namespace gw::tdsdev
