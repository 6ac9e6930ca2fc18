#include "demo_db.h"

#include <sqlite3.h>

#include <doctest/doctest.h>

#include <string>

namespace gw::tdsdev {
namespace {

std::string one(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
  std::string v = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)
                      ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0))
                      : "NULL";
  sqlite3_finalize(st);
  return v;
}

// The facts README.md promises (other tests check results against them field by field).
TEST_CASE("the demo database is what the README says") {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  REQUIRE(create_demo(db).is_ok());
  struct Case {
    const char* sql;
    const char* want;
  };
  const Case cases[] = {
      {"SELECT COUNT(*) FROM \"sales.Regions\"", "6"},
      {"SELECT COUNT(*) FROM Categories", "8"},
      {"SELECT COUNT(*) FROM Products", "80"},
      {"SELECT COUNT(*) FROM Customers", "200"},
      {"SELECT COUNT(*) FROM Employees", "20"},
      {"SELECT COUNT(*) FROM Orders", "1000"},
      {"SELECT COUNT(*) FROM OrderDetails", "3000"},
      {"SELECT COUNT(*) FROM AllTypes", "3"},
      {"SELECT COUNT(*) FROM vw_CustomerOrders", "1000"},
      {"SELECT COUNT(*) FROM Customers WHERE Email IS NULL", "20"},
      {"SELECT COUNT(*) FROM Customers WHERE Phone IS NULL", "28"},
      {"SELECT COUNT(*) FROM Customers WHERE BirthDate IS NULL", "15"},
      {"SELECT COUNT(*) FROM Customers WHERE IsActive = 0", "22"},
      {"SELECT COUNT(DISTINCT State) FROM Customers", "20"},
      {"SELECT FirstName || ' ' || LastName || ', ' || City || ', ' || State FROM Customers WHERE "
       "CustomerID = 2",
       "Zoë Jensen, Austin, TX"},
      {"SELECT FirstName || ' ' || LastName FROM Customers WHERE CustomerID = 7", "David Müller"},
      {"SELECT COUNT(*) FROM Products WHERE Discontinued = 1", "7"},
      {"SELECT COUNT(*) FROM Products WHERE WeightKg IS NULL", "13"},
      {"SELECT MIN(Price) || ' ' || MAX(Price) FROM Products", "3.38 91.09"},
      {"SELECT Title FROM Employees WHERE ManagerID IS NULL", "Chief Executive Officer"},
      {"SELECT COUNT(*) FROM Employees WHERE ShiftStart IS NULL", "4"},
      {"SELECT COUNT(*) FROM Employees WHERE Badge IS NULL", "5"},
      {"SELECT group_concat(Status || '=' || n) FROM (SELECT Status, COUNT(*) n FROM Orders GROUP "
       "BY Status "
       "ORDER BY Status)",
       "Cancelled=121,Delivered=310,Pending=106,Shipped=463"},
      {"SELECT COUNT(*) FROM Orders WHERE ShippedDate IS NULL", "227"},
      {"SELECT MIN(OrderDate) || ' ' || MAX(OrderDate) FROM Orders",
       "2023-01-03 11:21:22.000 2024-12-30 12:49:12.000"},
      {"SELECT printf('%.2f', SUM(TotalAmount)) FROM Orders", "762671.45"},
      {"SELECT SUM(Quantity) FROM OrderDetails", "16172"},
      {"SELECT Description FROM Categories WHERE CategoryID = 8", "NULL"},
      {"SELECT c_nvarchar FROM AllTypes WHERE ID = 1", "Zoë – 日本語 ✓"},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.sql));
    CHECK(one(db, c.sql) == c.want);
  }
  REQUIRE(ensure_big_table(db, 1000).is_ok());
  CHECK(one(db,
            "SELECT COUNT(*) || ' ' || MAX(ID) || ' ' || (SELECT Label FROM BigTable WHERE ID = 7) "
            "FROM BigTable") == "1000 1000 Row 7");
  sqlite3_close(db);
}

}  // namespace
}  // namespace gw::tdsdev
