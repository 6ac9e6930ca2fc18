#pragma once
// Checks that span keys (paths unique across scopes, default_scope names a scope, URL and CIDR formats)
// and fills the defaults derived from other keys (scope path, public_base_url, audit_log).

#include <map>
#include <string>
#include <vector>

#include "config/config.h"

namespace gw::config {

// Dotted key -> the 1-based line it was written on, recorded by the loader for messages.
using KeyLines = std::map<std::string, int>;

struct Problem {
  int line;
  std::string key;
  std::string message;
};

std::vector<Problem> validate(Config& config, const KeyLines& lines);

// "host:port" -> parts; false when malformed. Accepts [v6]:port.
bool split_listen_address(const std::string& listen, std::string* host, int* port);

}  // namespace gw::config
