#include "oauth/memory_state.h"

#include <doctest/doctest.h>

namespace gw::oauth {
namespace {

PendingSignIn pending(const std::string& id, const std::string& address, std::int64_t expires) {
  return {id, address, "hash-" + id, expires, nlohmann::json::object()};
}

}  // namespace

TEST_CASE("memory state: a counter counts within its window, then starts again") {
  MemoryState m;
  CHECK(m.read_counter("k", 100).count == 0);
  WindowCount first = m.increment_counter("k", 100, 60);
  CHECK(first.count == 1);
  CHECK(first.resets_at == 160);
  CHECK(m.increment_counter("k", 159, 60).count == 2);  // the window does not slide
  CHECK(m.read_counter("k", 159).count == 2);
  CHECK(m.read_counter("k", 159).resets_at == 160);
  CHECK(m.read_counter("k", 160).count == 0);  // ended
  WindowCount again = m.increment_counter("k", 160, 60);
  CHECK(again.count == 1);
  CHECK(again.resets_at == 220);
  m.reset_counter("k");
  CHECK(m.read_counter("k", 161).count == 0);
  m.reset_counter("absent");
}

TEST_CASE("memory state: a full counter table evicts the counter opened first") {
  MemoryState m(3);
  // Names in reverse alphabetical order: eviction must follow age, not the key's order.
  m.increment_counter("c", 100, 600);
  m.increment_counter("b", 101, 600);
  m.increment_counter("a", 102, 600);
  m.increment_counter("c", 103, 600);  // an existing key takes no new slot
  m.increment_counter("z", 104, 600);
  CHECK(m.read_counter("c", 105).count == 0);
  CHECK(m.read_counter("b", 105).count == 1);
  CHECK(m.read_counter("a", 105).count == 1);
  CHECK(m.read_counter("z", 105).count == 1);
}

TEST_CASE("memory state: pending sign-ins are found, taken once, and expire") {
  MemoryState m;
  m.put_pending_sign_in(pending("p1", "1.1.1.1", 200), 100, 10, 100);
  REQUIRE(m.find_pending_sign_in("p1", 150));
  CHECK(m.find_pending_sign_in("p1", 150)->csrf_hash == "hash-p1");
  CHECK(m.find_pending_sign_in("p1", 150));  // finding leaves it in place
  CHECK(m.count_pending_sign_ins("1.1.1.1", 150) == 1);
  auto taken = m.take_pending_sign_in("p1", 150);
  REQUIRE(taken);
  CHECK(taken->address == "1.1.1.1");
  CHECK(m.take_pending_sign_in("p1", 150).status().code() == StatusCode::kNotFound);
  m.put_pending_sign_in(pending("p2", "1.1.1.1", 200), 100, 10, 100);
  CHECK_FALSE(m.find_pending_sign_in("p2", 200));
  CHECK(m.take_pending_sign_in("p2", 200).status().code() == StatusCode::kNotFound);
  CHECK(m.count_pending_sign_ins("", 200) == 0);
}

TEST_CASE("memory state: one address pushes out only its own pending sign-ins") {
  MemoryState m;
  m.put_pending_sign_in(pending("victim", "10.0.0.9", 1000), 100, 3, 100);
  for (int i = 0; i < 50; ++i) {
    m.put_pending_sign_in(pending("flood" + std::to_string(i), "6.6.6.6", 1000 + i), 100, 3, 100);
  }
  CHECK(m.count_pending_sign_ins("6.6.6.6", 100) == 3);
  CHECK(m.find_pending_sign_in("victim", 100));
  CHECK(m.find_pending_sign_in("flood49", 100));  // the newest stay
  CHECK_FALSE(m.find_pending_sign_in("flood46", 100));
}

TEST_CASE("memory state: a full scope evicts from the address holding the most") {
  MemoryState m;
  m.put_pending_sign_in(pending("victim", "10.0.0.9", 500), 100, 10, 6);
  for (int a = 0; a < 5; ++a) {
    for (int i = 0; i < 10; ++i) {
      std::string address = "6.6.6." + std::to_string(a);
      m.put_pending_sign_in(pending(address + "/" + std::to_string(i), address, 1000 + i), 100, 10,
                            6);
    }
  }
  CHECK(m.count_pending_sign_ins("", 100) == 6);
  CHECK(m.find_pending_sign_in("victim", 100));  // the oldest of all, but its address holds one
  for (int a = 0; a < 5; ++a) {
    CHECK(m.count_pending_sign_ins("6.6.6." + std::to_string(a), 100) == 1);
  }
}

}  // namespace gw::oauth
