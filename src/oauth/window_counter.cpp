#include "oauth/window_counter.h"

namespace gw::oauth {

WindowCounter::WindowCounter(const Clock& clock, int limit, std::int64_t window_s,
                             std::size_t max_keys)
    : clock_(clock), limit_(limit), window_s_(window_s), max_keys_(max_keys) {}

void WindowCounter::prune_locked(std::deque<std::int64_t>& events, std::int64_t now) const {
  while (!events.empty() && events.front() <= now - window_s_) events.pop_front();
}

bool WindowCounter::exceeded(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = events_.find(key);
  if (it == events_.end()) return false;
  prune_locked(it->second, clock_.now_seconds());
  return static_cast<int>(it->second.size()) >= limit_;
}

void WindowCounter::record(const std::string& key) {
  std::lock_guard lock(mu_);
  std::int64_t now = clock_.now_seconds();
  if (events_.size() >= max_keys_ && events_.count(key) == 0) {
    // Drop keys whose events are all outside the window; if none, the oldest-looking entry.
    for (auto it = events_.begin(); it != events_.end();) {
      prune_locked(it->second, now);
      it = it->second.empty() ? events_.erase(it) : std::next(it);
    }
    if (events_.size() >= max_keys_) events_.erase(events_.begin());
  }
  auto& events = events_[key];
  prune_locked(events, now);
  events.push_back(now);
  if (static_cast<int>(events.size()) > limit_) events.pop_front();
}

bool WindowCounter::try_acquire(const std::string& key) {
  if (exceeded(key)) return false;
  record(key);
  return true;
}

std::int64_t WindowCounter::retry_after_s(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = events_.find(key);
  if (it == events_.end()) return 0;
  const std::int64_t now = clock_.now_seconds();
  prune_locked(it->second, now);
  if (static_cast<int>(it->second.size()) < limit_) return 0;
  // The oldest event leaves the window at front + window_s (prune drops it at that second).
  return it->second.front() + window_s_ - now;
}

void WindowCounter::reset(const std::string& key) {
  std::lock_guard lock(mu_);
  events_.erase(key);
}

}  // namespace gw::oauth
