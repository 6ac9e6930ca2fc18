#pragma once
// Resolves a table name an assistant typed against the scope's catalog (pure; the catalog is loaded
// by catalog.h). The resolved object's catalog spelling is what gets quoted into SQL, never the
// typed text.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace gw::tools {

struct CatalogObject {
  std::int64_t object_id = 0;
  std::string schema;
  std::string name;
  std::string type;                       // "table" or "view"
  std::optional<std::int64_t> row_count;  // tables only (sys.partitions)

  std::string qualified() const { return schema + "." + name; }
};

// Levenshtein distance, case-insensitive for ASCII letters.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `limit` catalog names ("schema.name") close to `typed`, nearest first, then alphabetical.
// Close: distance to the qualified or the bare name within max(2, length / 3).
std::vector<std::string> near_names(const std::vector<CatalogObject>& catalog,
                                    std::string_view typed, std::size_t limit = 3);

// Customers, dbo.Customers, [dbo].[Customers], sales.Regions. Names compare case-insensitively (SQL
// Server's default collation). A one-part name is looked up in dbo first, then in any schema when
// exactly one object has that name. Errors (worded for the assistant):
//   InvalidArgument  the text is not a one- or two-part name, or a one-part name not in dbo names
//                    objects in several schemas ('Widgets' is ambiguous ... name the schema);
//   NotFound         'Custmers' was not found in scope "demo". Did you mean: dbo.Customers?
Result<CatalogObject> resolve_table(const std::vector<CatalogObject>& catalog,
                                    std::string_view typed, const std::string& scope_name);

}  // namespace gw::tools
