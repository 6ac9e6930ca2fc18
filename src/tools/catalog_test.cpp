#include "tools/catalog.h"

#include <doctest/doctest.h>

namespace gw::tools {
namespace {

TEST_CASE("declared_type spells sys.columns types as they are declared") {
  CHECK(declared_type("nvarchar", 200, 0, 0) == "nvarchar(100)");
  CHECK(declared_type("nvarchar", -1, 0, 0) == "nvarchar(max)");
  CHECK(declared_type("varchar", 50, 0, 0) == "varchar(50)");
  CHECK(declared_type("varbinary", -1, 0, 0) == "varbinary(max)");
  CHECK(declared_type("nchar", 10, 0, 0) == "nchar(5)");
  CHECK(declared_type("decimal", 9, 10, 2) == "decimal(10,2)");
  CHECK(declared_type("numeric", 5, 5, 0) == "numeric(5,0)");
  CHECK(declared_type("datetime2", 8, 27, 7) == "datetime2(7)");
  CHECK(declared_type("int", 4, 10, 0) == "int");
  CHECK(declared_type("money", 8, 19, 4) == "money");
}

TEST_CASE("describe_sql splices the object id and the catalog's spelling as literals only") {
  const std::string sql = describe_sql({42, "dbo", "O'Brien", "table", std::nullopt});
  CHECK(sql.find("WHERE c.object_id = 42 ORDER BY c.column_id;") != std::string::npos);
  CHECK(sql.find("WHERE TABLE_SCHEMA = N'dbo' AND TABLE_NAME = N'O''Brien'") != std::string::npos);
}

TEST_CASE("assemble_description groups keys and indexes") {
  const CatalogObject orders{42, "dbo", "Orders", "table", 3};
  const auto sets = nlohmann::json::parse(R"js([
    {"rows": [[1, "OrderID", "int", 4, 10, 0, false, true],
              [2, "CustomerID", "int", 4, 10, 0, false, false],
              [3, "Total", "decimal", 9, 10, 2, true, false]]},
    {"rows": [[1, "PK_Orders", "CLUSTERED", true, true, "OrderID", 1, false],
              [2, "IX_Orders_Customer", "NONCLUSTERED", false, false, "CustomerID", 1, false],
              [2, "IX_Orders_Customer", "NONCLUSTERED", false, false, "Total", 0, true]]},
    {"rows": [["FK_Orders_Customers", "dbo", "Orders", "CustomerID", "dbo", "Customers", "CustomerID", 1, 42, 7],
              ["FK_Lines_Orders", "dbo", "OrderLines", "OrderID", "dbo", "Orders", "OrderID", 1, 9, 42]]},
    {"rows": [["OrderID", null], ["CustomerID", null], ["Total", "((0))"]]}
  ])js");
  const nlohmann::json d = assemble_description(orders, sets);
  CHECK(d["columns"][0] ==
        nlohmann::json::parse(
            R"({"name":"OrderID","type":"int","nullable":false,"identity":true,"default":null})"));
  CHECK(d["columns"][2]["type"] == "decimal(10,2)");
  CHECK(d["columns"][2]["default"] == "((0))");
  CHECK(d["primaryKey"] == nlohmann::json::parse(R"({"name":"PK_Orders","columns":["OrderID"]})"));
  REQUIRE(d["indexes"].size() == 2);
  CHECK(d["indexes"][1]["columns"] == nlohmann::json::parse(R"(["CustomerID"])"));
  CHECK(d["indexes"][1]["includedColumns"] == nlohmann::json::parse(R"(["Total"])"));
  CHECK(d["foreignKeys"] ==
        nlohmann::json::parse(R"([{"name":"FK_Orders_Customers","columns":["CustomerID"],
      "referencedTable":"dbo.Customers","referencedColumns":["CustomerID"]}])"));
  CHECK(d["referencedBy"] ==
        nlohmann::json::parse(R"([{"name":"FK_Lines_Orders","table":"dbo.OrderLines",
      "columns":["OrderID"],"referencedColumns":["OrderID"]}])"));
  CHECK(d["rowCount"] == 3);
}

}  // namespace
}  // namespace gw::tools
