// One suite of the Store interface, run against every implementation: JournalStore, and
// RedisStore against a real redis-server (started on a free port, no persistence; the Redis cases
// are skipped, saying why, only when redis-server is not installed). A fixture's open(scope)
// returns another handle on the same scope's state, as a second replica would hold: the same
// JournalStore (one writer per file), a RedisStore over its own connection pool.

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "oauth/crypto.h"
#include "oauth/journal_store.h"
#include "oauth/redis_store.h"
#include "oauth/store_test_records.h"
#include "redis/client.h"
#include "redis/test_server.h"
#include "util/clock.h"

namespace gw::oauth {
namespace {

struct JournalFixture {
  std::filesystem::path dir;
  ManualClock clock{100};
  std::map<std::string, std::shared_ptr<Store>> open_stores;

  JournalFixture() {
    char tmpl[] = "/tmp/store-conformance-XXXXXX";
    dir = ::mkdtemp(tmpl);
  }
  ~JournalFixture() {
    open_stores.clear();
    std::filesystem::remove_all(dir);
  }
  bool available() const { return true; }
  std::shared_ptr<Store> open(const std::string& scope = "demo") {
    auto& slot = open_stores[scope];
    if (!slot) slot = JournalStore::open((dir / (scope + ".log")).string(), 100).value();
    return slot;
  }
};

struct RedisFixture {
  ManualClock clock{100};
  redis::TestServer* server = redis::TestServer::shared();
  // Each case under its own key space, as each scope is.
  std::string run = "conformance-" + random_token(8) + ":";

