#pragma once
// What a login may do, modelled after SQL Server's security catalog so the gateway's
// least-privilege check (src/db/login_privileges.h) can be tested against each kind of login:
//   reader  member of db_datareader, with SELECT granted on SCHEMA::dbo: reads only; a write is
//           refused with SQL Server's error 229 (DML) or 262 (DDL), as a real db_datareader login
//           is;
//   writer  member of the role app_writers, itself a member of db_datareader, db_datawriter and
//           db_ddladmin, and granted EXECUTE on SCHEMA::dbo (the default, as before: it can do
//           everything the devserver runs);
//   owner   the database owner (user dbo, db_owner) and sysadmin, like sa.
// Answered for the session's role: IS_SRVROLEMEMBER, IS_ROLEMEMBER, HAS_PERMS_BY_NAME, USER_NAME(),
// fn_my_permissions(NULL, 'DATABASE') and the views sys.database_principals,
// sys.database_role_members and sys.database_permissions (principal ids as SQL Server numbers the
// fixed roles: public 0, dbo 1, db_owner 16384, db_ddladmin 16387, db_datareader 16390,
// db_datawriter 16391).

#include <optional>
#include <string>
#include <string_view>

#include "util/status.h"

struct sqlite3;

namespace gw::tdsdev {

enum class LoginRole { kReader, kWriter, kOwner };

std::optional<LoginRole> parse_login_role(std::string_view text);
const char* login_role_name(LoginRole role);

// Creates the catalog tables and functions above on the session's connection, and for a reader an
// authorizer that refuses writes to the database (temp tables stay writable: the catalog lives
// there). REQUIRES: called once per connection, before any statement.
Status install_security_model(sqlite3* db, LoginRole role, const std::string& database);

// After SQLite refused a statement as "not authorized": the SQL Server error the authorizer chose
// (229 "The INSERT permission was denied on the object 'T', database 'DemoDB', schema 'dbo'." or
// 262 "CREATE TABLE permission denied in database 'DemoDB'."). Per thread, like the session.
struct Denial {
  int number = 229;
  std::string text;
};
std::optional<Denial> take_denial();

}  // namespace gw::tdsdev
