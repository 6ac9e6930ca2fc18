#include "catalog.h"

#include <sqlite3.h>

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "object_ids.h"
#include "sql_functions.h"

namespace gw::tdsdev {
namespace {

// An in-memory database with the T-SQL functions registered, closed at scope exit.
class TestDb {
 public:
  TestDb() {
    sqlite3_open(":memory:", &db_);
    info_.database = "TestDB";
    REQUIRE(register_functions(db_, &tags_, &info_).is_ok());
  }
  ~TestDb() { sqlite3_close(db_); }
  sqlite3* get() { return db_; }
  void exec(const std::string& sql) {
    REQUIRE(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  // All rows of a query, each as "a|b|c" (NULL as "NULL").
  std::vector<std::string> rows(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    REQUIRE_MESSAGE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK,
                    sqlite3_errmsg(db_));
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const unsigned char* t = sqlite3_column_text(st, i);
        row += (i ? "|" : "") + std::string(t ? reinterpret_cast<const char*>(t) : "NULL");
      }
      out.push_back(row);
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
  TypeTags tags_;
  SessionInfo info_;
};

TEST_CASE("catalog views describe tables, keys, indexes and row counts") {
  TestDb db;
  db.exec(
      "CREATE TABLE \"hr.Teams\" (TeamID INT NOT NULL PRIMARY KEY, Name NVARCHAR(40) NOT NULL "
      "UNIQUE);"
      "CREATE TABLE People (PersonID INT NOT NULL PRIMARY KEY, TeamID INT NULL REFERENCES "
      "\"hr.Teams\" "
      "(TeamID) ON DELETE CASCADE ON UPDATE SET NULL, Salary DECIMAL(10,2), Notes "
      "\"NVARCHAR(MAX)\");"
      "CREATE INDEX IX_People_TeamID ON People (TeamID);"
      "CREATE VIEW vw_People AS SELECT PersonID, Salary FROM People;"
      "INSERT INTO \"hr.Teams\" VALUES (1, 'Core'); INSERT INTO People VALUES (1, 1, 10.5, NULL), "
      "(2, NULL, NULL, 'x');");
  REQUIRE(refresh_catalog(db.get(), "TestDB").is_ok());

  CHECK(db.rows("SELECT name, schema_id FROM \"sys.schemas\" ORDER BY schema_id") ==
        std::vector<std::string>{"dbo|1", "guest|2", "INFORMATION_SCHEMA|3", "sys|4", "hr|5"});
  CHECK(db.rows("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM \"INFORMATION_SCHEMA.TABLES\" "
                "ORDER BY 2") == std::vector<std::string>{"dbo|People|BASE TABLE",
                                                          "hr|Teams|BASE TABLE",
                                                          "dbo|vw_People|VIEW"});
  CHECK(db.rows(
            "SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, "
            "NUMERIC_SCALE, "
            "IS_NULLABLE FROM \"INFORMATION_SCHEMA.COLUMNS\" WHERE TABLE_NAME = 'people' ORDER BY "
            "ORDINAL_POSITION") == std::vector<std::string>{"PersonID|int|NULL|10|0|NO",
                                                            "TeamID|int|NULL|10|0|YES",
                                                            "Salary|decimal|NULL|10|2|YES",
                                                            "Notes|nvarchar|-1|NULL|NULL|YES"});
  CHECK(db.rows("SELECT tc.CONSTRAINT_TYPE, tc.CONSTRAINT_NAME, k.COLUMN_NAME FROM "
                "\"INFORMATION_SCHEMA.TABLE_CONSTRAINTS\" tc JOIN "
                "\"INFORMATION_SCHEMA.KEY_COLUMN_USAGE\" k "
                "ON k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME ORDER BY 2") ==
        std::vector<std::string>{"FOREIGN KEY|FK_People_Teams|TeamID",
                                 "PRIMARY KEY|PK_People|PersonID", "PRIMARY KEY|PK_Teams|TeamID",
                                 "UNIQUE|UQ_Teams_Name|Name"});
  CHECK(
      db.rows(
          "SELECT DELETE_RULE, UPDATE_RULE, UNIQUE_CONSTRAINT_SCHEMA, UNIQUE_CONSTRAINT_NAME FROM "
          "\"INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS\"") ==
      std::vector<std::string>{"CASCADE|SET NULL|hr|PK_Teams"});
  CHECK(
      db.rows(
          "SELECT name, index_id, type_desc, is_primary_key, is_unique FROM \"sys.indexes\" WHERE "
          "object_id = OBJECT_ID('dbo.People') ORDER BY index_id") ==
      std::vector<std::string>{"PK_People|1|CLUSTERED|1|1", "IX_People_TeamID|2|NONCLUSTERED|0|0"});
  CHECK(db.rows("SELECT OBJECT_NAME(object_id), rows FROM \"sys.partitions\" ORDER BY 1") ==
        std::vector<std::string>{"People|2", "Teams|1"});
  CHECK(db.rows("SELECT fk.delete_referential_action_desc, OBJECT_NAME(fkc.referenced_object_id), "
                "fkc.referenced_column_id FROM \"sys.foreign_keys\" fk JOIN "
                "\"sys.foreign_key_columns\" fkc ON "
                "fkc.constraint_object_id = fk.object_id") ==
        std::vector<std::string>{"CASCADE|Teams|1"});
  CHECK(
      db.rows("SELECT c.name, t.name, c.max_length FROM \"sys.columns\" c JOIN \"sys.types\" t ON "
              "t.user_type_id = c.user_type_id WHERE c.object_id = OBJECT_ID('hr.Teams') ORDER BY "
              "c.column_id") == std::vector<std::string>{"TeamID|int|4", "Name|nvarchar|80"});
  CHECK(db.rows("SELECT type, COUNT(*) FROM \"sys.objects\" GROUP BY type ORDER BY type") ==
        std::vector<std::string>{"F|1", "PK|2", "U|2", "UQ|1", "V|1"});
  CHECK(db.rows("SELECT OBJECT_ID('[hr].[Teams]') = object_id FROM \"sys.tables\" WHERE name = "
                "'Teams'") == std::vector<std::string>{"1"});

  // The views follow DDL and data made after the first refresh.
  db.exec("DROP VIEW vw_People; INSERT INTO People VALUES (3, 1, 1, NULL)");
  REQUIRE(refresh_catalog(db.get(), "TestDB").is_ok());
  CHECK(db.rows("SELECT COUNT(*) FROM \"sys.views\"") == std::vector<std::string>{"0"});
  CHECK(db.rows("SELECT rows FROM \"sys.partitions\" WHERE object_id = OBJECT_ID('People')") ==
        std::vector<std::string>{"3"});
}

TEST_CASE("object ids are stable and schema-qualified") {
  CHECK(object_id_for("dbo", "Customers") == object_id_for("DBO", "customers"));
  CHECK(object_id_for("dbo", "Regions") != object_id_for("sales", "Regions"));
  CHECK(object_id_for("dbo", "Customers") > 0);
  CHECK(split_sqlite_name("sales.Regions").schema == "sales");
  CHECK(split_sqlite_name("Customers").schema == "dbo");
  CHECK(sqlite_name_of({"DBO", "Orders"}) == "Orders");
}

}  // namespace
}  // namespace gw::tdsdev
