#pragma once
// The catalog views SQL Server clients query (INFORMATION_SCHEMA.*, sys.*), as per-connection temp
// tables with SQL Server's column names and types, rebuilt from sqlite_master and PRAGMA data
// before each statement that reads them (so they follow DDL made on any connection).

#include <cstdint>
#include <string>

#include "util/status.h"

struct sqlite3;

namespace gw::tdsdev {

// generated: how many generated tables (generated_catalog.h) the catalog lists besides the real
// ones.
Status refresh_catalog(sqlite3* db, const std::string& database, int64_t generated = 0);

// What the catalog was built from: the schema version, commits by other connections
// (PRAGMA data_version) and this connection's changes. Equal stamps, equal catalog.
struct CatalogStamp {
  bool valid = false;
  int64_t schema_version = 0;
  int64_t data_version = 0;
  int64_t changes = 0;
  bool operator==(const CatalogStamp&) const = default;
};

// refresh_catalog unless nothing changed since `last` (a 20,000-table catalog takes a second to
// rebuild; the gateway's catalog tools read it on every call). Updates `last`.
Status refresh_catalog_if_changed(sqlite3* db, const std::string& database, int64_t generated,
                                  CatalogStamp& last);

}  // namespace gw::tdsdev
