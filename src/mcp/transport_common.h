#pragma once
// What both HTTP transports share: who is calling, JSON-RPC answers over HTTP, SSE stream pumping.

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "http/stream_slots.h"
#include "mcp/dispatcher.h"
#include "mcp/event_channel.h"
#include "mcp/jsonrpc.h"
#include "mcp/scope_endpoint.h"
#include "util/stop_flag.h"

namespace gw::mcp {

// What the HTTP edge knows about the request beyond httplib's view.
struct HttpCaller {
  std::string client_id;      // from the verified bearer token; "" in development mode
  std::string user;           // likewise
  std::string request_id;     // for logs
  std::string public_prefix;  // the scope's path as the client sees it, e.g. "/demo"
  util::StopFlag stopping;    // set once the server shuts down
  // For the caps on held-open streams (http/stream_slots.h): where the request comes from, the
  // listener's stream count (null: uncapped, as in transport tests) and the caps in force.
  std::string client_address;
  http::StreamSlots* streams = nullptr;
  http::StreamCaps stream_caps;
};

using StreamSlot = std::shared_ptr<http::StreamSlots::Lease>;

// Sessions are bound to the identity the token carries (security best practices: bind
// session ids to the user).
std::string session_owner(const HttpCaller& caller);

// The dispatcher's view of a request: version, session and caller identity.
RequestContext request_context(std::string protocol_version, SessionPtr session,
                               const HttpCaller& caller);

// Batching exists only in 2025-03-26 (removed by 2025-06-18 changelog item 1).
std::string batch_refusal(const std::string& protocol_version);

// A large result (is_large_answer) goes out with chunked transfer, written in pieces from the
// message itself (write_wire), never held whole as a second string.
void send_message(httplib::Response& response, int status, nlohmann::json message);
// A JSON-RPC error as an HTTP answer; a null id is omitted.
void send_rpc_error(httplib::Response& response, int status, const nlohmann::json& id, int code,
                    const std::string& message);
// A slot for one more held-open stream of the caller (per token, per address, server-wide). On
// refusal: false, the answer written (429, or 503 when the server-wide cap is reached, both with
// Retry-After; a JSON-RPC error with `id`) and counted. The stream holds *slot until it ends.
bool open_stream_slot(const ScopeEndpoint& endpoint, const HttpCaller& caller,
                      const nlohmann::json& id, httplib::Response& response, StreamSlot* slot);

// The answer to a body parse_body refused as a whole: 413 past the size limit, else 400 (a batch
// past ParseLimits::max_batch is counted as a limit refusal).
void refuse_unparsed(const ScopeEndpoint& endpoint, const ParseOutcome& parsed,
                     httplib::Response& response);
// Content-Type, Cache-Control: no-cache and X-Accel-Buffering: no (NGINX must not buffer).
void set_stream_headers(httplib::Response& response);

// Writes frames from channel (null: keep-alives only) to sink until the channel closes, the
// lifetime ends, one of the flags in `ends` is set (the server stops, the scope is retired, the
// session ends), a write fails or the client leaves (http::ClientWatch). Blocks on the channel and
// is woken by what ends it, so an idle stream costs no CPU between keep-alives; never spins.
void pump_stream(httplib::DataSink& sink, EventChannel* channel, std::chrono::milliseconds lifetime,
                 const StreamTiming& timing, std::initializer_list<util::StopFlag> ends);

}  // namespace gw::mcp
