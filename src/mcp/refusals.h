#pragma once
// mcp_gateway_limit_refusals_total{scope, reason}: every request the MCP layer refuses because a
// limit was reached, by reason (README, Limits):
//   streams_per_token, streams_per_address, streams_server   an SSE stream over its cap (429)
//   batch_too_large                                          a batch of more than 16 messages
//   batch_result_budget                                      a batch call past the result budget

#include <string>

namespace gw::mcp {

void count_limit_refusal(const std::string& scope, const std::string& reason);

}  // namespace gw::mcp
