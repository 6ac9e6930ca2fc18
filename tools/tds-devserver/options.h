#pragma once
// Command line of tds-devserver (parsed by a pure function, tested in options_test.cpp).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "security_model.h"
#include "util/status.h"

namespace gw::tdsdev {

struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 14330;
  std::string db_path;
  std::string database = "DemoDB";
  std::vector<std::pair<std::string, std::string>> logins;  // user, password
  std::vector<LoginRole> login_roles;                       // one per login (security_model.h)
  bool demo = false;
  int64_t big_rows = 0;
  int latency_ms = 0;
  std::string port_file;
  bool help = false;
};

Result<Options> parse_options(const std::vector<std::string>& args);
const char* usage_text();

}  // namespace gw::tdsdev
