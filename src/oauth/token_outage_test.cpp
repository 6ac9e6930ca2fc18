// The token service over a RedisStore whose Redis goes away (a real redis-server, killed and
// started again): tool calls keep working for tokens validated in the last 60 s, everything else
// is Unavailable (503), never "invalid token"; when Redis returns, checks read the store again.

#include <doctest/doctest.h>

#include "oauth/crypto.h"
#include "oauth/redis_store.h"
#include "oauth/token_service.h"
#include "redis/client.h"
#include "redis/test_server.h"

namespace gw::oauth {

TEST_CASE("token service: a Redis outage is 503, bridged for tokens validated in the last 60 s") {
  redis::TestServer* server = redis::TestServer::shared();
  if (server == nullptr) {
    MESSAGE("skipped: " << redis::TestServer::skip_reason());
    return;
  }
  ManualClock clock;
  redis::ClientOptions options;
  options.retry_after_failure_ms = 0;
  RedisStore store(std::make_shared<redis::Client>(server->address(), options),
                   "outage-" + random_token(8) + ":", clock);
  TokenService service(store, clock, scope_urls("https://h", "/demo"), {"mssql.read"}, {});
  auto access = [&](const std::string& token) {
    TokenRecord t;
    t.token_hash = sha256_hex(token);
    t.client_id = "c1";
    t.user = "alice";
    t.resource = "https://h/demo/mcp";
    t.scope = "mssql.read";
    t.family_id = "f-" + token;
    t.issued_at = clock.now_seconds();
    t.expires_at = clock.now_seconds() + 3600;
    return t;
  };
  REQUIRE(store.put_tokens({access("seen"), access("unseen"), access("revoked")}).is_ok());
  REQUIRE(service.validate_access_token("seen").is_ok());
  REQUIRE(service.validate_access_token("revoked").is_ok());
  // While Redis is healthy every check reads the store: a revocation takes effect at once.
  REQUIRE(store.erase_token(sha256_hex("revoked")).is_ok());
  CHECK(service.validate_access_token("revoked").status().code() == StatusCode::kUnauthenticated);

  {
    auto outage = server->outage();
    clock.advance_seconds(30);
    auto bridged = service.validate_access_token("seen");
    REQUIRE(bridged.is_ok());
    CHECK(bridged->user == "alice");
    CHECK(service.validate_access_token("unseen").status().code() == StatusCode::kUnavailable);
    CHECK(service.validate_access_token("revoked").status().code() == StatusCode::kUnavailable);
    CHECK(service.validate_access_token("made-up").status().code() == StatusCode::kUnavailable);
    ClientCredentials refresh{
        {{"grant_type", "refresh_token"}, {"refresh_token", "x"}, {"client_id", "c1"}}, ""};
    CHECK(service.exchange(refresh).status().code() == StatusCode::kUnavailable);
    // The window counts from the last validation against the store, not from the outage.
    clock.advance_seconds(31);
    CHECK(service.validate_access_token("seen").status().code() == StatusCode::kUnavailable);
  }
  // Redis came back empty (the test server keeps nothing): the store's answer rules again.
  CHECK(service.validate_access_token("seen").status().code() == StatusCode::kUnauthenticated);
  REQUIRE(store.put_tokens({access("after")}).is_ok());
  CHECK(service.validate_access_token("after").is_ok());
}

}  // namespace gw::oauth
