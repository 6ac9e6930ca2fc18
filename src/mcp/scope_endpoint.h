#pragma once
// The MCP state of one scope: its dispatcher, sessions, running requests and open legacy streams.
// A scope::Scope owns one (held by shared_ptr, so a stream that outlives a config reload keeps
// what it uses alive).

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "mcp/dispatcher.h"
#include "mcp/event_channel.h"
#include "mcp/in_flight.h"
#include "mcp/jsonrpc.h"
#include "mcp/server_info.h"
#include "mcp/session_store.h"
#include "mcp/tool.h"
#include "util/clock.h"

namespace gw::mcp {

struct StreamTiming {
  // An SSE comment this often keeps proxies (NGINX proxy_read_timeout) and clients from
  // timing the stream out.
  std::chrono::milliseconds keepalive{15'000};
  // GET /mcp streams carry nothing but keep-alives (we send no server-initiated messages), so
  // they end after a while and the client reconnects (2025-11-25 transports § Listening).
  std::chrono::milliseconds get_stream_lifetime{10 * 60 * 1000};
  // A legacy HTTP+SSE session lives as long as its stream; bounded all the same.
  std::chrono::milliseconds legacy_stream_lifetime{24 * 3600 * 1000};
  // The longest a stream thread sleeps before it looks at the server's stop flag.
  std::chrono::milliseconds stop_poll{1'000};
};

struct EndpointOptions {
  ServerOptions server;
  SessionLimits sessions;
  ParseLimits parse;
  StreamTiming timing;
};

class ScopeEndpoint {
 public:
  // clock must outlive the endpoint.
  ScopeEndpoint(EndpointOptions options, ToolList tools, const Clock& clock);

  const EndpointOptions& options() const { return options_; }
  Dispatcher& dispatcher() { return dispatcher_; }
  SessionStore& sessions() { return sessions_; }

  // The legacy stream of a session, by session id.
  void add_stream(const std::string& session_id, std::shared_ptr<EventChannel> channel);
  std::shared_ptr<EventChannel> stream(const std::string& session_id) const;
  void remove_stream(const std::string& session_id);
  std::size_t open_streams() const;

 private:
  const EndpointOptions options_;
  InFlightRequests in_flight_;
  Dispatcher dispatcher_;
  SessionStore sessions_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<EventChannel>> streams_;
};

using ScopeEndpointPtr = std::shared_ptr<ScopeEndpoint>;

}  // namespace gw::mcp
