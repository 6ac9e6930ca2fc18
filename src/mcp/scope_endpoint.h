#pragma once
// The MCP state of one scope: its dispatcher, sessions, running requests and open legacy streams.
// An app::Scope owns one (held by shared_ptr, so a stream that outlives a config reload keeps
// what it uses alive). When a reload replaces a scope, the new endpoint takes over the old one's
// SessionState: clients keep their Mcp-Session-Id and legacy streams, and a cancellation reaches a
// request that started before the reload.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "mcp/dispatcher.h"
#include "mcp/event_channel.h"
#include "mcp/in_flight.h"
#include "mcp/jsonrpc.h"
#include "mcp/replica_relay.h"
#include "mcp/server_info.h"
#include "mcp/session_store.h"
#include "mcp/tool.h"
#include "util/clock.h"
#include "util/stop_flag.h"

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
};

struct EndpointOptions {
  ServerOptions server;
  SessionLimits sessions;
  // Streamable HTTP sessions shared with other replicas (server.state_store: redis://…); null:
  // this process only.
  std::shared_ptr<SharedSessions> shared_sessions;
  // With Redis: the client and this scope's key prefix ("gw:<scope>:") for what replicas hand
  // each other (replica_relay.h: cancellations, legacy POSTs); null: none.
  std::shared_ptr<redis::Client> relay_client;
  std::string relay_prefix;
  ParseLimits parse;
  StreamTiming timing;
};

// A 2026-07-28 subscriptions/listen stream that asked for notifications/tools/list_changed.
struct ToolListListener {
  std::shared_ptr<EventChannel> channel;
  nlohmann::json subscription_id;  // the listen request's id, tagged on every notification
};

// A legacy HTTP+SSE stream open on this replica: where its answers go, and how a POST that
// another replica received reaches it (replica_relay.h; null without Redis). `relayed` must not
// block: it runs on the relay's thread.
struct LegacyStream {
  std::shared_ptr<EventChannel> channel;
  std::function<void(RelayedPost)> relayed;
};

// What outlives a reload of the scope's settings. Publishes the scope's open sessions and SSE
// streams as gauges (mcp_gateway_mcp_sessions, mcp_gateway_sse_streams{transport}) while it lives.
struct SessionState {
  SessionState(std::string scope_name, const Clock& clock, SessionLimits limits,
               std::shared_ptr<SharedSessions> shared = nullptr,
               std::shared_ptr<redis::Client> relay_client = nullptr,
               const std::string& relay_prefix = "");
  ~SessionState();
  SessionState(const SessionState&) = delete;
  SessionState& operator=(const SessionState&) = delete;

  const std::string metrics_owner;
  InFlightRequests in_flight;
  SessionStore sessions;
  mutable std::mutex mutex;
  std::map<std::string, LegacyStream> streams;               // by session id
  std::atomic<std::int64_t> listening_streams{0};            // GET /mcp (Streamable HTTP) streams
  std::map<std::uint64_t, ToolListListener> tool_listeners;  // guarded by mutex
  std::uint64_t next_listener = 0;                           // guarded by mutex
  std::string tools_digest;  // the tool list last served; guarded by mutex
  util::StopFlag retired = util::StopFlag::create();
  std::unique_ptr<ReplicaRelay> relay;  // last: it refers to in_flight and streams
};

class ScopeEndpoint {
 public:
  // clock must outlive the endpoint. tools_owner: kept alive as long as the endpoint (the tools
  // use the pool it owns; a stream may run a tool after the scope left the configuration).
  // predecessor: the endpoint this one replaces on reload (its sessions carry over), or null.
  ScopeEndpoint(EndpointOptions options, ToolList tools, const Clock& clock,
                std::shared_ptr<const void> tools_owner = nullptr,
                const ScopeEndpoint* predecessor = nullptr);

  const EndpointOptions& options() const { return options_; }
  Dispatcher& dispatcher() { return dispatcher_; }
  SessionStore& sessions() { return state_->sessions; }
  InFlightRequests& in_flight() { return state_->in_flight; }
  // Null without Redis.
  ReplicaRelay* relay() { return state_->relay.get(); }

  // The legacy stream of a session, by session id. With a relay, other replicas learn that this
  // one holds it for `owner` (session_owner()).
  void add_stream(const std::string& session_id, const std::string& owner, LegacyStream stream);
  std::shared_ptr<EventChannel> stream(const std::string& session_id) const;
  void remove_stream(const std::string& session_id);
  std::size_t open_streams() const;
  // A GET /mcp stream opened / ended (counted for /metrics).
  void listening_stream_opened() { ++state_->listening_streams; }
  void listening_stream_closed() { --state_->listening_streams; }

  // subscriptions/listen streams that receive notifications/tools/list_changed when a reload
  // replaces this endpoint with one whose tool list differs. Returns the key to remove it with.
  std::uint64_t add_tool_listener(ToolListListener listener);
  void remove_tool_listener(std::uint64_t key);
  // Sends notifications/tools/list_changed to those streams when this endpoint's tool list differs
  // from the one last served. Called once this endpoint is the one requests reach (not when it is
  // built): a client that lists the tools on the notification must get the new list.
  void announce_tool_list();

  // The scope left the configuration: its streams end (their requests could no longer reach it),
  // while requests already running finish. Streams opened afterwards (none can be routed here) end
  // at once.
  void retire();
  bool retired() const { return state_->retired.is_set(); }
  // Set by retire(): a held-open stream watches it.
  const util::StopFlag& retired_flag() const { return state_->retired; }

 private:
  const EndpointOptions options_;
  std::shared_ptr<const void> tools_owner_;
  std::shared_ptr<SessionState> state_;
  Dispatcher dispatcher_;
  const std::string tools_digest_;  // of dispatcher_'s tool list
};

using ScopeEndpointPtr = std::shared_ptr<ScopeEndpoint>;

}  // namespace gw::mcp
