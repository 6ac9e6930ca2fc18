#include "catalog_views.h"

#include "tsql_rewrite.h"

namespace gw::tdsdev {

std::string catalog_table_ddl(const CatalogView& v) {
  std::string cols = v.columns, out;
  size_t start = 0;
  while (start < cols.size()) {
    size_t comma = cols.find(',', start);
    if (comma == std::string::npos) comma = cols.size();
    std::string col = cols.substr(start, comma - start);
    while (!col.empty() && col.front() == ' ') col.erase(col.begin());
    if (size_t at = col.find("NVARCHAR(MAX)"); at != std::string::npos)
      col.replace(at, 13, "\"NVARCHAR(MAX)\"");
    if (col.find("CHAR") != std::string::npos) col += " COLLATE NOCASE";
    out += (out.empty() ? "" : ", ") + col;
    start = comma + 1;
  }
  return "CREATE TEMP TABLE IF NOT EXISTS " + sqlite_identifier(v.name) + " (" + out + ")";
}

}  // namespace gw::tdsdev
