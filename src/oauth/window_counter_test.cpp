#include "oauth/window_counter.h"

#include <doctest/doctest.h>

namespace gw::oauth {

TEST_CASE("window counter: limit per key over a sliding window") {
  ManualClock clock;
  WindowCounter c(clock, 3, 60);
  CHECK(c.try_acquire("a"));
  CHECK(c.try_acquire("a"));
  clock.advance_seconds(30);
  CHECK(c.try_acquire("a"));
  CHECK_FALSE(c.try_acquire("a"));
  CHECK(c.exceeded("a"));
  CHECK_FALSE(c.exceeded("b"));
  CHECK(c.try_acquire("b"));
  clock.advance_seconds(30);  // the first two leave the window
  CHECK_FALSE(c.exceeded("a"));
  CHECK(c.try_acquire("a"));
  c.record("a");
  CHECK(c.exceeded("a"));
  c.reset("a");
  CHECK_FALSE(c.exceeded("a"));
}

TEST_CASE("window counter: retry_after_s is when the oldest event leaves the window") {
  ManualClock clock;
  WindowCounter c(clock, 2, 60);
  CHECK(c.retry_after_s("a") == 0);
  c.record("a");
  CHECK(c.retry_after_s("a") == 0);
  clock.advance_seconds(10);
  c.record("a");
  CHECK(c.retry_after_s("a") == 50);
  clock.advance_seconds(49);
  CHECK(c.retry_after_s("a") == 1);
  CHECK_FALSE(c.try_acquire("a"));
  clock.advance_seconds(1);
  CHECK(c.retry_after_s("a") == 0);
  CHECK(c.try_acquire("a"));
  CHECK(c.retry_after_s("a") == 10);
}

TEST_CASE("window counter: memory is bounded") {
  ManualClock clock;
  WindowCounter c(clock, 1, 60, 2);
  c.record("a");
  c.record("b");
  c.record("c");  // evicts one key
  int exceeded = c.exceeded("a") + c.exceeded("b") + c.exceeded("c");
  CHECK(exceeded == 2);
  CHECK(c.exceeded("c"));
}

}  // namespace gw::oauth
