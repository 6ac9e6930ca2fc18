#pragma once
// The Streamable HTTP transport (2025-03-26 .. 2025-11-25 basic/transports § Streamable HTTP) at
// /{scope}/mcp (and POST /{scope}/sse, where clients configured with an /sse URL try it first).

#include <httplib.h>

#include "mcp/jsonrpc.h"
#include "mcp/scope_endpoint.h"
#include "mcp/session_policy.h"
#include "mcp/transport_common.h"

namespace gw::mcp {

// What the session policy needs to know of a parsed body. Pure.
SessionFacts facts_of(const ParsedBody& body, bool session_header_present, const Session* session,
                      const std::string& header_version);

// Whether a POST is answered as an SSE stream: one tools/call carrying _meta.progressToken, from a
// client whose Accept names text/event-stream. Everything else is plain JSON.
bool wants_event_stream(const ParsedBody& body, const std::string& accept);

// POST: JSON-RPC in; JSON, an SSE stream (progress), or 202 for notifications and responses.
// `parsed`: request.body parsed once by the caller (routes.cpp reads it for the authorization
// check too); the other overload parses it itself.
void serve_post(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
                httplib::Response& response, const HttpCaller& caller, ParseOutcome parsed);
void serve_post(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
                httplib::Response& response, const HttpCaller& caller);
// GET: with Accept text/event-stream, a held-open stream of keep-alives; else a small JSON page.
void serve_get(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
               httplib::Response& response, const HttpCaller& caller);
// DELETE: ends the session named by Mcp-Session-Id.
void serve_delete(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
                  httplib::Response& response, const HttpCaller& caller);
// HEAD: 200 text/event-stream headers, no body (probes seen from Claude).
void serve_head(httplib::Response& response);

}  // namespace gw::mcp
