#include "mcp/scope_endpoint.h"

namespace gw::mcp {

ScopeEndpoint::ScopeEndpoint(EndpointOptions options, ToolList tools, const Clock& clock)
    : options_(std::move(options)),
      dispatcher_(options_.server, std::move(tools), in_flight_),
      sessions_(clock, options_.sessions) {}

void ScopeEndpoint::add_stream(const std::string& session_id,
                               std::shared_ptr<EventChannel> channel) {
  std::lock_guard lock(mutex_);
  streams_[session_id] = std::move(channel);
}

std::shared_ptr<EventChannel> ScopeEndpoint::stream(const std::string& session_id) const {
  std::lock_guard lock(mutex_);
  const auto it = streams_.find(session_id);
  return it == streams_.end() ? nullptr : it->second;
}

void ScopeEndpoint::remove_stream(const std::string& session_id) {
  std::lock_guard lock(mutex_);
  streams_.erase(session_id);
}

std::size_t ScopeEndpoint::open_streams() const {
  std::lock_guard lock(mutex_);
  return streams_.size();
}

}  // namespace gw::mcp
