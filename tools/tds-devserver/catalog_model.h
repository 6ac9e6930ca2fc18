#pragma once
// What the catalog views describe, read from sqlite_master and PRAGMA table_info / index_list /
// index_info / foreign_key_list. Constraint names SQLite does not keep are derived: PK_<table>,
// FK_<table>_<referenced table>, UQ_<table>_<columns>.

#include <cstdint>
#include <string>
#include <vector>

#include "object_ids.h"
#include "sql_type.h"

struct sqlite3;

namespace gw::tdsdev {

struct ColumnInfo {
  int id = 0;  // 1-based
  std::string name;
  std::string decl;
  ColumnType type;
  bool nullable = true;
  std::string default_value;  // as written, empty if none
  bool has_default = false;
};

struct IndexInfo {
  std::string name;
  int32_t index_id = 0;  // 1: the primary key (clustered), 2..: the rest
  bool unique = false;
  bool primary_key = false;
  bool unique_constraint = false;
  std::vector<int> column_ids;
};

struct ForeignKeyInfo {
  std::string name;
  int32_t object_id = 0;
  ObjectName referenced;
  int32_t referenced_id = 0;
  std::vector<std::pair<int, int>> column_ids;  // (parent column id, referenced column id)
  std::vector<std::pair<std::string, std::string>> column_names;
  std::string on_delete,
      on_update;  // SQL Server wording: NO_ACTION, CASCADE, SET_NULL, SET_DEFAULT
};

struct TableInfo {
  ObjectName name;
  int32_t object_id = 0;
  int32_t schema_id = 1;
  bool is_view = false;
  std::string sql;  // CREATE statement (VIEW_DEFINITION)
  int64_t rows = 0;
  std::vector<ColumnInfo> columns;
  std::vector<IndexInfo> indexes;
  std::vector<ForeignKeyInfo> foreign_keys;
};

std::vector<TableInfo> read_catalog_model(sqlite3* db);
int32_t constraint_object_id(const ObjectName& table, const std::string& constraint_name);

}  // namespace gw::tdsdev
