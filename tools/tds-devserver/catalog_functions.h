#pragma once
// Catalog functions of T-SQL on the SQLite connection: OBJECT_ID, OBJECT_NAME, OBJECT_SCHEMA_NAME,
// SCHEMA_NAME, SCHEMA_ID, DB_NAME, SUSER_SNAME, USER_NAME. Ids agree with the catalog views
// (object_ids.h).

#include "util/status.h"

struct sqlite3;

namespace gw::tdsdev {

struct SessionInfo;

// `info` must outlive the connection.
Status register_catalog_functions(sqlite3* db, const SessionInfo* info);

}  // namespace gw::tdsdev
