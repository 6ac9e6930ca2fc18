#include "db/login_privileges.h"

#include <fmt/format.h>

#include <array>
#include <cctype>

#include "db/result_collector.h"

namespace gw::db {

namespace {

// The schema-level permissions asked for, in the column order of query 3.
constexpr std::array<std::string_view, 7> kSchemaPermissions = {
    "INSERT", "UPDATE", "DELETE", "ALTER", "EXECUTE", "CONTROL", "TAKE OWNERSHIP"};

bool writes(const std::string& permission) {
  for (std::string_view p : kSchemaPermissions) {
    if (permission == p) return true;
  }
  return permission.rfind("ALTER", 0) == 0 || permission.rfind("CREATE", 0) == 0;
}

bool is_one(const nlohmann::json& v) {
  return (v.is_number_integer() && v.get<std::int64_t>() == 1) || (v.is_boolean() && v.get<bool>());
}

std::string cell_text(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : ""; }

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

const std::string_view kLoginPrivilegesQuery =
    "SELECT IS_SRVROLEMEMBER('sysadmin') AS sysadmin, "
    "HAS_PERMS_BY_NAME(NULL, NULL, 'CONTROL SERVER') AS control_server, "
    "IS_ROLEMEMBER('db_owner') AS db_owner, IS_ROLEMEMBER('db_datawriter') AS db_datawriter, "
    "IS_ROLEMEMBER('db_ddladmin') AS db_ddladmin, USER_NAME() AS database_user;\n"
    "SELECT permission_name FROM fn_my_permissions(NULL, 'DATABASE');\n"
    "SELECT name AS schema_name, HAS_PERMS_BY_NAME(name, 'SCHEMA', 'INSERT') AS p_insert, "
    "HAS_PERMS_BY_NAME(name, 'SCHEMA', 'UPDATE') AS p_update, "
    "HAS_PERMS_BY_NAME(name, 'SCHEMA', 'DELETE') AS p_delete, "
    "HAS_PERMS_BY_NAME(name, 'SCHEMA', 'ALTER') AS p_alter, "
    "HAS_PERMS_BY_NAME(name, 'SCHEMA', 'EXECUTE') AS p_execute, "
    "HAS_PERMS_BY_NAME(name, 'SCHEMA', 'CONTROL') AS p_control, "
    "HAS_PERMS_BY_NAME(name, 'SCHEMA', 'TAKE OWNERSHIP') AS p_take_ownership "
    // Fixed database roles own schemas with ids from 16384, and sys and INFORMATION_SCHEMA hold
    // the system objects (Microsoft Learn, "sys.system_objects"): no user data lives in those.
    "FROM sys.schemas WHERE schema_id < 16384 AND name NOT IN ('sys', 'INFORMATION_SCHEMA') "
    "ORDER BY name;\n"
    "WITH principals (principal_id) AS ("
    "SELECT principal_id FROM sys.database_principals WHERE name = USER_NAME() OR principal_id = 0 "
    "UNION ALL SELECT rm.role_principal_id FROM sys.database_role_members rm "
    "JOIN principals p ON rm.member_principal_id = p.principal_id) "
    "SELECT DISTINCT dp.permission_name, dp.class_desc, "
    "CASE dp.class WHEN 1 THEN OBJECT_SCHEMA_NAME(dp.major_id) + '.' + OBJECT_NAME(dp.major_id) "
    "WHEN 3 THEN SCHEMA_NAME(dp.major_id) ELSE DB_NAME() END AS securable, g.name AS grantee "
    "FROM sys.database_permissions dp "
    "JOIN sys.database_principals g ON g.principal_id = dp.grantee_principal_id "
    "WHERE dp.state IN ('G', 'W') AND dp.grantee_principal_id IN (SELECT principal_id FROM "
    // System objects have negative ids: public's grants on them come with every database.
    "principals) AND NOT (dp.class = 1 AND dp.major_id < 0) "
    "ORDER BY dp.permission_name, securable, grantee";

Result<std::vector<std::string>> write_findings(const nlohmann::json& sets) {
  const auto rows = [&](std::size_t i) -> const nlohmann::json& { return sets[i]["rows"]; };
  if (!sets.is_array() || sets.size() != 4) {
    return invalid_argument(fmt::format("login check: expected 4 result sets, got {}",
                                        sets.is_array() ? sets.size() : 0));
  }
  for (std::size_t i = 0; i < 4; ++i) {
    if (!sets[i].contains("rows") || !rows(i).is_array()) {
      return invalid_argument("login check: a result set without rows");
    }
  }
  std::vector<std::string> found;
  if (rows(0).size() != 1 || rows(0)[0].size() != 6) {
    return invalid_argument("login check: the role query did not return one row of 6 columns");
  }
  const nlohmann::json& roles = rows(0)[0];
  if (is_one(roles[0])) found.push_back("server role sysadmin");
  if (is_one(roles[1])) found.push_back("server permission CONTROL SERVER");
  if (is_one(roles[2])) found.push_back("database role db_owner");
  if (upper(cell_text(roles[5])) == "DBO") found.push_back("owns the database (user dbo)");
  if (is_one(roles[3])) found.push_back("database role db_datawriter");
  if (is_one(roles[4])) found.push_back("database role db_ddladmin");
  for (const nlohmann::json& row : rows(1)) {
    const std::string permission = upper(cell_text(row[0]));
    if (writes(permission)) found.push_back("database permission " + permission);
  }
  for (const nlohmann::json& row : rows(2)) {
    if (row.size() != 1 + kSchemaPermissions.size()) {
      return invalid_argument("login check: the schema query returned a row of the wrong width");
    }
    for (std::size_t k = 0; k < kSchemaPermissions.size(); ++k) {
      if (is_one(row[k + 1])) {
        found.push_back(fmt::format("schema {}: {}", cell_text(row[0]), kSchemaPermissions[k]));
      }
    }
  }
  for (const nlohmann::json& row : rows(3)) {
    if (row.size() != 4) return invalid_argument("login check: a grant row of the wrong width");
    const std::string permission = upper(cell_text(row[0]));
    if (!writes(permission)) continue;
    found.push_back(fmt::format("grant {} on {} {} to {}", permission, cell_text(row[1]),
                                cell_text(row[2]), cell_text(row[3])));
  }
  return found;
}

Result<std::vector<std::string>> check_login_privileges(Pool& pool, std::int64_t timeout_ms) {
  ResultCollector collector({10'000, 4'000'000});
  QueryOptions options;
  options.timeout_ms = timeout_ms;
  const Status status = pool.execute(kLoginPrivilegesQuery, options, collector);
  if (!status.is_ok()) {
    std::string detail = status.message();
    for (const ServerMessage& e : collector.errors())
      detail += fmt::format(" ({}: {})", e.number, e.text);
    return Status(status.code(), "login check failed: " + detail);
  }
  return write_findings(collector.result_sets());
}

}  // namespace gw::db
