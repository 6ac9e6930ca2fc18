#include "mcp/in_flight.h"

namespace gw::mcp {

InFlightRequests::Registration& InFlightRequests::Registration::operator=(
    Registration&& other) noexcept {
  if (this != &other) {
    if (table_ != nullptr) table_->remove(key_, token_);
    table_ = std::exchange(other.table_, nullptr);
    key_ = std::move(other.key_);
    token_ = std::move(other.token_);
  }
  return *this;
}

InFlightRequests::Registration::~Registration() {
  if (table_ != nullptr) table_->remove(key_, token_);
}

std::string InFlightRequests::key_of(const std::string& owner, const nlohmann::json& request_id) {
  // dump() keeps 1 and "1" apart: they are different JSON-RPC ids.
  return owner + '\n' + request_id.dump();
}

InFlightRequests::Registration InFlightRequests::add(const std::string& owner,
                                                     const nlohmann::json& request_id,
                                                     CancellationTokenPtr token) {
  std::string key = key_of(owner, request_id);
  {
    std::lock_guard lock(mutex_);
    running_[key] = token;
  }
  return Registration(this, std::move(key), std::move(token));
}

bool InFlightRequests::cancel_here(const std::string& owner, const nlohmann::json& request_id) {
  if (!request_id.is_string() && !request_id.is_number_integer()) return false;
  std::lock_guard lock(mutex_);
  const auto it = running_.find(key_of(owner, request_id));
  if (it == running_.end()) return false;
  it->second->cancel();
  return true;
}

bool InFlightRequests::cancel(const std::string& owner, const nlohmann::json& request_id) {
  if (cancel_here(owner, request_id)) return true;
  if (!request_id.is_string() && !request_id.is_number_integer()) return false;
  Relay relay;
  {
    std::lock_guard lock(mutex_);
    relay = relay_;
  }
  if (relay) relay(owner, request_id);
  return false;
}

void InFlightRequests::set_relay(Relay relay) {
  std::lock_guard lock(mutex_);
  relay_ = std::move(relay);
}

std::size_t InFlightRequests::cancel_all(const std::string& owner) {
  const std::string prefix = owner + '\n';
  std::lock_guard lock(mutex_);
  std::size_t count = 0;
  for (auto it = running_.lower_bound(prefix);
       it != running_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    it->second->cancel();
    ++count;
  }
  return count;
}

void InFlightRequests::remove(const std::string& key, const CancellationTokenPtr& token) {
  std::lock_guard lock(mutex_);
  const auto it = running_.find(key);
  // A reused id may have replaced this entry; remove only our own.
  if (it != running_.end() && it->second == token) running_.erase(it);
}

std::size_t InFlightRequests::size() const {
  std::lock_guard lock(mutex_);
  return running_.size();
}

}  // namespace gw::mcp
