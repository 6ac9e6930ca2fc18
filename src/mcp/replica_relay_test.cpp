// Two replicas joined by their relays over a real redis-server: a notifications/cancelled that
// lands on B reaches the call running on A; a legacy POST that lands on B reaches the stream A
// holds, in order.

#include "mcp/replica_relay.h"

#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

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

// The stream's record lapses by itself (a replica killed with its streams open).
bool server_ttl_ok(redis::Client& client, const std::string& key) {
  auto ttl = client.command({"TTL", key});
  return ttl && ttl->integer > 0 && ttl->integer <= ReplicaRelay::kStreamRecordTtlS;
}

}  // namespace

TEST_CASE("cancel relay: a cancellation for a call running on another replica reaches it") {
  redis::TestServer* server = redis::TestServer::shared();
  if (server == nullptr) {
    MESSAGE("skipped: " << redis::TestServer::skip_reason());
    return;
  }
  const std::string prefix = "relay-" + new_session_id().substr(0, 8) + ":";
  InFlightRequests a, b;
  ReplicaRelay relay_a(std::make_shared<redis::Client>(server->address()), prefix, a);
  ReplicaRelay relay_b(std::make_shared<redis::Client>(server->address()), prefix, b);
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

TEST_CASE("replica relay: legacy POSTs reach the replica holding the stream, in order") {
  redis::TestServer* server = redis::TestServer::shared();
  if (server == nullptr) {
    MESSAGE("skipped: " << redis::TestServer::skip_reason());
    return;
  }
  const std::string prefix = "relay-" + new_session_id().substr(0, 8) + ":";
  auto client = std::make_shared<redis::Client>(server->address());
  InFlightRequests a, b, c;
  ReplicaRelay relay_a(client, prefix, a);
  ReplicaRelay relay_b(client, prefix, b);
  ReplicaRelay relay_c(client, prefix, c);
  std::mutex mu;
  std::vector<std::string> on_a, elsewhere;
  relay_a.set_post_handler([&](RelayedPost post) {
    std::lock_guard lock(mu);
    on_a.push_back(post.session_id + " " + post.client_id + "/" + post.user + " " + post.body);
  });
  relay_c.set_post_handler([&](RelayedPost post) {
    std::lock_guard lock(mu);
    elsewhere.push_back(post.body);
  });
  REQUIRE(eventually([&] { return relay_a.subscribed() && relay_c.subscribed(); }));
  // Nobody holds s1 yet: unknown to B.
  CHECK(relay_b.stream_owner("s1").status().code() == StatusCode::kNotFound);
  relay_a.stream_opened("s1", "client:alice");
  CHECK(*relay_b.stream_owner("s1") == "client:alice");
  CHECK(server_ttl_ok(*client, prefix + "sse:s1"));
  for (int i = 0; i < 50; ++i) {
    REQUIRE(relay_b.relay_post({"s1", "c1", "alice", "r", std::to_string(i)}).is_ok());
  }
  REQUIRE(eventually([&] {
    std::lock_guard lock(mu);
    return on_a.size() == 50;
  }));
  std::lock_guard lock(mu);
  for (int i = 0; i < 50; ++i) CHECK(on_a[i] == "s1 c1/alice " + std::to_string(i));
  CHECK(elsewhere.empty());  // C holds no stream of s1
  relay_a.stream_closed("s1");
  CHECK(relay_b.stream_owner("s1").status().code() == StatusCode::kNotFound);
}

}  // namespace gw::mcp
