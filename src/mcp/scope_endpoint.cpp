#include "mcp/scope_endpoint.h"

#include <fmt/format.h>

#include "mcp/modern_request.h"
#include "mcp/sse.h"
#include "metrics/registry.h"

namespace gw::mcp {

SessionState::SessionState(std::string scope_name, const Clock& clock, SessionLimits limits,
                           std::shared_ptr<SharedSessions> shared,
                           std::shared_ptr<redis::Client> relay_client,
                           const std::string& relay_prefix)
    : metrics_owner(fmt::format("mcp:{}:{}", scope_name, static_cast<const void*>(this))),
      sessions(clock, limits, std::move(shared)) {
  if (relay_client) {
    relay = std::make_unique<ReplicaRelay>(std::move(relay_client), relay_prefix, in_flight);
    relay->set_post_handler([this](RelayedPost post) {
      std::function<void(RelayedPost)> relayed;
      {
        std::lock_guard lock(mutex);
        const auto it = streams.find(post.session_id);
        if (it != streams.end()) relayed = it->second.relayed;
      }
      if (relayed) relayed(std::move(post));
    });
  }
  metrics::registry().add_collector(
      "mcp_gateway_mcp_sessions", "Open MCP sessions (Streamable HTTP and legacy SSE) by scope.",
      metrics_owner, [this, scope_name] {
        return std::vector<metrics::Sample>{
            {{{"scope", scope_name}}, static_cast<double>(sessions.size())}};
      });
  metrics::registry().add_collector(
      "mcp_gateway_sse_streams",
      "Open SSE streams by scope and transport (legacy: GET /sse; streamable: GET /mcp).",
      metrics_owner, [this, scope_name] {
        std::lock_guard lock(mutex);
        return std::vector<metrics::Sample>{
            {{{"scope", scope_name}, {"transport", "legacy"}}, static_cast<double>(streams.size())},
            {{{"scope", scope_name}, {"transport", "streamable"}},
             static_cast<double>(listening_streams.load())}};
      });
}

SessionState::~SessionState() { metrics::registry().remove_collectors(metrics_owner); }

ScopeEndpoint::ScopeEndpoint(EndpointOptions options, ToolList tools, const Clock& clock,
                             std::shared_ptr<const void> tools_owner,
                             const ScopeEndpoint* predecessor)
    : options_(std::move(options)),
      tools_owner_(std::move(tools_owner)),
      state_(predecessor != nullptr
                 ? predecessor->state_
                 : std::make_shared<SessionState>(options_.server.scope_name, clock,
                                                  options_.sessions, options_.shared_sessions,
                                                  options_.relay_client, options_.relay_prefix)),
      dispatcher_(options_.server, std::move(tools), state_->in_flight),
      tools_digest_(dispatcher_.tools_digest()) {
  std::lock_guard lock(state_->mutex);
  if (state_->tools_digest.empty()) state_->tools_digest = tools_digest_;
}

void ScopeEndpoint::announce_tool_list() {
  std::lock_guard lock(state_->mutex);
  if (state_->tools_digest == tools_digest_) return;
  state_->tools_digest = tools_digest_;
  // 2026-07-28 subscriptions/listen: every notification on the stream carries its subscription id.
  for (auto& [key, listener] : state_->tool_listeners) {
    const nlohmann::json note =
        make_notification("notifications/tools/list_changed",
                          {{"_meta", {{kMetaSubscriptionId, listener.subscription_id}}}});
    listener.channel->push(sse_event("message", to_wire(note)));
  }
}

std::uint64_t ScopeEndpoint::add_tool_listener(ToolListListener listener) {
  std::lock_guard lock(state_->mutex);
  const std::uint64_t key = ++state_->next_listener;
  if (state_->retired.is_set()) listener.channel->close();
  state_->tool_listeners.emplace(key, std::move(listener));
  return key;
}

void ScopeEndpoint::remove_tool_listener(std::uint64_t key) {
  std::lock_guard lock(state_->mutex);
  state_->tool_listeners.erase(key);
}

void ScopeEndpoint::add_stream(const std::string& session_id, const std::string& owner,
                               LegacyStream stream) {
  {
    std::lock_guard lock(state_->mutex);
    state_->streams[session_id] = std::move(stream);
  }
  if (state_->relay) state_->relay->stream_opened(session_id, owner);
}

std::shared_ptr<EventChannel> ScopeEndpoint::stream(const std::string& session_id) const {
  std::lock_guard lock(state_->mutex);
  const auto it = state_->streams.find(session_id);
  return it == state_->streams.end() ? nullptr : it->second.channel;
}

void ScopeEndpoint::remove_stream(const std::string& session_id) {
  {
    std::lock_guard lock(state_->mutex);
    state_->streams.erase(session_id);
  }
  if (state_->relay) state_->relay->stream_closed(session_id);
}

void ScopeEndpoint::retire() {
  state_->retired.set();
  std::lock_guard lock(state_->mutex);
  for (auto& [id, stream] : state_->streams) stream.channel->close();
  for (auto& [key, listener] : state_->tool_listeners) listener.channel->close();
}

std::size_t ScopeEndpoint::open_streams() const {
  std::lock_guard lock(state_->mutex);
  return state_->streams.size();
}

}  // namespace gw::mcp
