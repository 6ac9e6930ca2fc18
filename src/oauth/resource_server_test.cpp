#include "oauth/resource_server.h"

#include <doctest/doctest.h>

#include "oauth/crypto.h"
#include "oauth/journal_store.h"
#include "oauth/oauth_error.h"

namespace gw::oauth {
namespace {

// "Unauthenticated: invalid_token: …": the Status code, then the OAuth error code and description.
std::string spelled_out(const Status& status) {
  if (status.oauth_error_code() == nullptr) return status.to_string();
  return std::string(status_code_name(status.code())) + ": " + describe(status);
}

struct ResourceServerFixture {
  ManualClock clock;
  std::unique_ptr<JournalStore> store = JournalStore::in_memory();
  TokenService demo{*store, clock, scope_urls("https://h", "/demo"), {"mssql.read"}, {}};

  std::string token_for(const std::string& resource, std::int64_t ttl = 3600) {
    TokenRecord t;
    std::string raw = "tok" + std::to_string(counter++) + resource.substr(resource.size() - 3);
    t.token_hash = sha256_hex(raw);
    t.client_id = "c";
    t.user = "alice";
    t.resource = resource;
    t.scope = "mssql.read";
    t.family_id = "f";
    t.expires_at = clock.now_seconds() + ttl;
    REQUIRE(store->put_tokens({t}).is_ok());
    return raw;
  }
  int counter = 0;
};

}  // namespace

TEST_CASE("check_bearer") {
  ResourceServerFixture f;
  std::string good = f.token_for("https://h/demo/mcp");
  std::string sse = f.token_for("https://h/demo/sse");
  std::string recased = f.token_for("https://h/Demo/mcp");
  std::string other = f.token_for("https://h/production/mcp");
  std::string short_lived = f.token_for("https://h/demo/mcp", 10);
  f.clock.advance_seconds(10);
  struct Case {
    std::string header;
    std::string error;
  };
  const Case cases[] = {
      {"Bearer " + good, ""},
      {"bearer " + good, ""},
      {"Bearer  " + good + " ", ""},
      {"Bearer " + sse, ""},
      {"Bearer " + recased, ""},
      {"", "Unauthenticated: no bearer token"},
      {"Basic dXNlcjpwYXNz",
       "Unauthenticated: invalid_token: the Authorization header is not a Bearer token"},
      {"Bearer", "Unauthenticated: invalid_token: the Authorization header is not a Bearer token"},
      {"Bearer nope", "Unauthenticated: invalid_token: the access token is invalid or expired"},
      {"Bearer a\"b", "Unauthenticated: invalid_token: the access token is invalid or expired"},
      {"Bearer " + short_lived,
       "Unauthenticated: invalid_token: the access token is invalid or expired"},
      {"Bearer " + other,
       "Unauthenticated: invalid_token: the access token is for another resource"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.header);
    auto r = check_bearer(c.header, f.demo);
    if (c.error.empty()) {
      REQUIRE(r.is_ok());
      CHECK(r->user == "alice");
    } else {
      REQUIRE_FALSE(r.is_ok());
      CHECK(spelled_out(r.status()) == c.error);
    }
  }
}

TEST_CASE("bearer_challenge") {
  ScopeUrls urls = scope_urls("https://h", "/demo");
  CHECK(bearer_challenge(unauthenticated("no bearer token"), urls, {"mssql.read"}) ==
        "Bearer resource_metadata=\"https://h/.well-known/oauth-protected-resource/demo/mcp\", "
        "scope=\"mssql.read\"");
  CHECK(bearer_challenge(unauthenticated("no bearer token"), urls, {}) ==
        "Bearer resource_metadata=\"https://h/.well-known/oauth-protected-resource/demo/mcp\"");
  ResourceServerFixture f;
  auto bad = check_bearer("Bearer zzz", f.demo);
  CHECK(bearer_challenge(bad.status(), urls, {"a", "b"}) ==
        "Bearer resource_metadata=\"https://h/.well-known/oauth-protected-resource/demo/mcp\", "
        "scope=\"a b\", error=\"invalid_token\", error_description=\"the access token is invalid "
        "or expired\"");
  const Status refused =
      check_write_access(TokenInfo{"c", "alice", "https://h/demo/mcp", "mssql.read", 0},
                         {"mssql.read", "mssql.write"});
  CHECK(
      spelled_out(refused) ==
      "PermissionDenied: insufficient_scope: this statement changes data; the token was granted no "
      "mssql.write");
  CHECK(to_error_body(refused).http_status == 403);
  CHECK(bearer_challenge(refused, urls, {"mssql.read", "mssql.write"}) ==
        "Bearer resource_metadata=\"https://h/.well-known/oauth-protected-resource/demo/mcp\", "
        "scope=\"mssql.read mssql.write\", error=\"insufficient_scope\", error_description=\"this "
        "statement changes data; the token was granted no mssql.write\"");
}

TEST_CASE("check_write_access: the write scope is needed only where the scope advertises it") {
  struct Case {
    std::string granted;
    std::vector<std::string> supported;
    bool ok;
  };
  const Case cases[] = {
      {"mssql.read mssql.write", {"mssql.read", "mssql.write"}, true},
      {"mssql.write", {"mssql.read", "mssql.write"}, true},
      {"mssql.read", {"mssql.read", "mssql.write"}, false},
      {"", {"mssql.read", "mssql.write"}, false},
      {"mssql.writer mssql.read", {"mssql.read", "mssql.write"}, false},
      {"mssql.read", {"mssql.read"}, true},
      {"", {}, true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.granted);
    TokenInfo grant;
    grant.scope = c.granted;
    CHECK(check_write_access(grant, c.supported).is_ok() == c.ok);
  }
}

TEST_CASE("bearer_challenge names the metadata of the resource the client asked for") {
  // RFC 9728 §3.3: the TypeScript SDK refuses a `resource` that is not the URL it requested, so a
  // client given …/demo/sse must be sent to the metadata whose resource is …/demo/sse.
  ScopeUrls urls = scope_urls("https://h", "/demo");
  struct Case {
    std::string inner_path;
    std::string challenge;
  };
  const Case cases[] = {
      {"/mcp",
       "Bearer resource_metadata=\"https://h/.well-known/oauth-protected-resource/demo/mcp\""},
      {"/sse",
       "Bearer resource_metadata=\"https://h/.well-known/oauth-protected-resource/demo/sse\""},
      {"/messages",
       "Bearer resource_metadata=\"https://h/.well-known/oauth-protected-resource/demo/sse\""},
      {"/other",
       "Bearer resource_metadata=\"https://h/.well-known/oauth-protected-resource/demo/mcp\""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.inner_path);
    CHECK(bearer_challenge(unauthenticated("no bearer token"), urls, {},
                           transport_of_route(c.inner_path)) == c.challenge);
  }
}

}  // namespace gw::oauth
