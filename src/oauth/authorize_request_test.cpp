#include "oauth/authorize_request.h"

#include <doctest/doctest.h>

#include "oauth/oauth_error.h"
#include "oauth/test_vectors.h"

namespace gw::oauth {
namespace {

ClientRecord make_client() {
  ClientRecord c;
  c.client_id = "c1";
  c.client_name = "Claude";
  c.redirect_uris = {"https://claude.ai/api/mcp/auth_callback", "http://127.0.0.1:3000/callback"};
  return c;
}

Params good_params() {
  return {{"response_type", "code"},
          {"client_id", "c1"},
          {"redirect_uri", "https://claude.ai/api/mcp/auth_callback"},
          {"state", "xyz"},
          {"code_challenge", kChallenge},
          {"code_challenge_method", "S256"},
          {"resource", "https://h/demo/mcp"},
          {"scope", "mssql.read"}};
}

}  // namespace

TEST_CASE("trusted_redirect_uri: an unregistered URI is never trusted") {
  ClientRecord c = make_client();
  struct Case {
    std::string uri;
    std::string result;
    std::string error;
  };
  const Case cases[] = {
      {"https://claude.ai/api/mcp/auth_callback", "https://claude.ai/api/mcp/auth_callback", ""},
      {"http://127.0.0.1:55555/callback", "http://127.0.0.1:55555/callback", ""},
      {"https://evil.com/cb", "", "redirect_uri is not registered for this client"},
      {"https://claude.ai/api/mcp/auth_callback/x", "",
       "redirect_uri is not registered for this client"},
      {"", "", "redirect_uri is required"},
  };
  for (const auto& k : cases) {
    CAPTURE(k.uri);
    Params p{{"redirect_uri", k.uri}};
    if (k.uri.empty()) p.clear();
    auto r = trusted_redirect_uri(p, c);
    CHECK(r.is_ok() == k.error.empty());
    if (r)
      CHECK(*r == k.result);
    else
      CHECK(r.status().message() == k.error);
  }
  c.redirect_uris = {"https://claude.ai/only"};
  CHECK(trusted_redirect_uri({}, c).value() == "https://claude.ai/only");
}

TEST_CASE("validate_authorize_request: good request") {
  ScopeUrls urls = scope_urls("https://h", "/demo");
  auto r =
      validate_authorize_request(good_params(), make_client(),
                                 "https://claude.ai/api/mcp/auth_callback", urls, {"mssql.read"});
  REQUIRE(r.is_ok());
  CHECK(r->state == "xyz");
  CHECK(r->code_challenge == kChallenge);
  CHECK(r->resource == "https://h/demo/mcp");
  CHECK(r->scope == "mssql.read");
  CHECK(r->client_name == "Claude");
}

TEST_CASE("validate_authorize_request: refusals") {
  ScopeUrls urls = scope_urls("https://h", "/demo");
  struct Case {
    std::string key;
    std::string value;
    bool erase;
    std::string error;
    std::string desc;
  };
  const Case cases[] = {
      {"response_type", "", true, "invalid_request", "response_type is required"},
      {"response_type", "token", false, "unsupported_response_type",
       "only response_type=code is supported"},
      {"code_challenge", "", true, "invalid_request", "code_challenge is required (PKCE S256)"},
      {"code_challenge_method", "plain", false, "invalid_request",
       "code_challenge_method must be S256"},
      {"code_challenge_method", "", true, "invalid_request", "code_challenge_method must be S256"},
      {"resource", "https://h/production/mcp", false, "invalid_target",
       "resource must be https://h/demo/mcp"},
      {"resource", "https://evil.com/demo/mcp", false, "invalid_target",
       "resource must be https://h/demo/mcp"},
      {"resource", "https://h/demo", false, "invalid_target",
       "resource must be https://h/demo/mcp"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.key);
    CAPTURE(c.value);
    Params p = good_params();
    if (c.erase)
      p.erase(c.key);
    else
      p[c.key] = c.value;
    auto r = validate_authorize_request(p, make_client(), "https://claude.ai/api/mcp/auth_callback",
                                        urls, {"mssql.read"});
    REQUIRE_FALSE(r.is_ok());
    auto b = to_error_body(r.status());
    CHECK(b.error == c.error);
    CHECK(b.description == c.desc);
  }
}

TEST_CASE("resolve_resource: case-insensitive scheme, host and scope segment") {
  ScopeUrls urls = scope_urls("https://mcp.example.com", "/demo");
  struct Case {
    std::string in;
    std::string out;
  };
  const Case ok[] = {
      {"", "https://mcp.example.com/demo/mcp"},
      {"https://mcp.example.com/demo/mcp", "https://mcp.example.com/demo/mcp"},
      {"https://mcp.example.com/demo/mcp/", "https://mcp.example.com/demo/mcp"},
      {"HTTPS://MCP.Example.com/Demo/mcp", "https://mcp.example.com/demo/mcp"},
      {"https://mcp.example.com/DEMO/sse", "https://mcp.example.com/demo/sse"},
  };
  for (const auto& c : ok) {
    CAPTURE(c.in);
    CHECK(resolve_resource(c.in, urls).value() == c.out);
  }
  for (std::string bad : {"https://mcp.example.com/production/mcp", "https://mcp.example.com/mcp",
                          "http://mcp.example.com/demo/mcp", "https://mcp.example.com/demo/mcpx",
                          "https://mcp.example.com/demo/mcp#f", "https://mcp.example.com/demo"}) {
    CAPTURE(bad);
    CHECK(to_error_body(resolve_resource(bad, urls).status()).error == "invalid_target");
  }
}

TEST_CASE("grant_scope tolerates what clients really send") {
  const std::vector<std::string> supported = {"mssql.read", "mssql.write"};
  struct Case {
    std::string requested;
    std::string granted;
  };
  const Case cases[] = {
      {"", "mssql.read mssql.write"},
      {"read write", "mssql.read mssql.write"},
      {"mssql.read", "mssql.read"},
      {"mssql.read offline_access", "mssql.read"},
      {"mssql.write mssql.read mssql.read", "mssql.write mssql.read"},
      {"  mssql.read  ", "mssql.read"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.requested);
    CHECK(grant_scope(c.requested, supported) == c.granted);
  }
  CHECK(grant_scope("anything", {}) == "");
}

}  // namespace gw::oauth
