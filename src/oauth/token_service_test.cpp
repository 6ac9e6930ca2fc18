#include "oauth/token_service.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "oauth/crypto.h"
#include "oauth/journal_store.h"
#include "oauth/oauth_error.h"
#include "oauth/test_vectors.h"

namespace gw::oauth {
namespace {

// For tests with a store of their own: registers the public client in `store` and returns a code
// `service` issued to it for alice.
std::string public_client_code(Store& store, TokenService& service, const Clock& clock) {
  ClientRecord client;
  client.client_id = "public";
  client.redirect_uris = {kRedirect};
  client.created_at = clock.now_seconds();
  REQUIRE(store.put_client(client).is_ok());
  const AuthorizeRequest request{"public",    "", kRedirect, "st", kChallenge, "https://h/demo/mcp",
                                 "mssql.read"};
  return service.issue_code(request, "alice").value();
}

struct TokenServiceFixture {
  ManualClock clock;
  std::unique_ptr<JournalStore> store = JournalStore::in_memory();
  TokenService service{*store, clock, scope_urls("https://h", "/demo"), {"mssql.read"}, {}};
  const std::string secret = "s3cret";

  TokenServiceFixture() {
    ClientRecord pub;
    pub.client_id = "public";
    pub.redirect_uris = {kRedirect};
    pub.created_at = clock.now_seconds();
    REQUIRE(store->put_client(pub).is_ok());
    ClientRecord conf = pub;
    conf.client_id = "conf";
    conf.auth_method = AuthMethod::kClientSecretBasic;
    conf.secret_hash = sha256_hex(secret);
    REQUIRE(store->put_client(conf).is_ok());
  }

  AuthorizeRequest request(const std::string& client = "public") {
    return {client, "", kRedirect, "st", kChallenge, "https://h/demo/mcp", "mssql.read"};
  }

  std::string code(const std::string& client = "public") {
    return service.issue_code(request(client), "alice").value();
  }

