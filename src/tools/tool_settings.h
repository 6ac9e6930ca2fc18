#pragma once
// What the tools of one scope need from its configuration (config::ScopeConfig: read_only, limits,
// database query timeout); tool_settings_from() in scope_tools.h builds it.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sql/read_only_classifier.h"

namespace gw::tools {

class LoginCheck;

struct ToolSettings {
  std::string scope_name;  // "demo", for messages and the audit log
  bool read_only = true;
  std::int64_t max_rows = 1000;  // rows per call, over all result sets
  std::int64_t max_result_bytes = 1'000'000;
  int sample_default_rows = 10;
  int sample_max_rows = 100;
  std::int64_t query_timeout_ms = 30'000;  // per call; the batch is cancelled on the server past it
  // database.confine and database.name: a read-only scope's names stay in its database.
  bool confine = false;
  std::string database;
  std::vector<std::string> other_databases;  // database.extra_databases
  // database.impersonate: each call runs as its user's database user (call_session.h).
  bool impersonate = false;
  std::map<std::string, std::string> database_users;  // OAuth user name -> database user
  // A read-only scope's login verdict (null on read-write scopes): the tools refuse to serve while
  // it says so (database.require_read_only_login).
  std::shared_ptr<const LoginCheck> login_check;
};

// The classifier's policy for this scope's queries.
inline sql::ReadOnlyPolicy read_only_policy(const ToolSettings& settings) {
  return {settings.confine, settings.database, settings.other_databases};
}

}  // namespace gw::tools
