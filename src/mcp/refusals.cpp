#include "mcp/refusals.h"

#include "metrics/registry.h"

namespace gw::mcp {

void count_limit_refusal(const std::string& scope, const std::string& reason) {
  metrics::registry()
      .counter("mcp_gateway_limit_refusals_total",
               "MCP requests refused because a limit was reached, by scope and reason.",
               {{"scope", scope}, {"reason", reason}})
      .inc();
}

}  // namespace gw::mcp
