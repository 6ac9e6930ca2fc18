#pragma once
// A large catalog for catalog-size tests and benchmarks (--generate-catalog N): N tables
// dbo.Gen00001_Customer ... dbo.GenNNNNN_<Word>, the word cycling through ten business nouns, each
// with three columns: Id int NOT NULL primary key, <Word>Code nvarchar(20) NULL, Amount
// decimal(10,2) NULL, no rows. They exist in the catalog views only (sys.*, INFORMATION_SCHEMA.*):
// SQLite re-reads its whole schema table for every CREATE TABLE, so 20,000 real tables would take
// minutes to create; reading a generated table's rows fails with 208. Names are fixed by N, so
// every machine gets the same catalog.

#include <cstdint>
#include <string>
#include <vector>

#include "catalog_model.h"

namespace gw::tdsdev {

// The generated name of table i (1-based): "Gen00042_Invoice".
std::string generated_table_name(int64_t i);

// The catalog model of the n generated tables.
std::vector<TableInfo> generated_tables(int64_t n);

}  // namespace gw::tdsdev
