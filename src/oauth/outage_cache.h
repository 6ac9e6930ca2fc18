#pragma once
// What this process validated against the store in the last 60 s (an access token's grant),
// consulted only while the store cannot answer (Redis unreachable): clients already working carry
// on through a short outage. While the store is healthy every check reads it, so a revocation takes
// effect at once; during an outage a token revoked on another replica keeps working here for at
// most the window. Bounded in entries (the oldest go first); thread-safe.

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace gw::oauth {

template <typename Value>
class OutageCache {
 public:
  static constexpr std::int64_t kWindowMs = 60'000;

  explicit OutageCache(std::size_t max_entries = 10'000) : max_entries_(max_entries) {}

  // A successful validation of `key` at `now_ms` (monotonic).
  void remember(const std::string& key, Value value, std::int64_t now_ms) {
    std::lock_guard lock(mu_);
    entries_[key] = {now_ms, std::move(value)};
    order_.emplace_back(key, now_ms);
    while (order_.size() > max_entries_ ||
           (!order_.empty() && stale(order_.front().second, now_ms))) {
      auto it = entries_.find(order_.front().first);
      // Only the newest remember() of a key owns its entry.
      if (it != entries_.end() && it->second.first == order_.front().second) entries_.erase(it);
      order_.pop_front();
    }
  }

  // A validation that failed: the key is not recalled any more (a revocation this process saw).
  void forget(const std::string& key) {
    std::lock_guard lock(mu_);
    entries_.erase(key);
  }

  // The value of a key validated within the window before `now_ms`, else nothing.
  std::optional<Value> recall(const std::string& key, std::int64_t now_ms) const {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || stale(it->second.first, now_ms)) return std::nullopt;
    return it->second.second;
  }

  std::size_t size() const {
    std::lock_guard lock(mu_);
    return entries_.size();
  }

 private:
  static bool stale(std::int64_t at_ms, std::int64_t now_ms) { return now_ms - at_ms > kWindowMs; }

  const std::size_t max_entries_;
  mutable std::mutex mu_;
  std::map<std::string, std::pair<std::int64_t, Value>, std::less<>> entries_;
  std::deque<std::pair<std::string, std::int64_t>> order_;  // oldest first
};

}  // namespace gw::oauth
