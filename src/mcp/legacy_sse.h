#pragma once
// The HTTP+SSE transport of 2024-11-05 (basic/transports § HTTP with SSE), still used by clients
// configured with an /sse URL: GET /{scope}/sse opens the stream, whose first event `endpoint`
// names where to POST; answers travel back on the stream as `message` events.

#include <httplib.h>

#include <string>
#include <string_view>

#include "mcp/scope_endpoint.h"
#include "mcp/transport_common.h"

namespace gw::mcp {

// The scope's path as the client sees it. A trusted proxy's X-Forwarded-Prefix wins, then its
// X-Environment-Path; else the request path minus the inner path ("/Demo/sse" - "/sse"); else the
// configured path. Pure.
std::string public_prefix(std::string_view request_path, std::string_view inner_path,
                          std::string_view forwarded_prefix, std::string_view environment_path,
                          std::string_view configured_path);

// "/demo/messages?session_id=<id>": relative, so it resolves against the SSE URL's origin (the
// TS SDK client refuses another origin).
std::string legacy_endpoint(std::string_view prefix, std::string_view session_id);

// GET /sse.
void serve_legacy_stream(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
                         httplib::Response& response, const HttpCaller& caller);
// POST /messages?session_id=...; `parsed` as for serve_post (streamable_http.h).
void serve_legacy_post(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
                       httplib::Response& response, const HttpCaller& caller, ParseOutcome parsed);
void serve_legacy_post(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
                       httplib::Response& response, const HttpCaller& caller);

}  // namespace gw::mcp
