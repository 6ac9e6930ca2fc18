#include "mcp/in_flight.h"

#include <doctest/doctest.h>

namespace gw::mcp {
namespace {

using nlohmann::json;

TEST_CASE("cancel reaches a running request of the same owner and id only") {
  InFlightRequests table;
  auto token = std::make_shared<CancellationToken>();
  {
    auto registration = table.add("session-1", json(7), token);
    CHECK(table.size() == 1);
    CHECK_FALSE(table.cancel("session-2", json(7)));
    CHECK_FALSE(table.cancel("session-1", json("7")));
    CHECK_FALSE(table.cancel("session-1", json(nullptr)));
    CHECK_FALSE(token->is_cancelled());
    CHECK(table.cancel("session-1", json(7)));
    CHECK(token->is_cancelled());
  }
  CHECK(table.size() == 0);
  CHECK_FALSE(table.cancel("session-1", json(7)));  // finished: ignored
}

TEST_CASE("a registration moved away does not unregister twice, nor a newer entry") {
  InFlightRequests table;
  auto first = std::make_shared<CancellationToken>();
  auto second = std::make_shared<CancellationToken>();
  InFlightRequests::Registration outer;
  {
    auto r1 = table.add("s", json("a"), first);
    outer = std::move(r1);
  }
  CHECK(table.size() == 1);
  {
    auto r2 = table.add("s", json("a"), second);  // the client reused the id
    outer = InFlightRequests::Registration();     // the first finishes: must not remove the second
    CHECK(table.size() == 1);
    CHECK(table.cancel("s", json("a")));
    CHECK(second->is_cancelled());
    CHECK_FALSE(first->is_cancelled());
  }
  CHECK(table.size() == 0);
}

TEST_CASE("cancel_all reaches every running request of one session, and no other") {
  InFlightRequests table;
  auto a = std::make_shared<CancellationToken>();
  auto b = std::make_shared<CancellationToken>();
  auto other = std::make_shared<CancellationToken>();
  auto longer_id = std::make_shared<CancellationToken>();
  auto r1 = table.add(InFlightRequests::session_owner("s1"), json(1), a);
  auto r2 = table.add(InFlightRequests::session_owner("s1"), json("x"), b);
  auto r3 = table.add(InFlightRequests::session_owner("s2"), json(1), other);
  auto r4 = table.add(InFlightRequests::session_owner("s10"), json(1), longer_id);
  CHECK(table.cancel_all(InFlightRequests::session_owner("s1")) == 2);
  CHECK(a->is_cancelled());
  CHECK(b->is_cancelled());
  CHECK_FALSE(other->is_cancelled());
  CHECK_FALSE(longer_id->is_cancelled());
  CHECK(table.cancel_all(InFlightRequests::session_owner("s3")) == 0);
}

}  // namespace
}  // namespace gw::mcp
