#pragma once
// Least privilege, checked: may this scope's login write? A read-only scope's promise is only as
// strong as its login (the classifier and the rollback wall are the gateway's part), so the
// gateway asks the database, in one batch of four queries (Microsoft Learn, "Permissions
// (Database Engine)"):
//   1. server level: IS_SRVROLEMEMBER('sysadmin'), HAS_PERMS_BY_NAME(NULL, NULL, 'CONTROL SERVER');
//      database level: IS_ROLEMEMBER db_owner / db_datawriter / db_ddladmin, and USER_NAME() =
//      'dbo' (the login owns the database);
//   2. fn_my_permissions(NULL, 'DATABASE'): the login's effective database permissions;
//   3. each schema: HAS_PERMS_BY_NAME(schema, 'SCHEMA', p), the effective permission as
//      fn_my_permissions(schema, 'SCHEMA') lists it (GRANT ... ON SCHEMA::dbo is how the README
//      grants SELECT, and a write can be granted the same way);
//   4. explicit grants in sys.database_permissions to the login's user, the roles it is a member of
//      (closure over sys.database_role_members) and public.
// A permission writes when it is INSERT, UPDATE, DELETE, EXECUTE, CONTROL, TAKE OWNERSHIP, or
// starts with ALTER or CREATE. Runs at start, reload and in the health probe, never per call.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/pool.h"
#include "util/status.h"

namespace gw::db {

extern const std::string_view kLoginPrivilegesQuery;

// What the login may do that writes, one line each ("database role db_datawriter", "schema dbo:
// INSERT", "grant EXECUTE on SCHEMA dbo to app_writers"); empty when it can only read.
// InvalidArgument when the result sets do not have the shape kLoginPrivilegesQuery produces.
Result<std::vector<std::string>> write_findings(const nlohmann::json& result_sets);

// Runs kLoginPrivilegesQuery on a connection of `pool`, within timeout_ms.
Result<std::vector<std::string>> check_login_privileges(Pool& pool, std::int64_t timeout_ms);

}  // namespace gw::db
