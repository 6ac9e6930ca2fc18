#pragma once
// The catalog queries behind list_tables, describe_table and get_table_sample (sys.* views, SQL
// Server 2012+). Object ids come from the catalog and are spliced as integers; names are never
// spliced as typed.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/pool.h"
#include "tools/call_session.h"
#include "tools/table_resolver.h"
#include "util/status.h"

namespace gw::tools {

// User tables (and views when include_views) in schema, name order; row counts from sys.partitions
// (heap or clustered index), null for views.
Result<std::vector<CatalogObject>> load_catalog(CallSession& session,
                                                const db::QueryOptions& options,
                                                bool include_views);

// The object a typed name means (resolve_table's rules), reading only the objects of that name;
// the whole catalog is read only to suggest names when there is none.
Result<CatalogObject> find_table(CallSession& session, const db::QueryOptions& options,
                                 std::string_view typed, const std::string& scope_name);

// One page of list_tables: objects offset .. offset + limit - 1 in schema, name order, and how
// many there are in all. schema "" is every schema.
struct CatalogPage {
  std::vector<CatalogObject> objects;
  std::int64_t total = 0;
};
Result<CatalogPage> load_catalog_page(CallSession& session, const db::QueryOptions& options,
                                      bool include_views, const std::string& schema,
                                      std::int64_t offset, std::int64_t limit);

// The SQL of load_catalog_page (two result sets: the count, then the page); schema as an N'...'
// literal, offset and limit as integers; pure.
std::string catalog_page_sql(bool include_views, const std::string& schema, std::int64_t offset,
                             std::int64_t limit);

// Columns, primary key, foreign keys (outgoing and incoming) and indexes of one resolved object, as
// describe_table's structuredContent.
Result<nlohmann::json> describe_object(CallSession& session, const db::QueryOptions& options,
                                       const CatalogObject& object);

// The SQL of describe_object, one batch of four result sets (columns, indexes, foreign keys, column
// defaults from INFORMATION_SCHEMA.COLUMNS); the object id is spliced as an integer and the
// catalog's own spelling of the name as N'...' literals; pure.
std::string describe_sql(const CatalogObject& object);

// "nvarchar(100)", "decimal(10,2)", "varchar(max)", "datetime2(3)" from sys.columns/sys.types;
// pure.
std::string declared_type(const std::string& type_name, std::int64_t max_length, int precision,
                          int scale);

// Builds describe_table's JSON from describe_sql's result sets ([{columns, rows}] x 4); pure.
nlohmann::json assemble_description(const CatalogObject& object, const nlohmann::json& result_sets);

}  // namespace gw::tools
