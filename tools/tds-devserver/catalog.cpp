#include "catalog.h"

#include <sqlite3.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "catalog_model.h"
#include "catalog_views.h"
#include "generated_catalog.h"
#include "sqlite_calls.h"
#include "tsql_rewrite.h"

namespace gw::tdsdev {

namespace {

// A catalog cell: NULL, an integer or text.
struct Cell {
  enum Kind { kNull, kInt, kText } kind = kNull;
  int64_t i = 0;
  std::string s;
  Cell(std::nullptr_t) {}                                // NOLINT: implicit for row literals
  Cell(int64_t v) : kind(kInt), i(v) {}                  // NOLINT
  Cell(int v) : kind(kInt), i(v) {}                      // NOLINT
  Cell(bool v) : kind(kInt), i(v ? 1 : 0) {}             // NOLINT
  Cell(std::string v) : kind(kText), s(std::move(v)) {}  // NOLINT
  Cell(const char* v) : kind(kText), s(v) {}             // NOLINT
};
using Row = std::vector<Cell>;

constexpr const char* kCreated = "2024-01-01 00:00:00.000";
constexpr const char* kCollationName = "SQL_Latin1_General_CP1_CI_AS";

// The column types the catalog describes; sysname as SQL Server lists it.
std::vector<Row> type_rows() {
  std::vector<Row> rows;
  const char* names[] = {"tinyint",
                         "smallint",
                         "int",
                         "bigint",
                         "bit",
                         "decimal",
                         "numeric",
                         "float",
                         "real",
                         "money",
                         "nvarchar",
                         "varchar",
                         "varbinary",
                         "date",
                         "time",
                         "datetime",
                         "datetime2",
                         "datetimeoffset",
                         "uniqueidentifier",
                         "nchar",
                         "char",
                         "binary",
                         "smalldatetime",
                         "smallmoney",
                         "text",
                         "ntext",
                         "image"};
  for (const char* n : names) {
    ColumnType t = *parse_decltype(n);
    int id = system_type_id(t.type);
    std::string name = n;
    if (name == "numeric") id = 108;
    if (name == "nchar") id = 239;
    if (name == "char") id = 175;
    if (name == "binary") id = 173;
    if (name == "smalldatetime") id = 58;
    if (name == "smallmoney") id = 122;
    if (name == "text") id = 35;
    if (name == "ntext") id = 99;
    if (name == "image") id = 34;
    bool text = t.type == SqlType::kNVarChar || t.type == SqlType::kVarChar;
    int len = t.type == SqlType::kNVarChar            ? 8000
              : text || t.type == SqlType::kVarBinary ? 8000
                                                      : max_length_bytes(t);
    rows.push_back({name, id, id, 4, nullptr, len, type_precision(t), t.scale,
                    text ? Cell(kCollationName) : Cell(nullptr), true, false});
  }
  rows.push_back({"sysname", 231, 256, 4, nullptr, 256, 0, 0, kCollationName, false, false});
  return rows;
}

int datetime_precision(const ColumnType& t) {
  switch (t.type) {
    case SqlType::kDate: return 0;
    case SqlType::kDateTime: return 3;
    case SqlType::kTime:
    case SqlType::kDateTime2:
    case SqlType::kDateTimeOffset: return t.scale;
    default: return -1;
  }
}

Row information_schema_column(const std::string& db, const TableInfo& t, const ColumnInfo& c) {
  const ColumnType& ty = c.type;
  bool str = ty.type == SqlType::kNVarChar || ty.type == SqlType::kVarChar ||
             ty.type == SqlType::kVarBinary;
  bool num = type_precision(ty) > 0 && datetime_precision(ty) < 0 && !str;
  int dtp = datetime_precision(ty);
  return {
      db,
      t.name.schema,
      t.name.name,
      c.name,
      c.id,
      c.has_default ? Cell("(" + c.default_value + ")") : Cell(nullptr),
      c.nullable ? "YES" : "NO",
      type_name(ty.type),
      str ? Cell(ty.length) : Cell(nullptr),
      str ? Cell(max_length_bytes(ty)) : Cell(nullptr),
      num ? Cell(type_precision(ty)) : Cell(nullptr),
      num ? Cell(ty.type == SqlType::kFloat || ty.type == SqlType::kReal ? 2 : 10) : Cell(nullptr),
      num && ty.type != SqlType::kFloat && ty.type != SqlType::kReal ? Cell(ty.scale)
                                                                     : Cell(nullptr),
      dtp >= 0 ? Cell(dtp) : Cell(nullptr),
      ty.type == SqlType::kNVarChar  ? Cell("UNICODE")
      : ty.type == SqlType::kVarChar ? Cell("iso_1")
                                     : Cell(nullptr),
      ty.type == SqlType::kNVarChar || ty.type == SqlType::kVarChar ? Cell(kCollationName)
                                                                    : Cell(nullptr)};
}

Row sys_column(const TableInfo& t, const ColumnInfo& c) {
  const ColumnType& ty = c.type;
  bool text = ty.type == SqlType::kNVarChar || ty.type == SqlType::kVarChar;
  int id = system_type_id(ty.type);
  return {t.object_id,
          c.name,
          c.id,
          id,
          id,
          max_length_bytes(ty),
          type_precision(ty),
          ty.scale,
          text ? Cell(kCollationName) : Cell(nullptr),
          c.nullable,
          text,
          false,
          false,
          false};
}

int action_code(const std::string& a) {
  return a == "CASCADE" ? 1 : a == "SET_NULL" ? 2 : a == "SET_DEFAULT" ? 3 : 0;
}

std::string action_desc(const std::string& a) { return action_code(a) == 0 ? "NO_ACTION" : a; }

std::string column_name(const TableInfo& t, int id) {
  return id >= 1 && static_cast<size_t>(id) <= t.columns.size()
             ? t.columns[static_cast<size_t>(id - 1)].name
             : "";
}

using Tables = std::vector<std::pair<std::string, std::vector<Row>>>;

// Rows of the table or view itself and of its columns.
void add_object_rows(const std::string& db, const TableInfo& t, auto&& at) {
  const std::string& s = t.name.schema;
  Row obj = {t.name.name,
             t.object_id,
             nullptr,
             t.schema_id,
             0,
             t.is_view ? "V" : "U",
             t.is_view ? "VIEW" : "USER_TABLE",
             kCreated,
             kCreated,
             false,
             false,
             false};
  at("sys.objects").push_back(obj);
  if (t.is_view) {
    at("sys.views").push_back(obj);
    at("INFORMATION_SCHEMA.VIEWS")
        .push_back({db, s, t.name.name, t.sql.substr(0, 4000), "NONE", "NO"});
    at("sys.sql_modules").push_back({t.object_id, t.sql});
  } else {
    Row tab = obj;
    tab.push_back(0);
    at("sys.tables").push_back(tab);
  }
  at("INFORMATION_SCHEMA.TABLES")
      .push_back({db, s, t.name.name, t.is_view ? "VIEW" : "BASE TABLE"});
  for (const auto& c : t.columns) {
    at("sys.columns").push_back(sys_column(t, c));
    at("INFORMATION_SCHEMA.COLUMNS").push_back(information_schema_column(db, t, c));
  }
}

// Indexes, primary key and unique constraints, and the partition row with the row count.
void add_index_rows(const std::string& db, const TableInfo& t, auto&& at) {
  const std::string& s = t.name.schema;
  bool has_pk = !t.indexes.empty() && t.indexes[0].primary_key;
  if (!has_pk) {
    at("sys.indexes")
        .push_back({t.object_id, nullptr, 0, 0, "HEAP", false, 1, false, false, false, 0, false,
                    false, false, true, true, false, nullptr});
  }
  for (const auto& ix : t.indexes) {
    at("sys.indexes")
        .push_back({t.object_id, ix.name, ix.index_id, ix.primary_key ? 1 : 2,
                    ix.primary_key ? "CLUSTERED" : "NONCLUSTERED", ix.unique, 1, false,
                    ix.primary_key, ix.unique_constraint, 0, false, false, false, true, true, false,
                    nullptr});
    for (size_t k = 0; k < ix.column_ids.size(); ++k) {
      int n = static_cast<int>(k + 1);
      at("sys.index_columns")
          .push_back({t.object_id, ix.index_id, n, ix.column_ids[k], n, 0, false, false});
    }
    if (ix.primary_key || ix.unique_constraint) {
      int32_t cid = constraint_object_id(t.name, ix.name);
      at("sys.objects")
          .push_back({ix.name, cid, nullptr, t.schema_id, t.object_id, ix.primary_key ? "PK" : "UQ",
                      ix.primary_key ? "PRIMARY_KEY_CONSTRAINT" : "UNIQUE_CONSTRAINT", kCreated,
                      kCreated, false, false, false});
      at("INFORMATION_SCHEMA.TABLE_CONSTRAINTS")
          .push_back({db, s, ix.name, db, s, t.name.name, ix.primary_key ? "PRIMARY KEY" : "UNIQUE",
                      "NO", "NO"});
      for (size_t k = 0; k < ix.column_ids.size(); ++k) {
        at("INFORMATION_SCHEMA.KEY_COLUMN_USAGE")
            .push_back({db, s, ix.name, db, s, t.name.name, column_name(t, ix.column_ids[k]),
                        static_cast<int>(k + 1)});
      }
    }
  }
  for (int index_id : {has_pk ? 1 : 0}) {
    int64_t pid = int64_t{t.object_id} * 100 + index_id;
    at("sys.partitions").push_back({pid, t.object_id, index_id, 1, pid, t.rows, 0, "NONE"});
  }
}

// INFORMATION_SCHEMA writes referential actions with spaces: NO ACTION, SET NULL.
std::string rule_text(const std::string& action) {
  std::string r = action_desc(action);
  for (char& c : r) c = c == '_' ? ' ' : c;
  return r;
}

void add_foreign_key_rows(const std::string& db, const TableInfo& t, auto&& at) {
  const std::string& s = t.name.schema;
  for (const auto& fk : t.foreign_keys) {
    at("sys.objects")
        .push_back({fk.name, fk.object_id, nullptr, t.schema_id, t.object_id, "F",
                    "FOREIGN_KEY_CONSTRAINT", kCreated, kCreated, false, false, false});
    at("sys.foreign_keys")
        .push_back({fk.name, fk.object_id, nullptr, t.schema_id, t.object_id, "F",
                    "FOREIGN_KEY_CONSTRAINT", kCreated, kCreated, false, fk.referenced_id, 1, false,
                    false, action_code(fk.on_delete), action_desc(fk.on_delete),
                    action_code(fk.on_update), action_desc(fk.on_update)});
    at("INFORMATION_SCHEMA.TABLE_CONSTRAINTS")
        .push_back({db, s, fk.name, db, s, t.name.name, "FOREIGN KEY", "NO", "NO"});
    at("INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS")
        .push_back({db, s, fk.name, db, fk.referenced.schema, "PK_" + fk.referenced.name, "SIMPLE",
                    rule_text(fk.on_update), rule_text(fk.on_delete)});
    for (size_t k = 0; k < fk.column_ids.size(); ++k) {
      int n = static_cast<int>(k + 1);
      at("sys.foreign_key_columns")
          .push_back({fk.object_id, n, t.object_id, fk.column_ids[k].first, fk.referenced_id,
                      fk.column_ids[k].second});
      at("INFORMATION_SCHEMA.KEY_COLUMN_USAGE")
          .push_back({db, s, fk.name, db, s, t.name.name, fk.column_names[k].first, n});
    }
  }
}

Status catalog_exec(sqlite3* db, const std::string& sql) {
  Status s = sqlite_exec(db, sql);
  return s.is_ok() ? s : internal_error("catalog: " + s.message());
}

Status fill(sqlite3* db, const std::string& table, const std::vector<Row>& rows) {
  if (Status s = catalog_exec(db, "DELETE FROM temp." + sqlite_identifier(table)); !s.is_ok())
    return s;
  if (rows.empty()) return Status::ok();
  std::string sql = "INSERT INTO temp." + sqlite_identifier(table) + " VALUES (";
  for (size_t i = 0; i < rows[0].size(); ++i) sql += i ? ",?" : "?";
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, (sql + ")").c_str(), -1, &st, nullptr) != SQLITE_OK) {
    return internal_error("catalog: " + std::string(sqlite3_errmsg(db)));
  }
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      int k = static_cast<int>(i + 1);
      if (row[i].kind == Cell::kInt)
        sqlite3_bind_int64(st, k, row[i].i);
      else if (row[i].kind == Cell::kText)
        sqlite3_bind_text(st, k, row[i].s.c_str(), -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null(st, k);
    }
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return Status::ok();
}

}  // namespace

