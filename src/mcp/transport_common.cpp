#include "mcp/transport_common.h"

#include <memory>

#include <fmt/format.h>

#include "http/client_watch.h"
#include "http/connection_threads.h"
#include "mcp/refusals.h"
#include "mcp/sse.h"

namespace gw::mcp {

using nlohmann::json;

std::string session_owner(const HttpCaller& caller) {
  return caller.client_id + '\n' + caller.user;
}

RequestContext request_context(std::string protocol_version, SessionPtr session,
                               const HttpCaller& caller) {
  RequestContext context;
  context.protocol_version = std::move(protocol_version);
  context.session = std::move(session);
  context.client_id = caller.client_id;
  context.user = caller.user;
  context.request_id = caller.request_id;
  return context;
}

std::string batch_refusal(const std::string& protocol_version) {
  return "Invalid Request: JSON-RPC batches are accepted only in protocol version 2025-03-26, "
         "not " +
         protocol_version;
}

void send_message(httplib::Response& response, int status, json message) {
  response.status = status;
  if (is_large_answer(message)) {
    auto held = std::make_shared<const json>(std::move(message));
    response.set_chunked_content_provider(
        "application/json", [held](size_t, httplib::DataSink& sink) {
          const bool sent = write_wire(*held, [&sink](std::string_view piece) {
            return sink.write(piece.data(), piece.size());
          });
          if (sent) sink.done();
          return sent;  // false: the client is gone, the connection is closed
        });
    return;
  }
  // What set_content does, with the body moved in: cpp-httplib 0.11 copies from a const string&,
  // which for a large result is one more copy of megabytes.
  response.body = to_wire(message);
  const auto previous = response.headers.equal_range("Content-Type");
  response.headers.erase(previous.first, previous.second);
  response.set_header("Content-Type", "application/json");
}

void send_rpc_error(httplib::Response& response, int status, const json& id, int code,
                    const std::string& message) {
  send_message(response, status, make_error(id, RpcError{code, message, nullptr}));
}

void set_stream_headers(httplib::Response& response) {
  response.set_header("Cache-Control", "no-cache");
  response.set_header("X-Accel-Buffering", "no");
}

void pump_stream(httplib::DataSink& sink, EventChannel* channel, std::chrono::milliseconds lifetime,
                 const StreamTiming& timing, std::initializer_list<util::StopFlag> ends) {
  using Clock = std::chrono::steady_clock;
  const auto end = Clock::now() + lifetime;
  auto next_keepalive = Clock::now() + timing.keepalive;
  EventChannel idle;  // waited on when there is no channel: only keep-alives and what ends it
  EventChannel& source = channel != nullptr ? *channel : idle;
  // A client that leaves ends the stream at once, not at the next keep-alive write: its stream
  // slot (open_stream_slot) is free again. No-op where the stream's owner already watches.
  const http::ClientWatch watch([&source] { source.close(); });
  std::vector<util::StopFlag::Watch> end_watches;
  end_watches.reserve(ends.size());
  for (const util::StopFlag& flag : ends) {
    end_watches.push_back(flag.watch([&source] { source.close(); }));
  }
  const std::string keepalive = sse_comment("keepalive");
  http::release_unused_stack();  // an idle stream keeps only the stack it waits on
  for (;;) {
    const auto now = Clock::now();
    if (now >= end) return;
    if (now >= next_keepalive) {
      if (!sink.write(keepalive.data(), keepalive.size())) return;
      next_keepalive = now + timing.keepalive;
    }
    const auto wait = std::min(next_keepalive - now, end - now);
    std::string frame;
    switch (source.pop(
        std::chrono::duration_cast<std::chrono::milliseconds>(wait) + std::chrono::milliseconds(1),
        &frame)) {
      case EventChannel::Wait::kClosed: return;
      case EventChannel::Wait::kFrame:
        if (!sink.write(frame.data(), frame.size())) return;
        next_keepalive = Clock::now() + timing.keepalive;
        break;
      case EventChannel::Wait::kTimeout: break;
    }
  }
}

bool open_stream_slot(const ScopeEndpoint& endpoint, const HttpCaller& caller,
                      const nlohmann::json& id, httplib::Response& response, StreamSlot* slot) {
  if (caller.streams == nullptr) return true;
  // Tokens are bound to their scope (RFC 8707 audience), so the scope is part of the token's key.
  const bool identified = !caller.client_id.empty() || !caller.user.empty();
  const std::string token =
      identified ? endpoint.options().server.scope_name + '\n' + session_owner(caller) : "";
  const http::StreamRefusal refusal =
      caller.streams->try_open(token, caller.client_address, caller.stream_caps, slot);
  if (refusal == http::StreamRefusal::kNone) return true;
  count_limit_refusal(endpoint.options().server.scope_name, http::refusal_reason(refusal));
  // A stream frees its slot when its client closes it; streams end on their own within minutes
  // (StreamTiming), so half a minute is a fair guess.
  response.set_header("Retry-After", "30");
  switch (refusal) {
    case http::StreamRefusal::kPerToken:
      send_rpc_error(response, 429, id, kInvalidRequest,
                     fmt::format("Too many open streams for this token: at most {} "
                                 "(server.limits.max_streams_per_token); close one or retry later",
                                 caller.stream_caps.per_token));
      break;
    case http::StreamRefusal::kPerAddress:
      send_rpc_error(response, 429, id, kInvalidRequest,
                     fmt::format("Too many open streams from this address: at most {} "
                                 "(server.limits.max_streams_per_address); close one or retry "
                                 "later",
                                 caller.stream_caps.per_address));
      break;
    default:
      send_rpc_error(response, 503, id, kInternalError,
                     "Server busy: every connection not reserved for requests holds a stream; "
                     "retry later");
  }
  return false;
}

void refuse_unparsed(const ScopeEndpoint& endpoint, const ParseOutcome& parsed,
                     httplib::Response& response) {
  if (parsed.too_many_messages) {
    count_limit_refusal(endpoint.options().server.scope_name, "batch_too_large");
  }
  send_rpc_error(response, parsed.too_large ? 413 : 400, nullptr, parsed.error->code,
                 parsed.error->message);
}

}  // namespace gw::mcp
