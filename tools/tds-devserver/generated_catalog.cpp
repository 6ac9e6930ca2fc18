#include "generated_catalog.h"

#include <fmt/format.h>

namespace gw::tdsdev {
namespace {

constexpr const char* kWords[] = {"Customer", "Order",   "Invoice",  "Product",  "Shipment",
                                  "Ledger",   "Payment", "Supplier", "Contract", "Employee"};

ColumnInfo column(int id, std::string name, const char* decl, bool nullable) {
  ColumnInfo c;
  c.id = id;
  c.name = std::move(name);
  c.decl = decl;
  c.type = *parse_decltype(decl);
  c.nullable = nullable;
  return c;
}

}  // namespace

std::string generated_table_name(int64_t i) {
  return fmt::format("Gen{:05d}_{}", i, kWords[(i - 1) % 10]);
}

std::vector<TableInfo> generated_tables(int64_t n) {
  std::vector<TableInfo> tables;
  tables.reserve(static_cast<size_t>(n));
  for (int64_t i = 1; i <= n; ++i) {
    TableInfo t;
    t.name = {"dbo", generated_table_name(i)};
    t.object_id = object_id_for(t.name.schema, t.name.name);
    t.sql = fmt::format("CREATE TABLE {} (generated)", t.name.name);
    t.columns = {column(1, "Id", "INT", false),
                 column(2, std::string(kWords[(i - 1) % 10]) + "Code", "NVARCHAR(20)", true),
                 column(3, "Amount", "DECIMAL(10,2)", true)};
    t.indexes = {IndexInfo{"PK_" + t.name.name, 1, true, true, false, {1}}};
    tables.push_back(std::move(t));
  }
  return tables;
}

}  // namespace gw::tdsdev