  bool available() const {
    if (server == nullptr) MESSAGE("Redis cases skipped: " << redis::TestServer::skip_reason());
    return server != nullptr;
  }
  std::shared_ptr<Store> open(const std::string& scope = "demo") {
    return std::make_shared<RedisStore>(std::make_shared<redis::Client>(server->address()),
                                        run + redis_key_prefix(scope), clock);
  }
};

ClientRecord client(const std::string& id, std::int64_t created = 100) {
  ClientRecord c;
  c.client_id = id;
  c.secret_hash = sha256_hex("secret-" + id);
  c.auth_method = AuthMethod::kClientSecretPost;
  c.redirect_uris = {"https://claude.ai/api/mcp/auth_callback", "http://127.0.0.1:33418/cb"};
  c.client_name = "Claude";
  c.metadata = {{"grant_types", {"authorization_code", "refresh_token"}}, {"x", 1}};
  c.created_at = created;
  return c;
}

using store_test::token;

CodeRecord code(const std::string& hash, std::int64_t expires = 160) {
  CodeRecord c;
  c.code_hash = hash;
  c.client_id = "c1";
  c.redirect_uri = "https://claude.ai/api/mcp/auth_callback";
  c.redirect_uri_required = false;
  c.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  c.resource = "https://h/demo/mcp";
  c.scope = "mssql.read";
  c.user = "alice";
  c.family_id = "fam-" + hash;
  c.expires_at = expires;
  return c;
}

PendingSignIn pending(const std::string& id, const std::string& address, std::int64_t expires) {
  return {id, address, "hash-" + id, expires, nlohmann::json{{"client_id", "c1"}, {"scope", "r"}}};
}

#define STORE_FIXTURE()             \
  T fixture;                        \
  if (!fixture.available()) return; \
  std::shared_ptr<Store> store = fixture.open()

}  // namespace

TEST_CASE_TEMPLATE("store conformance: clients are stored, replaced, found and erased", T,
                   JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  CHECK(store->find_client("c1").status().code() == StatusCode::kNotFound);
  REQUIRE(store->put_client(client("c1")).is_ok());
  auto found = store->find_client("c1");
  REQUIRE(found.is_ok());
  CHECK(to_json(*found) == to_json(client("c1")));
  ClientRecord used = client("c1");
  used.used = true;
  used.client_name = "Claude (renamed)";
  REQUIRE(store->put_client(used).is_ok());
  CHECK(fixture.open()->find_client("c1")->client_name == "Claude (renamed)");
  CHECK(fixture.open()->find_client("c1")->used);
  REQUIRE(store->erase_client("c1").is_ok());
  CHECK(store->find_client("c1").status().code() == StatusCode::kNotFound);
  CHECK(store->erase_client("never-there").is_ok());
}

TEST_CASE_TEMPLATE("store conformance: a code is consumed once, reporting its state before", T,
                   JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  CHECK(store->consume_code("k").status().code() == StatusCode::kNotFound);
  REQUIRE(store->put_code(code("k")).is_ok());
  auto first = store->consume_code("k");
  REQUIRE(first.is_ok());
  CHECK_FALSE(first->used);
  CHECK(first->client_id == "c1");
  CHECK(first->redirect_uri == "https://claude.ai/api/mcp/auth_callback");
  CHECK_FALSE(first->redirect_uri_required);
  CHECK(first->code_challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  CHECK(first->resource == "https://h/demo/mcp");
  CHECK(first->scope == "mssql.read");
  CHECK(first->user == "alice");
  CHECK(first->family_id == "fam-k");
  CHECK(first->expires_at == 160);
  // Another replica's handle sees the code used: a replay, whichever replica it reaches.
  auto second = fixture.open()->consume_code("k");
  REQUIRE(second.is_ok());
  CHECK(second->used);
  // Put back unused (a token write failed after the consume): redeemable again.
  REQUIRE(store->put_code(*first).is_ok());
  CHECK_FALSE(store->consume_code("k")->used);
}

TEST_CASE_TEMPLATE("store conformance: concurrent redemptions of one code: exactly one first", T,
                   JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  REQUIRE(store->put_code(code("race")).is_ok());
  constexpr int kReplicas = 4;
  std::vector<std::shared_ptr<Store>> handles;
  for (int i = 0; i < kReplicas; ++i) handles.push_back(fixture.open());
  std::atomic<int> firsts{0}, replays{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kReplicas; ++i) {
    threads.emplace_back([&, i] {
      auto r = handles[i]->consume_code("race");
      if (r.is_ok()) (r->used ? replays : firsts)++;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(firsts.load() == 1);
  CHECK(replays.load() == kReplicas - 1);
}

TEST_CASE_TEMPLATE("store conformance: tokens round-trip; erase one; erase a family", T,
                   JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  CHECK(store->find_token("a1").status().code() == StatusCode::kNotFound);
  REQUIRE(store
              ->put_tokens({token("a1", TokenKind::kAccess, "f1"),
                            token("r1", TokenKind::kRefresh, "f1", 20'000),
                            token("a2", TokenKind::kAccess, "f2")})
              .is_ok());
  auto other = fixture.open();
  auto a1 = other->find_token("a1");
  REQUIRE(a1.is_ok());
  CHECK(to_json(*a1) == to_json(token("a1", TokenKind::kAccess, "f1")));
  CHECK(other->find_token("r1")->kind == TokenKind::kRefresh);
  CHECK(other->find_token("r1")->expires_at == 20'000);
  REQUIRE(store->erase_token("a2").is_ok());
  CHECK(other->find_token("a2").status().code() == StatusCode::kNotFound);
  CHECK(store->erase_token("a2").is_ok());
  REQUIRE(other->erase_family("f1").is_ok());
  CHECK(store->find_token("a1").status().code() == StatusCode::kNotFound);
  CHECK(store->find_token("r1").status().code() == StatusCode::kNotFound);
  CHECK(store->erase_family("no-such-family").is_ok());
}

TEST_CASE_TEMPLATE("store conformance: a rotation happens once and stores the successors with it",
                   T, JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  REQUIRE(store
              ->put_tokens(
                  {token("a1", TokenKind::kAccess, "f"), token("r1", TokenKind::kRefresh, "f")})
              .is_ok());
  REQUIRE(store
              ->rotate_refresh_token(
                  "r1", 150,
                  {token("a2", TokenKind::kAccess, "f"), token("r2", TokenKind::kRefresh, "f")})
              .is_ok());
  auto other = fixture.open();
  CHECK(other->find_token("r1")->rotated_at == 150);
  CHECK(other->find_token("r2")->rotated_at == 0);
  CHECK(other->find_token("a2").is_ok());
  CHECK(other->find_token("r1")->successor_key == "key-r1");
  CHECK(other->find_token("a2")->successor_key.empty());
  // A second rotation (a concurrent refresh, another replica) is refused and stores nothing: one
  // token chain per family; the first time stays (the grace is counted from it).
  CHECK(other->rotate_refresh_token("r1", 155, {token("r3", TokenKind::kRefresh, "f")}).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(store->find_token("r1")->rotated_at == 150);
  CHECK(store->find_token("r3").status().code() == StatusCode::kNotFound);
  // Only refresh tokens rotate; a family revoked in between leaves nothing to rotate.
  CHECK(store->rotate_refresh_token("a1", 160, {}).code() == StatusCode::kNotFound);
  CHECK(store->rotate_refresh_token("nope", 160, {}).code() == StatusCode::kNotFound);
  REQUIRE(store->erase_family("f").is_ok());
  CHECK(store->rotate_refresh_token("r2", 170, {token("r4", TokenKind::kRefresh, "f")}).code() ==
        StatusCode::kNotFound);
  CHECK(store->find_token("r4").status().code() == StatusCode::kNotFound);
  CHECK(store->find_token("r3").status().code() == StatusCode::kNotFound);
}

TEST_CASE_TEMPLATE("store conformance: purge drops the dead and unused, keeps the rest", T,
                   JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  ClientRecord used = client("used", 100);
  used.used = true;
  ClientRecord pre = client("pre", 100);
  pre.origin = ClientOrigin::kPreregistered;
  ClientRecord expiring = client("expiring", 1000);
  expiring.secret_expires_at = 550;
  for (const auto& c : {used, pre, client("idle", 100), client("fresh", 1000), expiring}) {
    REQUIRE(store->put_client(c).is_ok());
  }
  REQUIRE(store
              ->put_tokens({token("old", TokenKind::kAccess, "f1", 500),
                            token("live", TokenKind::kRefresh, "f1", 5000)})
              .is_ok());
  REQUIRE(store->put_code(code("k-old", 160)).is_ok());
  REQUIRE(store->put_code(code("k-live", 700)).is_ok());
  // now 600, unused clients live 400 s: idle (100 + 400 <= 600) and expiring (secret) go.
  auto purged = fixture.open()->purge(600, 400);
  REQUIRE(purged.is_ok());
  CHECK(*purged == 4);
  CHECK(store->find_client("used").is_ok());
  CHECK(store->find_client("pre").is_ok());
  CHECK(store->find_client("fresh").is_ok());
  CHECK(store->find_client("idle").status().code() == StatusCode::kNotFound);
  CHECK(store->find_client("expiring").status().code() == StatusCode::kNotFound);
  CHECK(store->find_token("old").status().code() == StatusCode::kNotFound);
  CHECK(store->find_token("live").is_ok());
  CHECK(store->consume_code("k-old").status().code() == StatusCode::kNotFound);
  CHECK(store->consume_code("k-live").is_ok());
  // A client that obtained a token is no longer collected.
  ClientRecord fresh_used = client("fresh", 1000);
  fresh_used.used = true;
  REQUIRE(store->put_client(fresh_used).is_ok());
  CHECK(*store->purge(5000, 400) >= 1);
  CHECK(store->find_client("fresh").is_ok());
}

TEST_CASE_TEMPLATE("store conformance: scopes never see each other's state", T, JournalFixture,
                   RedisFixture) {
  T fixture;
  if (!fixture.available()) return;
  auto demo = fixture.open("demo");
  auto prod = fixture.open("prod");
  REQUIRE(demo->put_client(client("c1")).is_ok());
  REQUIRE(demo->put_tokens({token("a1", TokenKind::kAccess, "f1")}).is_ok());
  REQUIRE(demo->put_code(code("k")).is_ok());
  CHECK(prod->find_client("c1").status().code() == StatusCode::kNotFound);
  CHECK(prod->find_token("a1").status().code() == StatusCode::kNotFound);
  CHECK(prod->consume_code("k").status().code() == StatusCode::kNotFound);
  REQUIRE(prod->erase_family("f1").is_ok());
  CHECK(demo->find_token("a1").is_ok());
}

TEST_CASE_TEMPLATE("store conformance: after a family's revocation no token of it is stored", T,
                   JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  REQUIRE(store->put_tokens({token("r1", TokenKind::kRefresh, "f")}).is_ok());
  // A replay revokes on one replica while the first redemption is still writing on another.
  REQUIRE(fixture.open()->erase_family("f").is_ok());
  CHECK(store->put_tokens({token("a1", TokenKind::kAccess, "f")}).code() == StatusCode::kNotFound);
  CHECK(store->find_token("a1").status().code() == StatusCode::kNotFound);
  REQUIRE(store->put_tokens({token("r2", TokenKind::kRefresh, "g")}).is_ok());
  CHECK(store->rotate_refresh_token("r2", 150, {token("r3", TokenKind::kRefresh, "f")}).code() ==
        StatusCode::kNotFound);
  CHECK(store->find_token("r2")->rotated_at == 0);
  CHECK(store->put_tokens({token("a2", TokenKind::kAccess, "g")}).is_ok());
}

TEST_CASE_TEMPLATE("store conformance: a counter counts within its fixed window, shared", T,
                   JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  auto other = fixture.open();
  CHECK(store->read_counter("k", 100)->count == 0);
  WindowCount first = store->increment_counter("k", 100, 60).value();
  CHECK(first.count == 1);
  CHECK(first.resets_at == 160);
  CHECK(other->increment_counter("k", 159, 60)->count == 2);  // the window does not slide
  CHECK(store->read_counter("k", 159)->count == 2);
  CHECK(store->read_counter("k", 159)->resets_at == 160);
  CHECK(other->read_counter("k", 160)->count == 0);  // ended
  WindowCount again = store->increment_counter("k", 160, 60).value();
  CHECK(again.count == 1);
  CHECK(again.resets_at == 220);
  REQUIRE(other->reset_counter("k").is_ok());
  CHECK(store->read_counter("k", 161)->count == 0);
  CHECK(store->reset_counter("absent").is_ok());
}

TEST_CASE_TEMPLATE("store conformance: concurrent increments are never lost", T, JournalFixture,
                   RedisFixture) {
  STORE_FIXTURE();
  constexpr int kReplicas = 4, kEach = 25;
  std::vector<std::shared_ptr<Store>> handles;
  for (int i = 0; i < kReplicas; ++i) handles.push_back(fixture.open());
  std::vector<std::thread> threads;
  std::vector<std::vector<std::int64_t>> seen(kReplicas);
  for (int i = 0; i < kReplicas; ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < kEach; ++n) {
        seen[i].push_back(handles[i]->increment_counter("c", 100, 60)->count);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::int64_t> distinct;
  for (const auto& v : seen) distinct.insert(v.begin(), v.end());
  CHECK(distinct.size() == kReplicas * kEach);
  CHECK(store->read_counter("c", 100)->count == kReplicas * kEach);
}

TEST_CASE_TEMPLATE("store conformance: a pending sign-in is found, taken once, and expires", T,
                   JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  auto other = fixture.open();
  REQUIRE(store->put_pending_sign_in(pending("p1", "1.1.1.1", 200), 100, 10, 100).is_ok());
  // A form served by one replica is posted to another.
  auto found = other->find_pending_sign_in("p1", 150);
  REQUIRE(found);
  CHECK(found->csrf_hash == "hash-p1");
  CHECK(found->request == nlohmann::json{{"client_id", "c1"}, {"scope", "r"}});
  CHECK(other->find_pending_sign_in("p1", 150));  // finding leaves it in place
  CHECK(*store->count_pending_sign_ins("1.1.1.1", 150) == 1);
  auto taken = other->take_pending_sign_in("p1", 150);
  REQUIRE(taken);
  CHECK(taken->address == "1.1.1.1");
  CHECK(taken->expires_at == 200);
  CHECK(store->take_pending_sign_in("p1", 150).status().code() == StatusCode::kNotFound);
  REQUIRE(store->put_pending_sign_in(pending("p2", "1.1.1.1", 200), 100, 10, 100).is_ok());
  CHECK(other->find_pending_sign_in("p2", 200).status().code() == StatusCode::kNotFound);
  CHECK(store->find_pending_sign_in("p1", 150).status().code() == StatusCode::kNotFound);
  CHECK(store->take_pending_sign_in("p2", 200).status().code() == StatusCode::kNotFound);
  CHECK(*store->count_pending_sign_ins("", 200) == 0);
}

TEST_CASE_TEMPLATE("store conformance: of concurrent takes of one form exactly one succeeds", T,
                   JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  REQUIRE(store->put_pending_sign_in(pending("form", "1.1.1.1", 1000), 100, 10, 100).is_ok());
  constexpr int kReplicas = 4;
  std::vector<std::shared_ptr<Store>> handles;
  for (int i = 0; i < kReplicas; ++i) handles.push_back(fixture.open());
  std::atomic<int> taken{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kReplicas; ++i) {
    threads.emplace_back([&, i] {
      if (handles[i]->take_pending_sign_in("form", 100).is_ok()) ++taken;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(taken.load() == 1);
}

TEST_CASE_TEMPLATE("store conformance: one address pushes out only its own pending sign-ins", T,
                   JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  REQUIRE(store->put_pending_sign_in(pending("victim", "10.0.0.9", 1000), 100, 3, 100).is_ok());
  for (int i = 0; i < 50; ++i) {
    const std::string id = "flood" + std::to_string(i);
    REQUIRE(store->put_pending_sign_in(pending(id, "6.6.6.6", 1000 + i), 100, 3, 100).is_ok());
  }
  CHECK(*store->count_pending_sign_ins("6.6.6.6", 100) == 3);
  CHECK(store->find_pending_sign_in("victim", 100));
  CHECK(store->find_pending_sign_in("flood49", 100));  // the newest stay
  CHECK_FALSE(store->find_pending_sign_in("flood46", 100));
}

// One second, one expiry time: only the order they were opened in tells the forms apart.
TEST_CASE_TEMPLATE("store conformance: forms opened in the same second go oldest first", T,
                   JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  for (int i = 0; i < 6; ++i) {
    const std::string id = "form" + std::to_string(i);
    REQUIRE(store->put_pending_sign_in(pending(id, "6.6.6.6", 1000), 100, 3, 100).is_ok());
  }
  CHECK(*store->count_pending_sign_ins("6.6.6.6", 100) == 3);
  for (int i = 0; i < 6; ++i) {
    CAPTURE(i);
    CHECK(store->find_pending_sign_in("form" + std::to_string(i), 100).is_ok() == (i >= 3));
  }
}

TEST_CASE_TEMPLATE("store conformance: a completed sign-in no longer counts against its address", T,
                   JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  for (int i = 0; i < 10; ++i) {  // each form taken (signed in) before the next is opened
    const std::string id = "done" + std::to_string(i);
    REQUIRE(store->put_pending_sign_in(pending(id, "7.7.7.7", 1000), 100, 3, 100).is_ok());
    REQUIRE(store->take_pending_sign_in(id, 100).is_ok());
  }
  CHECK(*store->count_pending_sign_ins("7.7.7.7", 100) == 0);
  REQUIRE(store->put_pending_sign_in(pending("a", "7.7.7.7", 1000), 100, 3, 100).is_ok());
  REQUIRE(store->put_pending_sign_in(pending("b", "7.7.7.7", 1000), 100, 3, 100).is_ok());
  CHECK(store->find_pending_sign_in("a", 100));  // nothing pushed out: the address holds 2 of 3
  CHECK(*store->count_pending_sign_ins("7.7.7.7", 100) == 2);
}

TEST_CASE_TEMPLATE("store conformance: a full scope evicts from the address holding the most", T,
                   JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  REQUIRE(store->put_pending_sign_in(pending("victim", "10.0.0.9", 500), 100, 10, 6).is_ok());
  for (int a = 0; a < 5; ++a) {
    const std::string address = "6.6.6." + std::to_string(a);
    for (int i = 0; i < 10; ++i) {
      const std::string id = address + "/" + std::to_string(i);
      REQUIRE(store->put_pending_sign_in(pending(id, address, 1000 + i), 100, 10, 6).is_ok());
    }
  }
  CHECK(*store->count_pending_sign_ins("", 100) == 6);
  // The oldest of all, but its address holds only this one.
  CHECK(store->find_pending_sign_in("victim", 100));
  for (int a = 0; a < 5; ++a) {
    CHECK(*store->count_pending_sign_ins("6.6.6." + std::to_string(a), 100) == 1);
  }
}

TEST_CASE_TEMPLATE("store conformance: metadata document clients are kept until they expire", T,
                   JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  auto other = fixture.open();
  const std::string url = "https://app.example/oauth/client.json";
  ClientRecord described = client(url);
  described.secret_hash.clear();
  described.auth_method = AuthMethod::kNone;
  REQUIRE(store->put_metadata_client(described, 100, 400, 10).is_ok());
  // Fetched by one replica, found by another until the document's cache lifetime ends.
  auto found = other->find_metadata_client(url, 399);
  REQUIRE(found);
  CHECK(found->client_id == url);
  CHECK(found->client_name == "Claude");
  CHECK(found->redirect_uris == described.redirect_uris);
  CHECK(found->auth_method == AuthMethod::kNone);
  CHECK(other->find_metadata_client(url, 400).status().code() == StatusCode::kNotFound);
  CHECK(other->find_metadata_client("https://app.example/other.json", 100).status().code() ==
        StatusCode::kNotFound);
  // A cached document is not a registered client.
  CHECK(other->find_client(url).status().code() == StatusCode::kNotFound);
  // Replaced, not added.
  described.client_name = "Claude 2";
  REQUIRE(store->put_metadata_client(described, 100, 500, 10).is_ok());
  CHECK(other->find_metadata_client(url, 450)->client_name == "Claude 2");
}

TEST_CASE_TEMPLATE("store conformance: metadata document clients are bounded, soonest expiry first",
                   T, JournalFixture, RedisFixture) {
  STORE_FIXTURE();
  auto url = [](const std::string& n) { return "https://app.example/" + n + ".json"; };
  auto put = [&](const std::string& n, std::int64_t now, std::int64_t expires_at) {
    ClientRecord c = client(url(n));
    c.secret_hash.clear();
    c.auth_method = AuthMethod::kNone;
    return store->put_metadata_client(c, now, expires_at, 3);
  };
  REQUIRE(put("a", 100, 500).is_ok());
  REQUIRE(put("b", 100, 300).is_ok());
  REQUIRE(put("c", 100, 400).is_ok());
  REQUIRE(put("d", 100, 600).is_ok());  // four: b (expiring first) goes
  REQUIRE(put("a", 100, 700).is_ok());  // a replacement counts once
  std::set<std::string> kept;
  for (const char* n : {"a", "b", "c", "d"}) {
    if (store->find_metadata_client(url(n), 100)) kept.insert(n);
  }
  CHECK(kept == std::set<std::string>{"a", "c", "d"});
  // Past the lifetime of c, a newcomer evicts the expired entry, not a live one.
  REQUIRE(put("e", 450, 800).is_ok());
  kept.clear();
  for (const char* n : {"a", "c", "d", "e"}) {
    if (store->find_metadata_client(url(n), 450)) kept.insert(n);
  }
  CHECK(kept == std::set<std::string>{"a", "d", "e"});
}

TEST_CASE(
    "redis store: while Redis is away every call is Unavailable (never NotFound); then back") {
  redis::TestServer* server = redis::TestServer::shared();
  if (server == nullptr) {
    MESSAGE("skipped: " << redis::TestServer::skip_reason());
    return;
  }
  ManualClock clock(100);
  redis::ClientOptions options;
  options.retry_after_failure_ms = 0;
  RedisStore store(std::make_shared<redis::Client>(server->address(), options),
                   "unavailable-" + random_token(8) + ":", clock);
  REQUIRE(store.put_tokens({token("a1", TokenKind::kAccess, "f1")}).is_ok());
  {
    auto outage = server->outage();
    CHECK(store.find_token("a1").status().code() == StatusCode::kUnavailable);
    CHECK(store.find_client("c1").status().code() == StatusCode::kUnavailable);
    CHECK(store.consume_code("k").status().code() == StatusCode::kUnavailable);
    CHECK(store.put_client(client("c1")).code() == StatusCode::kUnavailable);
    CHECK(store.rotate_refresh_token("r", 1, {}).code() == StatusCode::kUnavailable);
    CHECK(store.purge(1, 1).status().code() == StatusCode::kUnavailable);
    CHECK(store.find_pending_sign_in("p", 1).status().code() == StatusCode::kUnavailable);
    CHECK(store.take_pending_sign_in("p", 1).status().code() == StatusCode::kUnavailable);
    CHECK(store.find_metadata_client("https://a.example/c.json", 1).status().code() ==
          StatusCode::kUnavailable);
  }
  // No persistence in the test server: the state is gone, the store works again.
  CHECK(store.find_token("a1").status().code() == StatusCode::kNotFound);
  CHECK(store.put_client(client("c1")).is_ok());
}

}  // namespace gw::oauth
