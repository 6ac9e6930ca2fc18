#pragma once
// What the tools of one scope need from its configuration (config::ScopeConfig: read_only, limits,
// database query timeout); tool_settings_from() in scope_tools.h builds it.

#include <cstdint>
#include <string>

namespace gw::tools {

struct ToolSettings {
  std::string scope_name;  // "demo", for messages and the audit log
  bool read_only = true;
  std::int64_t max_rows = 1000;  // rows per call, over all result sets
  std::int64_t max_result_bytes = 1'000'000;
  int sample_default_rows = 10;
  int sample_max_rows = 100;
  std::int64_t query_timeout_ms = 30'000;  // per call; the batch is cancelled on the server past it
};

}  // namespace gw::tools
