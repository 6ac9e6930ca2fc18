// The devserver's model of what a login may do (see security_model.h).
#include "security_model.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "sqlite_calls.h"

namespace gw::tdsdev {

namespace {

struct Model {
  LoginRole role;
  std::string database;
};

thread_local std::optional<Denial> t_denial;

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

const Model& model_of(sqlite3_context* c) { return *static_cast<Model*>(sqlite3_user_data(c)); }

// The database roles the session's user is a member of, directly or through other roles.
std::vector<std::string> roles_of(LoginRole role) {
  switch (role) {
    case LoginRole::kReader: return {"PUBLIC", "DB_DATAREADER"};
    case LoginRole::kWriter:
      return {"PUBLIC", "APP_WRITERS", "DB_DATAREADER", "DB_DATAWRITER", "DB_DDLADMIN"};
    case LoginRole::kOwner: return {"PUBLIC", "DB_OWNER"};
  }
  return {};
}

bool reader_may(const std::string& permission) {
  return permission == "SELECT" || permission == "CONNECT" || permission == "VIEW DEFINITION" ||
         permission == "REFERENCES";
}

// Effective permission, as HAS_PERMS_BY_NAME evaluates it: a writer has what its roles give
// (and EXECUTE on dbo), not CONTROL, TAKE OWNERSHIP or anything at server level.
bool may(LoginRole role, const std::string& permission) {
  if (role == LoginRole::kOwner) return true;
  if (role == LoginRole::kReader) return reader_may(permission);
  return permission != "CONTROL" && permission != "TAKE OWNERSHIP" &&
         permission != "CONTROL SERVER" && permission != "IMPERSONATE";
}

void fn_is_srvrolemember(sqlite3_context* c, int, sqlite3_value** v) {
  const bool member = model_of(c).role == LoginRole::kOwner && upper(text_of(v[0])) == "SYSADMIN";
  sqlite3_result_int(c, member ? 1 : 0);
}

void fn_is_rolemember(sqlite3_context* c, int, sqlite3_value** v) {
  const auto roles = roles_of(model_of(c).role);
  const std::string role = upper(text_of(v[0]));
  sqlite3_result_int(c, std::find(roles.begin(), roles.end(), role) != roles.end() ? 1 : 0);
}

// HAS_PERMS_BY_NAME(securable, securable_class, permission)
void fn_has_perms_by_name(sqlite3_context* c, int, sqlite3_value** v) {
  sqlite3_result_int(c, may(model_of(c).role, upper(text_of(v[2]))) ? 1 : 0);
}

void fn_user_name(sqlite3_context* c, int, sqlite3_value**) {
  // The owner's login maps to the database user dbo; the others to users of their own name.
  const char* name = model_of(c).role == LoginRole::kOwner ? "dbo" : nullptr;
  if (name) return sqlite3_result_text(c, name, -1, SQLITE_STATIC);
  sqlite3_result_text(c, model_of(c).role == LoginRole::kReader ? "reader" : "writer", -1,
                      SQLITE_STATIC);
}

std::pair<std::string, std::string> schema_and_object(const std::string& sqlite_table) {
  const auto dot = sqlite_table.find('.');
  if (dot == std::string::npos) return {"dbo", sqlite_table};
  return {sqlite_table.substr(0, dot), sqlite_table.substr(dot + 1)};
}

// A reader's writes to the database file are refused before they run.
int authorize(void* data, int action, const char* a1, const char* a2, const char* db, const char*) {
  const Model& m = *static_cast<const Model*>(data);
  const char* dml = action == SQLITE_INSERT   ? "INSERT"
                    : action == SQLITE_UPDATE ? "UPDATE"
                    : action == SQLITE_DELETE ? "DELETE"
                                              : nullptr;
  if (dml) {
    if (db == nullptr || std::string_view(db) != "main" || a1 == nullptr) return SQLITE_OK;
    // DDL writes sqlite_master (and AUTOINCREMENT sqlite_sequence): the DDL action decides.
    if (std::string_view(a1).rfind("sqlite_", 0) == 0) return SQLITE_OK;
    auto [schema, object] = schema_and_object(a1);
    t_denial = Denial{229, fmt::format("The {} permission was denied on the object '{}', database "
                                       "'{}', schema '{}'.",
                                       dml, object, m.database, schema)};
    return SQLITE_DENY;
  }
  const char* ddl = nullptr;
  switch (action) {
    case SQLITE_CREATE_TABLE: ddl = "CREATE TABLE"; break;
    case SQLITE_CREATE_VIEW: ddl = "CREATE VIEW"; break;
    case SQLITE_CREATE_INDEX: ddl = "CREATE INDEX"; break;
    case SQLITE_CREATE_TRIGGER: ddl = "CREATE TRIGGER"; break;
    case SQLITE_DROP_TABLE: ddl = "DROP TABLE"; break;
    case SQLITE_DROP_VIEW: ddl = "DROP VIEW"; break;
    case SQLITE_DROP_INDEX: ddl = "DROP INDEX"; break;
    case SQLITE_DROP_TRIGGER: ddl = "DROP TRIGGER"; break;
    case SQLITE_ALTER_TABLE:
      ddl = "ALTER TABLE";
      db = a1;
      break;  // a1: the database
    default: return SQLITE_OK;
  }
  (void)a2;
  if (db == nullptr || std::string_view(db) != "main") return SQLITE_OK;
  t_denial = Denial{262, fmt::format("{} permission denied in database '{}'.", ddl, m.database)};
  return SQLITE_DENY;
}

// The user's principal id: the owner is dbo (1); a reader or writer user is 5.
std::string catalog_rows(LoginRole role) {
  std::string sql =
      "INSERT INTO temp.\"sys.database_principals\" VALUES "
      "('public', 0, 'R', 'DATABASE_ROLE'), ('dbo', 1, 'S', 'SQL_USER'), "
      "('guest', 2, 'S', 'SQL_USER'), ('db_owner', 16384, 'R', 'DATABASE_ROLE'), "
      "('db_ddladmin', 16387, 'R', 'DATABASE_ROLE'), "
      "('db_datareader', 16390, 'R', 'DATABASE_ROLE'), "
      "('db_datawriter', 16391, 'R', 'DATABASE_ROLE')";
  if (role == LoginRole::kReader) sql += ", ('reader', 5, 'S', 'SQL_USER')";
  if (role == LoginRole::kWriter) {
    sql += ", ('writer', 5, 'S', 'SQL_USER'), ('app_writers', 6, 'R', 'DATABASE_ROLE')";
  }
  sql += ";\nINSERT INTO temp.\"sys.database_role_members\" VALUES (16384, 1)";
  if (role == LoginRole::kReader) sql += ", (16390, 5)";
  if (role == LoginRole::kWriter) sql += ", (6, 5), (16390, 6), (16391, 6), (16387, 6)";
  // class 0 DATABASE, 3 SCHEMA (major_id: schema_id, dbo is 1).
  sql +=
      ";\nINSERT INTO temp.\"sys.database_permissions\" VALUES "
      "(0, 'DATABASE', 0, 0, 0, 1, 'VWCM', 'VIEW ANY COLUMN MASTER KEY DEFINITION', 'G', 'GRANT')";
  if (role != LoginRole::kOwner) {
    sql += ", (0, 'DATABASE', 0, 0, 5, 1, 'CO', 'CONNECT', 'G', 'GRANT')";
  }
  if (role == LoginRole::kReader) {
    sql += ", (3, 'SCHEMA', 1, 0, 5, 1, 'SL', 'SELECT', 'G', 'GRANT')";
  }
  if (role == LoginRole::kWriter) {
    sql += ", (3, 'SCHEMA', 1, 0, 6, 1, 'EX', 'EXECUTE', 'G', 'GRANT')";
  }
  // fn_my_permissions(NULL, 'DATABASE'): the session's effective database permissions.
  std::vector<std::string> permissions = {"CONNECT", "SELECT",
                                          "VIEW ANY COLUMN MASTER KEY DEFINITION"};
  if (role != LoginRole::kReader) {
    for (const char* p : {"INSERT", "UPDATE", "DELETE", "EXECUTE", "ALTER ANY SCHEMA",
                          "CREATE TABLE", "CREATE VIEW", "CREATE PROCEDURE", "CREATE FUNCTION"}) {
      permissions.push_back(p);
    }
  }
  if (role == LoginRole::kOwner) {
    for (const char* p : {"ALTER", "CONTROL", "TAKE OWNERSHIP", "CREATE SCHEMA"}) {
      permissions.push_back(p);
    }
  }
  sql += ";\nINSERT INTO temp.tds_my_permissions VALUES ";
  for (size_t i = 0; i < permissions.size(); ++i) {
    sql += fmt::format("{}('database', '', '{}')", i ? ", " : "", permissions[i]);
  }
  return sql;
}

}  // namespace

std::optional<LoginRole> parse_login_role(std::string_view text) {
  if (text == "reader") return LoginRole::kReader;
  if (text == "writer") return LoginRole::kWriter;
  if (text == "owner") return LoginRole::kOwner;
  return std::nullopt;
}

const char* login_role_name(LoginRole role) {
  switch (role) {
    case LoginRole::kReader: return "reader";
    case LoginRole::kWriter: return "writer";
    case LoginRole::kOwner: return "owner";
  }
  return "writer";
}

std::optional<Denial> take_denial() {
  std::optional<Denial> d = std::move(t_denial);
  t_denial.reset();
  return d;
}

Status install_security_model(sqlite3* db, LoginRole role, const std::string& database) {
  auto* model = new Model{role, database};
  const std::string ddl =
      "CREATE TEMP TABLE \"sys.database_principals\" (name NVARCHAR(128) COLLATE NOCASE, "
      "principal_id INT, type CHAR(1), type_desc NVARCHAR(60));\n"
      "CREATE TEMP TABLE \"sys.database_role_members\" (role_principal_id INT, "
      "member_principal_id INT);\n"
      "CREATE TEMP TABLE \"sys.database_permissions\" (class TINYINT, class_desc NVARCHAR(60), "
      "major_id INT, minor_id INT, grantee_principal_id INT, grantor_principal_id INT, "
      "type CHAR(4), permission_name NVARCHAR(128) COLLATE NOCASE, state CHAR(1), "
      "state_desc NVARCHAR(60));\n"
      "CREATE TEMP TABLE tds_my_permissions (entity_name NVARCHAR(128), "
      "subentity_name NVARCHAR(128), permission_name NVARCHAR(60));\n";
  if (Status s = sqlite_exec(db, ddl + catalog_rows(role)); !s.is_ok()) {
    delete model;
    return s;
  }
  struct Fn {
    const char* name;
    int args;
    void (*fn)(sqlite3_context*, int, sqlite3_value**);
  };
  const Fn fns[] = {{"is_srvrolemember", 1, fn_is_srvrolemember},
                    {"is_rolemember", 1, fn_is_rolemember},
                    {"has_perms_by_name", 3, fn_has_perms_by_name},
                    {"user_name", 0, fn_user_name}};
  for (const auto& f : fns) {
    void (*destroy)(void*) = nullptr;
    if (&f == &fns[0]) destroy = [](void* p) { delete static_cast<Model*>(p); };
    if (sqlite3_create_function_v2(db, f.name, f.args, SQLITE_UTF8, model, f.fn, nullptr, nullptr,
                                   destroy) != SQLITE_OK) {
      return internal_error(std::string("registering ") + f.name + ": " + sqlite3_errmsg(db));
    }
  }
  if (role == LoginRole::kReader) sqlite3_set_authorizer(db, authorize, model);
  return Status::ok();
}

}  // namespace gw::tdsdev
