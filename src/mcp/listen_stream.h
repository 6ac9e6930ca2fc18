#pragma once
// 2026-07-28 subscriptions/listen over Streamable HTTP: the POST's response is an SSE stream that
// opens with notifications/subscriptions/acknowledged and then carries the notifications the
// client opted in to, each tagged with the subscription id (the listen request's id). It
// replaces the GET stream for 2026-07-28 clients; older clients keep GET.

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "mcp/jsonrpc.h"
#include "mcp/scope_endpoint.h"
#include "mcp/transport_common.h"

namespace gw::mcp {

// The notification types of a SubscriptionFilter this gateway honours: toolsListChanged only
// (it has no prompts or resources). Pure.
nlohmann::json honoured_filter(const nlohmann::json& requested);

// REQUIRES: request is a validated 2026-07-28 subscriptions/listen request. Answers -32602 when
// params.notifications is not an object.
void serve_listen(const ScopeEndpointPtr& endpoint, const Message& request,
                  httplib::Response& response, const HttpCaller& caller);

}  // namespace gw::mcp
