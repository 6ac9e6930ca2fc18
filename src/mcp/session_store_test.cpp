#include "mcp/session_store.h"

#include <doctest/doctest.h>

#include <set>

namespace gw::mcp {
namespace {

TEST_CASE("session ids are 32 visible ASCII characters and never repeat") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = new_session_id();
    REQUIRE(id.size() == 32);
    for (char c : id) CHECK((c >= 0x21 && c <= 0x7e));
    seen.insert(id);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("a session is found by its owner only, and 404s after it ends") {
  ManualClock clock;
  SessionStore store(clock, SessionLimits{});
  auto created = store.create("2025-06-18", "client-a", false);
  REQUIRE(created.is_ok());
  const std::string id = (*created)->id();
  CHECK((*created)->protocol_version() == "2025-06-18");
  CHECK(store.find(id, "client-a") == *created);
  CHECK(store.find(id, "client-b") == nullptr);
  CHECK(store.find("no-such-id", "client-a") == nullptr);
  CHECK_FALSE(store.end(id, "client-b"));
  CHECK_FALSE((*created)->ended());
  CHECK(store.end(id, "client-a"));
  CHECK((*created)->ended());
  CHECK(store.find(id, "client-a") == nullptr);
  CHECK_FALSE(store.end(id, "client-a"));
}

TEST_CASE("idle sessions expire; requests and open streams keep them alive") {
  ManualClock clock;
  SessionStore store(clock, SessionLimits{.max_sessions = 10, .idle_timeout_s = 100});
  const auto busy = *store.create("2025-11-25", "", false);
  const auto idle = *store.create("2025-11-25", "", false);
  const auto streaming = *store.create("2024-11-05", "", true);
  streaming->open_stream();
  clock.advance_seconds(60);
  CHECK(store.find(busy->id(), "") != nullptr);  // touched at t+60
  clock.advance_seconds(60);                     // t+120
  CHECK(store.find(busy->id(), "") != nullptr);
  CHECK(store.find(idle->id(), "") == nullptr);
  CHECK(idle->ended());
  CHECK(store.find(streaming->id(), "") != nullptr);
  streaming->close_stream();
  clock.advance_seconds(101);
  CHECK(store.sweep() == 2);
  CHECK(store.size() == 0);
}

TEST_CASE("a full store evicts the least recently seen session without a stream") {
  ManualClock clock;
  SessionStore store(clock, SessionLimits{.max_sessions = 3, .idle_timeout_s = 1000});
  const auto oldest_streaming = *store.create("2024-11-05", "", true);
  oldest_streaming->open_stream();
  clock.advance_seconds(1);
  const auto older = *store.create("2025-11-25", "", false);
  clock.advance_seconds(1);
  const auto newer = *store.create("2025-11-25", "", false);
  clock.advance_seconds(1);
  REQUIRE(store.create("2025-11-25", "", false).is_ok());
  CHECK(store.size() == 3);
  CHECK(store.find(oldest_streaming->id(), "") != nullptr);
  CHECK(store.find(older->id(), "") == nullptr);
  CHECK(older->ended());
  CHECK(store.find(newer->id(), "") != nullptr);
  CHECK_FALSE(newer->ended());
}

TEST_CASE("a store full of streams refuses new sessions") {
  ManualClock clock;
  SessionStore store(clock, SessionLimits{.max_sessions = 1, .idle_timeout_s = 1000});
  (*store.create("2024-11-05", "", true))->open_stream();
  const auto refused = store.create("2025-11-25", "", false);
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.status().to_string() == "ResourceExhausted: too many open MCP sessions");
}

}  // namespace
}  // namespace gw::mcp
