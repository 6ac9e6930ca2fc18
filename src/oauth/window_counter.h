#pragma once
// A limit of events per key (a user name, a client address) over a fixed time window: the basis of
// the sign-in throttles and of the authorization and registration rate limits. The counts live in
// the scope's Store (Store::increment_counter), so replicas that share a store share the limits.
// Thread-safe as the store is.
//
// A store that fails counts as "under the limit" (fail open): every step a limit guards writes the
// same store next (a pending sign-in, a code, a client) and fails there, with a 503.

#include <cstdint>
#include <string>

#include "oauth/store.h"
#include "util/clock.h"

namespace gw::oauth {

// Seconds until a counter at `count` is under `limit` again (RFC 9110 §10.2.3 Retry-After): 0 when
// it is now, else until its window resets (at least 1).
std::int64_t retry_after_s(const WindowCount& count, int limit, std::int64_t now);

class WindowCounter {
 public:
  // `limit` events per `window_s` seconds; `name` namespaces the keys in the store.
  WindowCounter(Store& store, const Clock& clock, std::string name, int limit,
                std::int64_t window_s);

  // True when `key` has reached the limit in the current window.
  bool exceeded(const std::string& key);
  void record(const std::string& key);
  // Records and reports whether the event was within the limit (rate limiting in one step).
  bool try_acquire(const std::string& key);
  void reset(const std::string& key);
  // Seconds until `key` is under the limit again; 0 when it is now.
  std::int64_t retry_after_s(const std::string& key);

  int limit() const { return limit_; }

 private:
  std::string store_key(const std::string& key) const { return name_ + ":" + key; }

  Store& store_;
  const Clock& clock_;
  const std::string name_;
  const int limit_;
  const std::int64_t window_s_;
};

}  // namespace gw::oauth
