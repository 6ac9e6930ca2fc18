#include "oauth/window_counter.h"

#include <doctest/doctest.h>

#include "oauth/journal_store.h"

namespace gw::oauth {

TEST_CASE("window counter: a limit per key over a fixed window") {
  ManualClock clock;
  auto store = JournalStore::in_memory();
  WindowCounter c(*store, clock, "test", 3, 60);
  CHECK(c.try_acquire("a"));
  CHECK(c.try_acquire("a"));
  clock.advance_seconds(30);
  CHECK(c.try_acquire("a"));
  CHECK_FALSE(c.try_acquire("a"));
  CHECK(c.exceeded("a"));
  CHECK_FALSE(c.exceeded("b"));
  CHECK(c.try_acquire("b"));
  clock.advance_seconds(29);
  CHECK(c.exceeded("a"));
  clock.advance_seconds(1);  // the window opened by the first event ends
  CHECK_FALSE(c.exceeded("a"));
  CHECK(c.try_acquire("a"));
  c.record("a");
  c.record("a");
  CHECK(c.exceeded("a"));
  c.reset("a");
  CHECK_FALSE(c.exceeded("a"));
}

TEST_CASE("window counter: names keep counters of different uses apart") {
  ManualClock clock;
  auto store = JournalStore::in_memory();
  WindowCounter first(*store, clock, "first", 1, 60);
  WindowCounter second(*store, clock, "second", 1, 60);
  first.record("k");
  CHECK(first.exceeded("k"));
  CHECK_FALSE(second.exceeded("k"));
}

TEST_CASE("window counter: retry_after_s is when the window ends") {
  ManualClock clock;
  auto store = JournalStore::in_memory();
  WindowCounter c(*store, clock, "test", 2, 60);
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
  CHECK(c.retry_after_s("a") == 0);
}

TEST_CASE("retry_after_s: the arithmetic") {
  struct Case {
    WindowCount count;
    int limit;
    std::int64_t now;
    std::int64_t expected;
  };
  const Case cases[] = {
      {{0, 0}, 5, 100, 0},     // no window
      {{4, 160}, 5, 100, 0},   // under the limit
      {{5, 160}, 5, 100, 60},  // at the limit
      {{9, 160}, 5, 100, 60},  // past it (refused attempts counted)
      {{5, 160}, 5, 160, 0},   // the window ended
      {{5, 101}, 5, 100, 1},   // at least a second
      {{5, 160}, 5, 159, 1},
  };
  for (const auto& c : cases) {
    CAPTURE(c.count.count);
    CAPTURE(c.now);
    CHECK(retry_after_s(c.count, c.limit, c.now) == c.expected);
  }
}

}  // namespace gw::oauth
