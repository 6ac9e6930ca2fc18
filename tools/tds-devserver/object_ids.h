#pragma once
// Schema and object identities of the SQLite tables as SQL Server shows them (see tsql_translator.h
// for the "schema.Name" table naming).

#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace gw::tdsdev {

struct ObjectName {
  std::string schema;  // "dbo" for a bare SQLite name
  std::string name;
};

// "sales.Regions" -> {sales, Regions}; "Customers" -> {dbo, Customers}.
ObjectName split_sqlite_name(const std::string& sqlite_name);
std::string sqlite_name_of(const ObjectName& n);
// A stable positive id derived from the lower-cased "schema.name" (SQL Server ids are positive
// ints).
int32_t object_id_for(const std::string& schema, const std::string& name,
                      const std::string& kind = "");

struct SchemaInfo {
  int32_t id;
  std::string name;
};
// dbo 1, guest 2, INFORMATION_SCHEMA 3, sys 4 (SQL Server's fixed ids), then the schemas of the
// database's tables in name order from 5.
std::vector<SchemaInfo> list_schemas(sqlite3* db);
// Lower-case names of the non-builtin schemas (for TranslateContext::schemas).
std::vector<std::string> user_schema_names(sqlite3* db);

}  // namespace gw::tdsdev
