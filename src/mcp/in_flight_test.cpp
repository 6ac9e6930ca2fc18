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

}  // namespace
}  // namespace gw::mcp
