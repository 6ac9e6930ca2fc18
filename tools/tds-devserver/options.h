#pragma once
// Command line of tds-devserver (parsed by a pure function, tested in options_test.cpp).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "security_model.h"
#include "util/status.h"

namespace gw::tdsdev {

// One database the server serves: its name as clients see it and its SQLite file.
struct ServedDatabase {
  std::string name;
  std::string path;
};

struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 14330;
  // --db FILE --database NAME, repeatable in pairs (the i-th --database names the i-th --db); the
  // first is the default database of a login that asks for none. db_path and database repeat the
  // first pair.
  std::vector<ServedDatabase> databases;
  std::string db_path;
  std::string database = "DemoDB";
  std::vector<std::pair<std::string, std::string>> logins;  // user, password
  std::vector<LoginRole> login_roles;                       // one per login (security_model.h)
  bool demo = false;
  int64_t big_rows = 0;
  int64_t generate_catalog = 0;  // --generate-catalog N: N generated tables in the first database
  int latency_ms = 0;
  std::string port_file;
  bool help = false;
};

// The served database of that name (ASCII case ignored), or null.
const ServedDatabase* find_database(const Options& options, const std::string& name);

Result<Options> parse_options(const std::vector<std::string>& args);
const char* usage_text();

}  // namespace gw::tdsdev
