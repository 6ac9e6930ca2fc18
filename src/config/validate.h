#pragma once
// Checks that span keys (paths unique across scopes, default_scope names a scope, URL and CIDR
// formats) and fills the defaults derived from other keys (scope path, public_base_url, audit_log).

#include <map>
#include <set>
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

// unresolved_keys: keys whose value named an environment variable unset where `check` runs; their
// formats are not judged (serve refuses to start without the variable anyway).
std::vector<Problem> validate(Config& config, const KeyLines& lines,
                              const std::set<std::string>& unresolved_keys = {});

// "host:port" -> parts; false when malformed. Accepts [v6]:port.
bool split_listen_address(const std::string& listen, std::string* host, int* port);

}  // namespace gw::config
