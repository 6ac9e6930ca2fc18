#include "oauth/outage_cache.h"

#include <doctest/doctest.h>

namespace gw::oauth {

TEST_CASE("outage cache: a validation is recalled for 60 s, not after") {
  OutageCache<std::string> cache;
  cache.remember("t1", "alice", 1'000);
  CHECK(cache.recall("t1", 1'000).value() == "alice");
  CHECK(cache.recall("t1", 61'000).value() == "alice");
  CHECK_FALSE(cache.recall("t1", 61'001).has_value());
  CHECK_FALSE(cache.recall("t2", 1'000).has_value());
  // A later validation restarts the window.
  cache.remember("t1", "alice", 50'000);
  CHECK(cache.recall("t1", 110'000).has_value());
  // A failed validation (revoked) forgets it at once.
  cache.forget("t1");
  CHECK_FALSE(cache.recall("t1", 50'001).has_value());
}

TEST_CASE("outage cache: bounded; the oldest go first; stale entries are dropped as new arrive") {
  OutageCache<int> cache(3);
  for (int i = 0; i < 5; ++i) cache.remember("t" + std::to_string(i), i, 1'000 + i);
  CHECK(cache.size() == 3);
  CHECK_FALSE(cache.recall("t0", 2'000).has_value());
  CHECK_FALSE(cache.recall("t1", 2'000).has_value());
  CHECK(cache.recall("t4", 2'000).value() == 4);
  cache.remember("t9", 9, 200'000);
  CHECK(cache.size() == 1);
}

}  // namespace gw::oauth
