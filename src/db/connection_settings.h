#pragma once
// Login settings of one scope's database, as the FreeTDS connector needs them.
// Built from config::DatabaseConfig by tools::connection_settings_from() (src/tools/scope_tools.h).

#include <string>

#include "util/secret.h"

namespace gw::db {

enum class Encryption { kOff, kRequest, kRequire };

struct ConnectionSettings {
  std::string host = "127.0.0.1";
  int port = 1433;
  std::string database;
  std::string user;
  Secret password;  // never logged, never in an error message, never in freetds.conf
  std::string tds_version = "7.4";
  Encryption encryption = Encryption::kOff;
  bool trust_server_certificate = false;
  int login_timeout_s = 10;
  std::string application_name = "mssql-mcp-gateway";
};

}  // namespace gw::db