  static ClientCredentials code_grant(const std::string& code,
                                      const std::string& client = "public") {
    return {{{"grant_type", "authorization_code"},
             {"code", code},
             {"redirect_uri", kRedirect},
             {"code_verifier", kVerifier},
             {"client_id", client}},
            ""};
  }
  static ClientCredentials refresh_grant(const std::string& token,
                                         const std::string& client = "public") {
    return {{{"grant_type", "refresh_token"}, {"refresh_token", token}, {"client_id", client}}, ""};
  }
};

std::string error_of(const Result<nlohmann::json>& r) {
  REQUIRE_FALSE(r.is_ok());
  auto b = to_error_body(r.status());
  return b.error + ": " + b.description;
}

}  // namespace

TEST_CASE("authorization_code grant issues bound tokens") {
  TokenServiceFixture f;
  auto r = f.service.exchange(TokenServiceFixture::code_grant(f.code()));
  REQUIRE(r.is_ok());
  CHECK((*r)["token_type"] == "Bearer");
  CHECK((*r)["expires_in"] == 3600);
  CHECK((*r)["scope"] == "mssql.read");
  std::string access = (*r)["access_token"];
  CHECK(access.size() == 43);
  CHECK((*r)["refresh_token"].get<std::string>().size() == 43);
  auto info = f.service.validate_access_token(access);
  REQUIRE(info.is_ok());
  CHECK(info->user == "alice");
  CHECK(info->client_id == "public");
  CHECK(info->resource == "https://h/demo/mcp");
  CHECK(info->scope == "mssql.read");
  CHECK(info->expires_at == f.clock.now_seconds() + 3600);
  CHECK_FALSE(f.store->find_token(access).is_ok());  // stored only as a hash
  CHECK(f.store->find_client("public")->used);
}

TEST_CASE("authorization_code grant refusals") {
  struct Case {
    std::string key;
    std::string value;
    bool erase;
    std::string error;
  };
  const Case cases[] = {
      {"grant_type", "", true, "invalid_request: grant_type is required"},
      {"grant_type", "password", false,
       "unsupported_grant_type: grant_type password is not supported"},
      {"code", "", true, "invalid_request: code is required"},
      {"code", "nonsense", false, "invalid_grant: authorization code is invalid or expired"},
      {"code_verifier", "", true, "invalid_request: code_verifier is required"},
      {"code_verifier", std::string(43, 'a'), false,
       "invalid_grant: code_verifier does not match the code_challenge"},
      {"code_verifier", "short", false,
       "invalid_grant: code_verifier must be 43 to 128 characters"},
      {"redirect_uri", "", true, "invalid_request: redirect_uri is required"},
      {"redirect_uri", "https://claude.ai/other", false,
       "invalid_grant: redirect_uri does not match the authorization request"},
      {"client_id", "", true, "invalid_client: client_id is required"},
      {"client_id", "unknown", false, "invalid_client: client authentication failed"},
      {"resource", "https://h/production/mcp", false,
       "invalid_target: resource must be https://h/demo/mcp"},
      {"resource", "https://h/demo/sse", false,
       "invalid_target: resource differs from the authorization request"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.key);
    TokenServiceFixture f;
    ClientCredentials req = TokenServiceFixture::code_grant(f.code());
    if (c.erase)
      req.params.erase(c.key);
    else
      req.params[c.key] = c.value;
    CHECK(error_of(f.service.exchange(req)) == c.error);
  }
}

TEST_CASE("a code is bound to its client, and expires") {
  TokenServiceFixture f;
  std::string code = f.code("conf");
  CHECK(error_of(f.service.exchange(TokenServiceFixture::code_grant(code, "public"))) ==
        "invalid_grant: authorization code was issued to another client");
  TokenServiceFixture g;
  std::string late = g.code();
  g.clock.advance_seconds(60);
  CHECK(error_of(g.service.exchange(TokenServiceFixture::code_grant(late))) ==
        "invalid_grant: authorization code is invalid or expired");
}

TEST_CASE("a replayed code is refused and revokes the tokens it issued") {
  TokenServiceFixture f;
  std::string code = f.code();
  auto first = f.service.exchange(TokenServiceFixture::code_grant(code));
  REQUIRE(first.is_ok());
  CHECK(error_of(f.service.exchange(TokenServiceFixture::code_grant(code))) ==
        "invalid_grant: authorization code was already used; its tokens are revoked");
  CHECK_FALSE(f.service.validate_access_token((*first)["access_token"]).is_ok());
  CHECK(error_of(f.service.exchange(TokenServiceFixture::refresh_grant(
            (*first)["refresh_token"]))) == "invalid_grant: refresh token is invalid or expired");
}

TEST_CASE("confidential clients: secret by Basic or post, wrong secret is invalid_client") {
  TokenServiceFixture f;
  ClientCredentials basic = TokenServiceFixture::code_grant(f.code("conf"), "conf");
  basic.params.erase("client_id");
  basic.authorization = "Basic Y29uZjpzM2NyZXQ=";  // conf:s3cret
  CHECK(f.service.exchange(basic).is_ok());

  ClientCredentials post = TokenServiceFixture::code_grant(f.code("conf"), "conf");
  post.params["client_secret"] = "s3cret";
  CHECK(f.service.exchange(post).is_ok());

  struct Case {
    std::string authorization;
    std::string secret;
    std::string error;
  };
  const Case cases[] = {
      {"", "", "invalid_client: client authentication failed"},
      {"", "wrong", "invalid_client: client authentication failed"},
      {"Basic Y29uZjp3cm9uZw==", "", "invalid_client: client authentication failed"},
      {"Basic Y29uZjpzM2NyZXQ=", "s3cret",
       "invalid_request: client authenticated by more than one method"},
      {"Basic !!", "", "invalid_client: malformed Basic credentials"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.authorization);
    ClientCredentials req = TokenServiceFixture::code_grant(f.code("conf"), "conf");
    req.authorization = c.authorization;
    if (!c.secret.empty()) req.params["client_secret"] = c.secret;
    auto r = f.service.exchange(req);
    CHECK(error_of(r) == c.error);
  }
  ClientCredentials bad = TokenServiceFixture::code_grant(f.code("conf"), "conf");
  bad.params["client_secret"] = "wrong";
  CHECK(to_error_body(f.service.exchange(bad).status()).http_status == 401);
}

TEST_CASE("refresh rotates; reuse after the grace window revokes the family") {
  TokenServiceFixture f;
  auto first = f.service.exchange(TokenServiceFixture::code_grant(f.code())).value();
  std::string r1 = first["refresh_token"];
  auto second = f.service.exchange(TokenServiceFixture::refresh_grant(r1));
  REQUIRE(second.is_ok());
  std::string r2 = (*second)["refresh_token"];
  CHECK(r2 != r1);
  CHECK(f.service.validate_access_token((*second)["access_token"]).is_ok());

  f.clock.advance_seconds(5);  // a retry inside the grace window gets the same pair again
  auto retry = f.service.exchange(TokenServiceFixture::refresh_grant(r1));
  REQUIRE(retry.is_ok());
  CHECK((*retry)["refresh_token"] == r2);
  CHECK((*retry)["access_token"] == (*second)["access_token"]);
  CHECK((*retry)["expires_in"] == 3600 - 5);
  CHECK((*retry)["token_type"] == "Bearer");

  f.clock.advance_seconds(60);
  CHECK(error_of(f.service.exchange(TokenServiceFixture::refresh_grant(r1))) ==
        "invalid_grant: refresh token was already used; the grant is revoked");
  CHECK_FALSE(f.service.validate_access_token((*second)["access_token"]).is_ok());
  CHECK(error_of(f.service.exchange(TokenServiceFixture::refresh_grant(r2))) ==
        "invalid_grant: refresh token is invalid or expired");
}

TEST_CASE("refresh replay inside the grace never forks the family") {
  TokenServiceFixture f;
  auto first = f.service.exchange(TokenServiceFixture::code_grant(f.code())).value();
  const std::string r1 = first["refresh_token"];
  const std::string r2 =
      f.service.exchange(TokenServiceFixture::refresh_grant(r1)).value()["refresh_token"];
  for (int i = 0; i < 3; ++i) {
    CHECK(f.service.exchange(TokenServiceFixture::refresh_grant(r1)).value()["refresh_token"] ==
          r2);
  }
  // The client moved on with r2: r1 again, still inside r1's grace, is refused and revokes nothing.
  f.clock.advance_seconds(2);
  const std::string r3 =
      f.service.exchange(TokenServiceFixture::refresh_grant(r2)).value()["refresh_token"];
  f.clock.advance_seconds(2);
  CHECK(error_of(f.service.exchange(TokenServiceFixture::refresh_grant(r1))) ==
        "invalid_grant: refresh token was already used");
  CHECK(f.service.exchange(TokenServiceFixture::refresh_grant(r3)).is_ok());
}

TEST_CASE(
    "a replay inside the grace gets the same successors from the stored record after a restart") {
  char dir_template[] = "/tmp/token-service-test-XXXXXX";
  const std::filesystem::path dir = ::mkdtemp(dir_template);
  const std::string journal = (dir / "demo.log").string();
  ManualClock clock;
  std::string r1;
  std::string r2;
  {
    auto store = JournalStore::open(journal, clock.now_seconds()).value();
    TokenService service{*store, clock, scope_urls("https://h", "/demo"), {"mssql.read"}, {}};
    const std::string code = public_client_code(*store, service, clock);
    r1 = service.exchange(TokenServiceFixture::code_grant(code)).value()["refresh_token"];
    r2 = service.exchange(TokenServiceFixture::refresh_grant(r1)).value()["refresh_token"];
  }
  // Another process reads the same journal: the key lives in r1's record, not in memory.
  auto store = JournalStore::open(journal, clock.now_seconds()).value();
  const auto rotated = store->find_token(sha256_hex(r1));
  REQUIRE(rotated);
  CHECK(rotated->rotated_at != 0);
  CHECK(rotated->successor_key.size() >= 32);
  TokenService restarted{*store, clock, scope_urls("https://h", "/demo"), {"mssql.read"}, {}};
  clock.advance_seconds(2);
  CHECK(restarted.exchange(TokenServiceFixture::refresh_grant(r1)).value()["refresh_token"] == r2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a refused refresh leaves the refresh token as it was, past the grace window too") {
  TokenServiceFixture f;
  auto first = f.service.exchange(TokenServiceFixture::code_grant(f.code())).value();
  std::string rt = first["refresh_token"];
  auto wide = TokenServiceFixture::refresh_grant(rt);
  wide.params["scope"] = "mssql.read mssql.write";
  CHECK(error_of(f.service.exchange(wide)) == "invalid_scope: scope exceeds the original grant");
  f.clock.advance_seconds(60);
  auto later = f.service.exchange(TokenServiceFixture::refresh_grant(rt));
  REQUIRE(later.is_ok());
  CHECK(f.service.validate_access_token(first["access_token"]).is_ok());
}

TEST_CASE("a code whose tokens could not be stored (a full disk) is redeemed once there is room") {
  char dir_template[] = "/tmp/token-service-test-XXXXXX";
  const std::filesystem::path dir = ::mkdtemp(dir_template);
  bool full = false;
  auto write_fn = [&full](int fd, const void* data, size_t size) -> ssize_t {
    if (!full) return ::write(fd, data, size);
    errno = ENOSPC;
    return -1;
  };
  {
    auto store = JournalStore::open((dir / "demo.log").string(), 100, write_fn).value();
    ManualClock clock;
    TokenService service{*store, clock, scope_urls("https://h", "/demo"), {"mssql.read"}, {}};
    const std::string code = public_client_code(*store, service, clock);
    full = true;
    for (int attempt = 0; attempt < 2; ++attempt) {
      auto refused = service.exchange(TokenServiceFixture::code_grant(code));
      REQUIRE_FALSE(refused.is_ok());
      CHECK(to_error_body(refused.status()).http_status == 503);
    }
    full = false;
    auto redeemed = service.exchange(TokenServiceFixture::code_grant(code));
    REQUIRE(redeemed.is_ok());
    CHECK(error_of(service.exchange(TokenServiceFixture::code_grant(code))) ==
          "invalid_grant: authorization code was already used; its tokens are revoked");
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("refresh refusals") {
  TokenServiceFixture f;
  auto first = f.service.exchange(TokenServiceFixture::code_grant(f.code())).value();
  std::string rt = first["refresh_token"];
  CHECK(error_of(f.service.exchange(TokenServiceFixture::refresh_grant(first["access_token"]))) ==
        "invalid_grant: refresh token is invalid or expired");
  CHECK(error_of(f.service.exchange(TokenServiceFixture::refresh_grant(rt, "conf"))) ==
        "invalid_client: client authentication failed");
  auto wide = TokenServiceFixture::refresh_grant(rt);
  wide.params["scope"] = "mssql.read mssql.write";
  CHECK(error_of(f.service.exchange(wide)) == "invalid_scope: scope exceeds the original grant");
  auto other = TokenServiceFixture::refresh_grant(rt);
  other.params["resource"] = "https://h/demo/sse";
  CHECK(error_of(f.service.exchange(other)) ==
        "invalid_target: resource differs from the original grant");
  auto missing = TokenServiceFixture::refresh_grant("");
  CHECK(error_of(f.service.exchange(missing)) == "invalid_request: refresh_token is required");
  f.clock.advance_seconds(30 * 86400);
  CHECK(error_of(f.service.exchange(TokenServiceFixture::refresh_grant(rt))) ==
        "invalid_grant: refresh token is invalid or expired");
}

TEST_CASE("access tokens expire by the clock") {
  TokenServiceFixture f;
  auto t = f.service.exchange(TokenServiceFixture::code_grant(f.code())).value();
  f.clock.advance_seconds(3599);
  CHECK(f.service.validate_access_token(t["access_token"]).is_ok());
  f.clock.advance_seconds(1);
  auto r = f.service.validate_access_token(t["access_token"]);
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().message() == "the access token is invalid or expired");
  CHECK_FALSE(f.service.validate_access_token("").is_ok());
}

TEST_CASE("revocation (RFC 7009)") {
  TokenServiceFixture f;
  auto t = f.service.exchange(TokenServiceFixture::code_grant(f.code())).value();
  ClientCredentials unknown{{{"token", "nope"}, {"client_id", "public"}}, ""};
  CHECK(f.service.revoke(unknown).is_ok());
  ClientCredentials other_client{
      {{"token", t["access_token"]}, {"client_id", "conf"}, {"client_secret", "s3cret"}}, ""};
  CHECK(f.service.revoke(other_client).is_ok());
  CHECK(f.service.validate_access_token(t["access_token"]).is_ok());  // not its token
  ClientCredentials refresh{{{"token", t["refresh_token"]}, {"client_id", "public"}}, ""};
  CHECK(f.service.revoke(refresh).is_ok());
  CHECK_FALSE(f.service.validate_access_token(t["access_token"]).is_ok());
  ClientCredentials bad{{{"token", "x"}, {"client_id", "conf"}, {"client_secret", "no"}}, ""};
  CHECK(to_error_body(f.service.revoke(bad)).error == "invalid_client");
}

TEST_CASE("a client that registered only authorization_code gets no refresh token") {
  TokenServiceFixture f;
  ClientRecord c = *f.store->find_client("public");
  c.metadata["grant_types"] = {"authorization_code"};
  REQUIRE(f.store->put_client(c).is_ok());
  auto t = f.service.exchange(TokenServiceFixture::code_grant(f.code())).value();
  CHECK_FALSE(t.contains("refresh_token"));
  CHECK(error_of(f.service.exchange(TokenServiceFixture::refresh_grant("x"))) ==
        "unauthorized_client: the client did not register grant_type refresh_token");
}

TEST_CASE("CIMD client ids are public clients when the feature is on") {
  ManualClock clock;
  auto store = JournalStore::in_memory();
  TokenPolicy policy;
  policy.client_id_metadata_documents = true;
  TokenService service(*store, clock, scope_urls("https://h", "/demo"), {"mssql.read"}, policy);
  const std::string id = "https://claude.ai/oauth/mcp-oauth-client-metadata";
  AuthorizeRequest req{id, "Claude", kRedirect, "", kChallenge, "https://h/demo/mcp", "mssql.read"};
  std::string code = service.issue_code(req, "bob").value();
  auto t = service.exchange(TokenServiceFixture::code_grant(code, id));
  REQUIRE(t.is_ok());
  CHECK(service.validate_access_token((*t)["access_token"])->client_id == id);
}

}  // namespace gw::oauth

namespace gw::oauth {

TEST_CASE("preregistered clients come from the configuration, not the store") {
  ManualClock clock;
  auto store = JournalStore::in_memory();
  TokenService service(*store, clock, scope_urls("https://h", "/demo"), {"mssql.read"}, {});
  ClientRecord pre;
  pre.client_id = "pre";
  pre.auth_method = AuthMethod::kClientSecretPost;
  pre.secret_hash = sha256_hex("pw");
  pre.origin = ClientOrigin::kPreregistered;
  service.set_preregistered_clients({pre});
  CHECK(service.find_registered_client("pre").is_ok());
  CHECK_FALSE(store->find_client("pre").is_ok());
  ClientCredentials good{{{"client_id", "pre"}, {"client_secret", "pw"}}, ""};
  CHECK(service.authenticate_client(good).is_ok());
  service.set_preregistered_clients({});
  CHECK_FALSE(service.authenticate_client(good).is_ok());
}

}  // namespace gw::oauth

namespace gw::oauth {

TEST_CASE("registrations never used for a token are collected after 24 hours") {
  ManualClock clock;
  auto store = JournalStore::in_memory();
  TokenService service(*store, clock, scope_urls("https://h", "/demo"), {"mssql.read"}, {});
  ClientRecord idle;
  idle.client_id = "idle";
  idle.created_at = clock.now_seconds();
  ClientRecord used = idle;
  used.client_id = "used";
  used.used = true;
  REQUIRE(store->put_client(idle).is_ok());
  REQUIRE(store->put_client(used).is_ok());
  clock.advance_seconds(86400 - 61);
  service.purge_if_due();
  CHECK(store->find_client("idle").is_ok());
  clock.advance_seconds(61);
  service.purge_if_due();
  CHECK_FALSE(store->find_client("idle").is_ok());
  CHECK(store->find_client("used").is_ok());
}

}  // namespace gw::oauth
