#include "catalog_model.h"

#include <sqlite3.h>

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "tsql_rewrite.h"

namespace gw::tdsdev {

namespace {

std::string text(sqlite3_stmt* st, int i) {
  const unsigned char* p = sqlite3_column_text(st, i);
  return p ? reinterpret_cast<const char*>(p) : "";
}

void each_row(sqlite3* db, const std::string& sql, const std::function<void(sqlite3_stmt*)>& fn) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return;
  while (sqlite3_step(st) == SQLITE_ROW) fn(st);
  sqlite3_finalize(st);
}

std::string action(const std::string& sqlite_action) {
  std::string a = sqlite_action;
  std::replace(a.begin(), a.end(), ' ', '_');
  return a;  // "NO ACTION" -> NO_ACTION, "SET NULL" -> SET_NULL, CASCADE, RESTRICT
}

void read_columns(sqlite3* db, TableInfo& t, const std::string& quoted) {
  each_row(db, "PRAGMA main.table_info(" + quoted + ")", [&](sqlite3_stmt* st) {
    ColumnInfo c;
    c.id = sqlite3_column_int(st, 0) + 1;
    c.name = text(st, 1);
    c.decl = text(st, 2);
    auto parsed = parse_decltype(c.decl);
    c.type = parsed ? *parsed : ColumnType{SqlType::kNVarChar, kMaxLength, 0, 0};
    c.nullable = sqlite3_column_int(st, 3) == 0;
    c.has_default = sqlite3_column_type(st, 4) != SQLITE_NULL;
    c.default_value = text(st, 4);
    t.columns.push_back(std::move(c));
  });
}

int column_id(const TableInfo& t, const std::string& name) {
  for (const auto& c : t.columns) {
    if (sqlite3_stricmp(c.name.c_str(), name.c_str()) == 0) return c.id;
  }
  return 0;
}

void read_indexes(sqlite3* db, TableInfo& t, const std::string& quoted) {
  std::vector<std::pair<std::string, std::string>> list;  // name, origin
  std::vector<bool> unique;
  each_row(db, "PRAGMA main.index_list(" + quoted + ")", [&](sqlite3_stmt* st) {
    list.emplace_back(text(st, 1), text(st, 3));
    unique.push_back(sqlite3_column_int(st, 2) != 0);
  });
  // A rowid-alias primary key (INTEGER PRIMARY KEY) has no index entry: describe it from
  // table_info.
  IndexInfo pk{"PK_" + t.name.name, 1, true, true, false, {}};
  each_row(db,
           "SELECT cid + 1 FROM pragma_table_info(" +
               sqlite_string_literal(sqlite_name_of(t.name)) + ") WHERE pk > 0 ORDER BY pk",
           [&](sqlite3_stmt* st) { pk.column_ids.push_back(sqlite3_column_int(st, 0)); });
  if (!pk.column_ids.empty()) t.indexes.push_back(pk);
  int32_t next_id = 2;
  for (size_t i = list.size(); i-- > 0;) {  // index_list is newest first
    const auto& [name, origin] = list[i];
    if (origin == "pk") continue;
    IndexInfo ix{name, next_id++, unique[i], false, origin == "u", {}};
    each_row(db, "PRAGMA main.index_info(" + sqlite_identifier(name) + ")",
             [&](sqlite3_stmt* st) { ix.column_ids.push_back(sqlite3_column_int(st, 1) + 1); });
    if (origin == "u") {
      ix.name = "UQ_" + t.name.name;
      for (int c : ix.column_ids) {
        if (c >= 1 && static_cast<size_t>(c) <= t.columns.size())
          ix.name += "_" + t.columns[static_cast<size_t>(c - 1)].name;
      }
    }
    t.indexes.push_back(std::move(ix));
  }
}

void read_foreign_keys(sqlite3* db, TableInfo& t, const std::string& quoted) {
  each_row(db, "PRAGMA main.foreign_key_list(" + quoted + ")", [&](sqlite3_stmt* st) {
    int id = sqlite3_column_int(st, 0);
    if (static_cast<size_t>(id) >= t.foreign_keys.size())
      t.foreign_keys.resize(static_cast<size_t>(id) + 1);
    ForeignKeyInfo& fk = t.foreign_keys[static_cast<size_t>(id)];
    fk.referenced = split_sqlite_name(text(st, 2));
    fk.column_names.emplace_back(text(st, 3), text(st, 4));
    fk.on_update = action(text(st, 5));
    fk.on_delete = action(text(st, 6));
  });
  std::vector<std::string> used;
  for (auto& fk : t.foreign_keys) {
    fk.name = "FK_" + t.name.name + "_" + fk.referenced.name;
    int n = static_cast<int>(std::count(used.begin(), used.end(), fk.name));
    used.push_back(fk.name);
    if (n > 0) fk.name += "_" + std::to_string(n + 1);
    fk.object_id = constraint_object_id(t.name, fk.name);
    fk.referenced_id = object_id_for(fk.referenced.schema, fk.referenced.name);
  }
}

}  // namespace

int32_t constraint_object_id(const ObjectName& table, const std::string& constraint_name) {
  return object_id_for(table.schema, constraint_name, "constraint");
}

std::vector<TableInfo> read_catalog_model(sqlite3* db) {
  std::vector<TableInfo> out;
  auto schemas = list_schemas(db);
  each_row(db,
           "SELECT name, type, sql FROM main.sqlite_master WHERE type IN ('table','view') AND "
           "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
           [&](sqlite3_stmt* st) {
             TableInfo t;
             t.name = split_sqlite_name(text(st, 0));
             t.is_view = text(st, 1) == "view";
             t.sql = text(st, 2);
             t.object_id = object_id_for(t.name.schema, t.name.name);
             for (const auto& s : schemas) {
               if (sqlite3_stricmp(s.name.c_str(), t.name.schema.c_str()) == 0) t.schema_id = s.id;
             }
             out.push_back(std::move(t));
           });
  for (auto& t : out) {
    std::string quoted = sqlite_identifier(sqlite_name_of(t.name));
    read_columns(db, t, quoted);
    if (t.is_view) continue;
    read_indexes(db, t, quoted);
    read_foreign_keys(db, t, quoted);
    each_row(db, "SELECT count(*) FROM main." + quoted,
             [&](sqlite3_stmt* st) { t.rows = sqlite3_column_int64(st, 0); });
  }
  // Referenced column ids need the referenced table's columns.
  for (auto& t : out) {
    for (auto& fk : t.foreign_keys) {
      const TableInfo* ref = nullptr;
      for (const auto& r : out) {
        if (r.object_id == fk.referenced_id) ref = &r;
      }
      for (const auto& [from, to] : fk.column_names) {
        fk.column_ids.emplace_back(column_id(t, from), ref ? column_id(*ref, to) : 0);
      }
    }
  }
  return out;
}

}  // namespace gw::tdsdev
