// Two replicas' running-request tables joined by the relay over a real redis-server: a
// notifications/cancelled that lands on B reaches the call running on A.

#include "mcp/cancel_relay.h"

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "mcp/session_store.h"
#include "redis/client.h"
#include "redis/test_server.h"

namespace gw::mcp {
namespace {

bool eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 200; ++i) {  // bounded: 4 s
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

}  // namespace

TEST_CASE("cancel relay: a cancellation for a call running on another replica reaches it") {
  redis::TestServer* server = redis::TestServer::shared();
  if (server == nullptr) {
    MESSAGE("skipped: " << redis::TestServer::skip_reason());
    return;
  }
  const std::string channel = "relay-" + new_session_id().substr(0, 8) + ":cancel";
  InFlightRequests a, b;
  CancelRelay relay_a(std::make_shared<redis::Client>(server->address()), channel, a);
  CancelRelay relay_b(std::make_shared<redis::Client>(server->address()), channel, b);
  REQUIRE(eventually([&] { return relay_a.subscribed() && relay_b.subscribed(); }));
  auto running = std::make_shared<CancellationToken>();
  auto other = std::make_shared<CancellationToken>();
  auto registration = a.add("session:s1", 7, running);
  auto unrelated = a.add("session:s2", 7, other);
  // Lands on B, which does not run it: relayed, and A cancels its own call of that owner and id.
  CHECK_FALSE(b.cancel("session:s1", 7));
  CHECK(eventually([&] { return running->is_cancelled(); }));
  CHECK_FALSE(other->is_cancelled());
  // An id of another type, or a finished call, changes nothing anywhere.
  CHECK_FALSE(b.cancel("session:s2", "7"));
  CHECK_FALSE(b.cancel("session:gone", 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK_FALSE(other->is_cancelled());
}

}  // namespace gw::mcp
