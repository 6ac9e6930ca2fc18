#pragma once
// What the gateway says about itself in an InitializeResult (basic/lifecycle § Initialization).

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gw::mcp {

// What the MCP layer needs to know of its scope.
struct ServerOptions {
  std::string scope_name;         // "demo"
  std::string scope_description;  // from tenants.yaml; may be empty
  bool read_only = true;
  std::size_t tools_page_size = 100;
  // limits.max_result_bytes: also the budget of one HTTP request's results as a whole (a batch).
  // 0: no request budget.
  std::int64_t max_result_bytes = 0;
};

// The InitializeResult for a negotiated version.
nlohmann::json initialize_result(const ServerOptions& options, std::string_view version);

// The DiscoverResult of 2026-07-28 (server/discover): supportedVersions (2026-07-28 first, then
// the initialize era), capabilities and instructions. The dispatcher adds resultType, the caching
// hints and _meta serverInfo, as on every 2026-07-28 result.
nlohmann::json discover_result(const ServerOptions& options);

// The Implementation (serverInfo) as a revision's schema has it.
nlohmann::json server_implementation(const ServerOptions& options, std::string_view version);

// How long a client may cache tools/list and server/discover (2026-07-28 caching § ttlMs): the
// tools change only on a configuration reload, which subscriptions/listen announces.
inline constexpr int kListTtlMs = 300'000;

// Tells the model the dialect (T-SQL) and the scope's mode, so it writes TOP and not LIMIT, and
// does not attempt writes a read-only scope refuses.
std::string server_instructions(const ServerOptions& options);

}  // namespace gw::mcp
