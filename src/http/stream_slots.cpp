#include "http/stream_slots.h"

#include <algorithm>

namespace gw::http {
namespace {

std::size_t count_of(const std::map<std::string, std::size_t>& counts, const std::string& key) {
  const auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

void decrement(std::map<std::string, std::size_t>& counts, const std::string& key) {
  const auto it = counts.find(key);
  if (it == counts.end()) return;
  if (--it->second == 0) counts.erase(it);
}

}  // namespace

std::size_t stream_total_cap(std::size_t max_connections, std::size_t reserved_connections) {
  return max_connections - std::min(reserved_connections, max_connections / 2);
}

const char* refusal_reason(StreamRefusal refusal) {
  switch (refusal) {
    case StreamRefusal::kPerToken: return "streams_per_token";
    case StreamRefusal::kPerAddress: return "streams_per_address";
    case StreamRefusal::kServer: return "streams_server";
    case StreamRefusal::kNone: break;
  }
  return "";
}

StreamSlots::Lease::Lease(std::shared_ptr<StreamSlots> slots, std::string token,
                          std::string address)
    : slots_(std::move(slots)), token_(std::move(token)), address_(std::move(address)) {}

StreamSlots::Lease::~Lease() { slots_->release(token_, address_); }

StreamRefusal StreamSlots::try_open(const std::string& token, const std::string& address,
                                    const StreamCaps& caps, std::shared_ptr<Lease>* lease) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // The narrowest cap first: it names the limit the caller itself can do something about.
    if (!token.empty() && count_of(by_token_, token) >= static_cast<std::size_t>(caps.per_token)) {
      return StreamRefusal::kPerToken;
    }
    if (count_of(by_address_, address) >= static_cast<std::size_t>(caps.per_address)) {
      return StreamRefusal::kPerAddress;
    }
    if (open_ >= caps.total) return StreamRefusal::kServer;
    if (!token.empty()) ++by_token_[token];
    ++by_address_[address];
    ++open_;
  }
  *lease = std::make_shared<Lease>(shared_from_this(), token, address);
  return StreamRefusal::kNone;
}

void StreamSlots::release(const std::string& token, const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!token.empty()) decrement(by_token_, token);
  decrement(by_address_, address);
  --open_;
}

std::size_t StreamSlots::open() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return open_;
}

std::size_t StreamSlots::open_for_token(const std::string& token) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return count_of(by_token_, token);
}

std::size_t StreamSlots::open_for_address(const std::string& address) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return count_of(by_address_, address);
}

}  // namespace gw::http
