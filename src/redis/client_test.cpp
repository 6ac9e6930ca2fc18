#include "redis/client.h"

#include <doctest/doctest.h>

#include "redis/test_server.h"

namespace gw::redis {
namespace {

#define REQUIRE_REDIS(server)                          \
  TestServer* server = TestServer::shared();           \
  if (server == nullptr) {                             \
    MESSAGE("skipped: " << TestServer::skip_reason()); \
    return;                                            \
  }

config::StateStore unreachable_address() {
  // Port 1 on loopback: nothing listens there in a test environment, connect is refused at once.
  auto a = config::parse_state_store("redis://gw:hunter2@127.0.0.1:1/0");
  return a.value();
}

}  // namespace

TEST_CASE("redis client: commands round-trip; error replies are Internal with Redis's text") {
  REQUIRE_REDIS(server);
  Client client(server->address());
  REQUIRE(client.ping().is_ok());
  REQUIRE(client.command({"SET", "client-test:k", std::string("a\0b", 3)}).is_ok());
  auto got = client.command({"GET", "client-test:k"});
  REQUIRE(got.is_ok());
  CHECK(got->type == Reply::Type::kString);
  CHECK(got->text == std::string("a\0b", 3));
  CHECK(client.command({"GET", "client-test:absent"})->is_nil());
  auto wrong = client.command({"HGET", "client-test:k", "f"});
  REQUIRE_FALSE(wrong.is_ok());
  CHECK(wrong.status().code() == StatusCode::kInternal);
  CHECK(wrong.status().message().find("WRONGTYPE") != std::string::npos);
  CHECK(client.healthy());
}

TEST_CASE("redis client: an unreachable server is Unavailable, named without the password") {
  ClientOptions options;
  options.connect_timeout_ms = 500;
  Client client(unreachable_address(), options);
  auto r = client.command({"PING"});
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message().rfind("state store redis://gw@127.0.0.1:1/0 is unreachable: ", 0) ==
        0);
  CHECK(r.status().message().find("hunter2") == std::string::npos);
  CHECK_FALSE(client.healthy());
  // Within the back-off the next call fails at once with the same reason.
  CHECK(client.command({"PING"}).status().message() == r.status().message());
}

TEST_CASE("redis client: AUTH with user and password; a wrong password is refused clearly") {
  REQUIRE_REDIS(server);
  Client admin(server->address());
  REQUIRE(admin.command({"ACL", "SETUSER", "gwtest", "on", ">right-pw", "~*", "+@all"}).is_ok());
  config::StateStore good = server->address();
  good.user = "gwtest";
  good.password = Secret("right-pw");
  Client authed(good);
  CHECK(authed.ping().is_ok());
  config::StateStore bad = good;
  bad.password = Secret("wrong-pw");
  Client refused(bad);
  Status s = refused.ping();
  CHECK(s.code() == StatusCode::kUnavailable);
  CHECK(s.message().find("AUTH refused: WRONGPASS") != std::string::npos);
  CHECK(s.message().find("wrong-pw") == std::string::npos);
  REQUIRE(admin.command({"ACL", "DELUSER", "gwtest"}).is_ok());
}

TEST_CASE("redis client: SELECT puts the connection on the configured database") {
  REQUIRE_REDIS(server);
  config::StateStore db3 = server->address();
  db3.database = 3;
  Client on3(db3);
  Client on0(server->address());
  REQUIRE(on3.command({"SET", "client-test:db", "three"}).is_ok());
  CHECK(on0.command({"GET", "client-test:db"})->is_nil());
  CHECK(on3.command({"GET", "client-test:db"})->text == "three");
}

TEST_CASE("redis client: pooled connections survive a Redis restart without a new client") {
  REQUIRE_REDIS(server);
  ClientOptions options;
  options.retry_after_failure_ms = 0;
  Client client(server->address(), options);
  REQUIRE(client.ping().is_ok());
  {
    auto outage = server->outage();
    CHECK(client.command({"PING"}).status().code() == StatusCode::kUnavailable);
    CHECK_FALSE(client.healthy());
  }
  CHECK(client.ping().is_ok());
  CHECK(client.healthy());
}

TEST_CASE("redis client: a subscription receives what another connection publishes") {
  REQUIRE_REDIS(server);
  Client client(server->address());
  auto sub = client.subscribe({"client-test:chan"});
  REQUIRE(sub.is_ok());
  CHECK((*sub)->next(50).status().code() == StatusCode::kDeadlineExceeded);
  REQUIRE(client.command({"PUBLISH", "client-test:chan", "one"}).is_ok());
  REQUIRE(client.command({"PUBLISH", "client-test:chan", "two"}).is_ok());
  auto first = (*sub)->next(2000);
  REQUIRE(first.is_ok());
  CHECK(first->channel == "client-test:chan");
  CHECK(first->payload == "one");
  CHECK((*sub)->next(2000)->payload == "two");
}

}  // namespace gw::redis
