#include "tools/table_resolver.h"

#include <doctest/doctest.h>

namespace gw::tools {
namespace {

std::vector<CatalogObject> catalog() {
  return {{1, "dbo", "Customers", "table", 5}, {2, "dbo", "Orders", "table", 10},
          {3, "sales", "Regions", "table", 4}, {4, "dbo", "CustomerView", "view", std::nullopt},
          {5, "dbo", "Products", "table", 3},  {6, "hr", "Products", "table", 1},
          {7, "sales", "Widgets", "table", 2}, {8, "hr", "Widgets", "view", std::nullopt}};
}

TEST_CASE("edit_distance is Levenshtein, case-insensitive") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("Customers", "customers") == 0);
  CHECK(edit_distance("Custmers", "Customers") == 1);
}

TEST_CASE("resolve_table accepts the spellings assistants use") {
  struct Case {
    const char* typed;
    std::int64_t id;
  };
  for (const Case& c :
       {Case{"Customers", 1}, Case{"dbo.Customers", 1}, Case{"[dbo].[Customers]", 1},
        Case{"customers", 1}, Case{"sales.Regions", 3}, Case{"Regions", 3},
        Case{"\"dbo\".\"Orders\"", 2}, Case{"Products", 5}, Case{"hr.Products", 6}}) {
    CAPTURE(c.typed);
    Result<CatalogObject> r = resolve_table(catalog(), c.typed, "demo");
    REQUIRE(r.is_ok());
    CHECK(r->object_id == c.id);
  }
}

TEST_CASE("resolve_table refuses unknown names with suggestions, and injection text as a name") {
  Result<CatalogObject> r = resolve_table(catalog(), "Custmers", "demo");
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().code() == StatusCode::kNotFound);
  CHECK(r.status().message() ==
        "Table 'Custmers' was not found in scope \"demo\". Did you mean: dbo.Customers?");

  r = resolve_table(catalog(), "dbo.Regions", "demo");
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().message() ==
        "Table 'dbo.Regions' was not found in scope \"demo\". Did you mean: sales.Regions?");

  r = resolve_table(catalog(), "Zzzzzzzzzz", "demo");
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().message() ==
        "Table 'Zzzzzzzzzz' was not found in scope \"demo\". Call list_tables to see the tables.");

  // Not in dbo, and in two other schemas: the caller must say which (not "not found").
  r = resolve_table(catalog(), "widgets", "demo");
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK(r.status().message() ==
        "Table name 'widgets' is ambiguous in scope \"demo\": name the schema, e.g. hr.Widgets.");
  CHECK(resolve_table(catalog(), "sales.Widgets", "demo")->object_id == 7);

  r = resolve_table(catalog(), "Customers; DROP TABLE x", "demo");
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK(r.status().message().rfind("'Customers; DROP TABLE x' is not a table name: ", 0) == 0);
}

TEST_CASE("near_names ranks by distance and keeps at most three") {
  CHECK(near_names(catalog(), "Product") ==
        std::vector<std::string>{"dbo.Products", "hr.Products"});
  CHECK(near_names(catalog(), "[Orderz]") == std::vector<std::string>{"dbo.Orders"});
  CHECK(near_names(catalog(), "nothing like it").empty());
}

}  // namespace
}  // namespace gw::tools