Status refresh_catalog(sqlite3* db, const std::string& database, int64_t generated) {
  Tables tables;
  for (const auto& v : kCatalogViews) {
    if (Status s = catalog_exec(db, catalog_table_ddl(v)); !s.is_ok()) return s;
    tables.emplace_back(v.name, std::vector<Row>{});
  }
  auto at = [&tables](const std::string& name) -> std::vector<Row>& {
    for (auto& [n, rows] : tables) {
      if (n == name) return rows;
    }
    return tables.front().second;  // unreachable: every name above is in kViews
  };
  at("sys.databases")
      .push_back({database, 5, 1, kCreated, 160, kCollationName, 0, "ONLINE", false, "FULL"});
  for (const auto& s : list_schemas(db)) {
    at("sys.schemas").push_back({s.name, s.id, 1});
    at("INFORMATION_SCHEMA.SCHEMATA").push_back({database, s.name, "dbo"});
  }
  at("sys.types") = type_rows();
  std::vector<TableInfo> model = read_catalog_model(db);
  if (generated > 0) {
    std::vector<TableInfo> more = generated_tables(generated);
    model.insert(model.end(), std::make_move_iterator(more.begin()),
                 std::make_move_iterator(more.end()));
  }
  for (const auto& t : model) {
    add_object_rows(database, t, at);
    if (t.is_view) continue;
    add_index_rows(database, t, at);
    add_foreign_key_rows(database, t, at);
  }
  for (const auto& [name, rows] : tables) {
    if (Status s = fill(db, name, rows); !s.is_ok()) return s;
  }
  return Status::ok();
}

namespace {

int64_t pragma_value(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  int64_t v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

CatalogStamp stamp_of(sqlite3* db) {
  return {true, pragma_value(db, "PRAGMA main.schema_version"),
          pragma_value(db, "PRAGMA main.data_version"), sqlite3_total_changes64(db)};
}

}  // namespace

Status refresh_catalog_if_changed(sqlite3* db, const std::string& database, int64_t generated,
                                  CatalogStamp& last) {
  if (last.valid && stamp_of(db) == last) return Status::ok();
  Status s = refresh_catalog(db, database, generated);
  // Taken after the rebuild, whose own writes to the temp tables count as changes. A rebuild
  // inside a transaction is not remembered: a ROLLBACK (the gateway's read-only wall) undoes it.
  last = s.is_ok() && sqlite3_get_autocommit(db) ? stamp_of(db) : CatalogStamp{};
  return s;
}

}  // namespace gw::tdsdev
