#pragma once
// Counts events per key (a user name, a client address) over a sliding time window: the basis of
// the sign-in lockout and of the registration rate limit. Thread-safe; the memory it holds is
// bounded.

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "util/clock.h"

namespace gw::oauth {

class WindowCounter {
 public:
  // `limit` events per `window_s` seconds; `max_keys` bounds memory (oldest keys go first).
  WindowCounter(const Clock& clock, int limit, std::int64_t window_s, std::size_t max_keys = 10000);

  // True when `key` has reached the limit in the current window.
  bool exceeded(const std::string& key);
  void record(const std::string& key);
  // Records and reports whether the event was within the limit (rate limiting in one step).
  bool try_acquire(const std::string& key);
  void reset(const std::string& key);
  // Seconds until `key` is under the limit again (RFC 9110 §10.2.3 Retry-After); 0 when it is now.
  std::int64_t retry_after_s(const std::string& key);

 private:
  void prune_locked(std::deque<std::int64_t>& events, std::int64_t now) const;

  const Clock& clock_;
  const int limit_;
  const std::int64_t window_s_;
  const std::size_t max_keys_;
  std::mutex mu_;
  std::map<std::string, std::deque<std::int64_t>> events_;
};

}  // namespace gw::oauth
