#pragma once
// The catalog views SQL Server clients query (INFORMATION_SCHEMA.*, sys.*), as per-connection temp
// tables with SQL Server's column names and types, rebuilt from sqlite_master and PRAGMA data
// before each statement that reads them (so they follow DDL made on any connection).

#include <string>

#include "util/status.h"

struct sqlite3;

namespace gw::tdsdev {

Status refresh_catalog(sqlite3* db, const std::string& database);

}  // namespace gw::tdsdev
