#pragma once
// How the MCP transports join the gateway's central router (src/http). Paths are inside a scope:
//   POST|GET|DELETE|HEAD /mcp    Streamable HTTP
//   POST|GET|DELETE|HEAD /sse    POST/DELETE: Streamable HTTP (clients configured with an /sse URL
//                                try it first); GET: the legacy HTTP+SSE stream (2024-11-05)
//   POST                 /messages?session_id=   the legacy transport's POST endpoint

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "http/route_table.h"
#include "mcp/scope_endpoint.h"
#include "mcp/transport_common.h"

namespace gw::mcp {

// One tools/call request of a POST body, as the authorization check needs it. It points into the
// parsed body, which must outlive it.
struct ToolCallRequest {
  std::string name;
  const nlohmann::json* arguments_in_body = nullptr;
  // An object, or null when absent.
  const nlohmann::json& arguments() const;
};

// Who is calling. Fills caller.client_id/user, or writes the refusal (401 with its
// WWW-Authenticate challenge, 403) into request.response and returns false. tool_calls: the
// tools/call requests of the body (development.allow_unauthenticated_tools_call governs those;
// the write scope is checked against them).
using Authenticate =
    std::function<bool(http::ScopeRequest& request, const std::vector<ToolCallRequest>& tool_calls,
                       HttpCaller& caller)>;

struct RouteOptions {
  // The MCP state of the scope whose table the routes go on (app::Scope owns it). Null: every MCP
  // path answers 404.
  ScopeEndpointPtr endpoint;
  // Empty: requests carry no identity and the scope's development switches alone decide
  // (refused with 401 unless they allow it).
  Authenticate authenticate;
  // Set once the server shuts down: held-open streams end at once.
  util::StopFlag stopping;
};

// Registers on one scope's route table; the handlers hold options.endpoint.
void register_routes(http::RouteTable& routes, RouteOptions options);

// The endpoint options of a scope from its configuration.
EndpointOptions endpoint_options(const config::ScopeConfig& scope,
                                 const config::ServerConfig& server);

// Whether the scope's development switches let a request through without a token. Pure.
bool development_admits(const config::DevelopmentConfig& development, bool calls_tool);

// The tools/call requests of a parsed POST body (one message or a batch). Pure; none for
// unparsable bodies (the transport answers those with -32700).
std::vector<ToolCallRequest> tool_calls_in_body(const ParseOutcome& parsed);

}  // namespace gw::mcp
