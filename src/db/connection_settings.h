#pragma once
// Login settings of one scope's database, as the FreeTDS connector needs them.
// Built from config::DatabaseConfig (see from_config in freetds_connection.h once config lands on main).

#include <string>

namespace gw::db {

enum class Encryption { kOff, kRequest, kRequire };

struct ConnectionSettings {
  std::string host = "127.0.0.1";
  int port = 1433;
  std::string database;
  std::string user;
  std::string password;  // never logged, never in an error message
  std::string tds_version = "7.4";
  Encryption encryption = Encryption::kOff;
  bool trust_server_certificate = false;
  int login_timeout_s = 10;
  std::string application_name = "mssql-mcp-gateway";
};

}  // namespace gw::db
