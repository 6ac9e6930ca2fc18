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

#include "config/config.h"
#include "http/route_table.h"
#include "mcp/scope_endpoint.h"
#include "mcp/transport_common.h"

namespace gw::mcp {

// Who is calling. Fills caller.client_id/user, or writes the refusal (401 with its
// WWW-Authenticate challenge, 403) into request.response and returns false. calls_tool: the
// body holds a tools/call (development.allow_unauthenticated_tools_call governs those).
using Authenticate =
    std::function<bool(http::ScopeRequest& request, bool calls_tool, HttpCaller& caller)>;

struct RouteOptions {
  // The MCP state of a scope (scope::Scope owns it). Required.
  std::function<ScopeEndpointPtr(const scope::Scope&)> endpoint_of;
  // Empty: requests carry no identity and the scope's development switches alone decide
  // (refused with 401 unless they allow it).
  Authenticate authenticate;
  // http::HttpServer::stopping: held-open streams end within StreamTiming::stop_poll.
  std::function<bool()> stopping;
};

void register_routes(http::RouteTable& routes, RouteOptions options);

// The endpoint options of a scope from its configuration.
EndpointOptions endpoint_options(const config::ScopeConfig& scope,
                                 const config::ServerConfig& server);

// Whether the scope's development switches let a request through without a token. Pure.
bool development_admits(const config::DevelopmentConfig& development, bool calls_tool);

// Whether a POST body (one message or a batch) holds a tools/call request. Pure; false for
// unparsable bodies (the transport answers those with -32700).
bool body_calls_tool(std::string_view body, const ParseLimits& limits);

}  // namespace gw::mcp
