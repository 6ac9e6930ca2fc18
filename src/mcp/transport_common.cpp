#include "mcp/transport_common.h"

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

void send_message(httplib::Response& response, int status, const json& message) {
  response.status = status;
  response.set_content(to_wire(message), "application/json");
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
                 const StreamTiming& timing, const std::function<bool()>& stopping) {
  using Clock = std::chrono::steady_clock;
  const auto end = Clock::now() + lifetime;
  auto next_keepalive = Clock::now() + timing.keepalive;
  EventChannel idle;  // waited on when there is no channel: only keep-alives and the stop flag
  EventChannel& source = channel != nullptr ? *channel : idle;
  const std::string keepalive = sse_comment("keepalive");
  for (;;) {
    if (stopping && stopping()) return;
    const auto now = Clock::now();
    if (now >= end) return;
    if (now >= next_keepalive) {
      if (!sink.write(keepalive.data(), keepalive.size())) return;
      next_keepalive = now + timing.keepalive;
    }
    const auto wait = std::min({next_keepalive - now, end - now,
                                std::chrono::duration_cast<Clock::duration>(timing.stop_poll)});
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

}  // namespace gw::mcp
