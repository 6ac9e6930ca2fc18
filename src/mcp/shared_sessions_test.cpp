// SessionStore of two replicas over one real redis-server (redis/test_server.h): what one creates
// the other honours, for the same owner only; an end on either ends it for both.

#include "mcp/shared_sessions.h"

#include <doctest/doctest.h>

#include "mcp/session_store.h"
#include "redis/client.h"
#include "redis/test_server.h"

namespace gw::mcp {
namespace {

struct Replicas {
  redis::TestServer* server = redis::TestServer::shared();
  ManualClock clock;
  std::string prefix = "sessions-" + new_session_id().substr(0, 8) + ":";
  std::unique_ptr<SessionStore> a, b;

  bool available() {
    if (server == nullptr) {
      MESSAGE("skipped: " << redis::TestServer::skip_reason());
      return false;
    }
    redis::ClientOptions options;
    options.retry_after_failure_ms = 0;
    a = std::make_unique<SessionStore>(
        clock, SessionLimits{},
        redis_sessions(std::make_shared<redis::Client>(server->address(), options), prefix));
    b = std::make_unique<SessionStore>(
        clock, SessionLimits{},
        redis_sessions(std::make_shared<redis::Client>(server->address(), options), prefix));
    return true;
  }
};

}  // namespace

TEST_CASE("shared sessions: an id issued by one replica is honoured by another, owner-bound") {
  Replicas r;
  if (!r.available()) return;
  auto created = r.a->create("2025-11-25", "client-1|alice", /*legacy_sse=*/false);
  REQUIRE(created.is_ok());
  const std::string id = (*created)->id();
  CHECK(r.b->find(id, "client-2|mallory") == nullptr);
  SessionPtr on_b = r.b->find(id, "client-1|alice");
  REQUIRE(on_b != nullptr);
  CHECK(on_b->protocol_version() == "2025-11-25");
  CHECK(on_b->initialized());
  CHECK_FALSE(on_b->legacy_sse());
  CHECK(r.b->find("no-such-id", "client-1|alice") == nullptr);
  // Ended on B (DELETE): A, which created and holds it, no longer knows it.
  CHECK(r.b->end(id, "client-1|alice"));
  CHECK(on_b->ended());
  CHECK(r.a->find(id, "client-1|alice") == nullptr);
  CHECK((*created)->ended());
}

TEST_CASE("shared sessions: an end lands on a replica that never saw the session") {
  Replicas r;
  if (!r.available()) return;
  auto created = r.a->create("2025-11-25", "owner", false);
  REQUIRE(created.is_ok());
  CHECK_FALSE(r.b->end((*created)->id(), "someone-else"));
  CHECK(r.b->end((*created)->id(), "owner"));
  CHECK(r.a->find((*created)->id(), "owner") == nullptr);
}

TEST_CASE("shared sessions: legacy SSE sessions stay on their replica") {
  Replicas r;
  if (!r.available()) return;
  auto legacy = r.a->create("", "owner", /*legacy_sse=*/true);
  REQUIRE(legacy.is_ok());
  CHECK(r.b->find((*legacy)->id(), "owner") == nullptr);
  CHECK(r.a->find((*legacy)->id(), "owner") != nullptr);
}

TEST_CASE("shared sessions: while Redis is away, known sessions carry on; unknown ones are 404") {
  Replicas r;
  if (!r.available()) return;
  auto created = r.a->create("2025-11-25", "owner", false);
  REQUIRE(created.is_ok());
  {
    auto outage = r.server->outage();
    CHECK(r.a->find((*created)->id(), "owner") != nullptr);
    CHECK(r.b->find((*created)->id(), "owner") == nullptr);
    CHECK(r.a->create("2025-11-25", "owner", false).is_ok());  // served here, not shared
  }
}

}  // namespace gw::mcp
