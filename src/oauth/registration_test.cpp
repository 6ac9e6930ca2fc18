#include "oauth/registration.h"

#include <doctest/doctest.h>

#include "oauth/crypto.h"
#include "oauth/oauth_error.h"

namespace gw::oauth {

namespace {
const RedirectPolicy kRegistrationPolicy{{"claude.ai", "claude.com"}, true};
}

TEST_CASE("DCR: a public client as the MCP SDKs register it") {
  auto r = register_client(R"({
      "redirect_uris": ["https://claude.ai/api/mcp/auth_callback"],
      "token_endpoint_auth_method": "none",
      "grant_types": ["authorization_code", "refresh_token"],
      "response_types": ["code"],
      "client_name": "Claude", "scope": "mssql.read", "unknown_field": 1})",
                           kRegistrationPolicy, 1000);
  REQUIRE(r.is_ok());
  const auto& resp = r->response;
  CHECK(resp["client_id"] == r->client.client_id);
  CHECK(r->client.client_id.size() >= 22);
  CHECK(resp["client_id_issued_at"] == 1000);
  CHECK_FALSE(resp.contains("client_secret"));
  CHECK_FALSE(resp.contains("client_secret_expires_at"));
  CHECK_FALSE(resp.contains("unknown_field"));
  CHECK(resp["client_name"] == "Claude");
  CHECK(resp["scope"] == "mssql.read");
  CHECK(resp["token_endpoint_auth_method"] == "none");
  CHECK(resp["redirect_uris"] == nlohmann::json({"https://claude.ai/api/mcp/auth_callback"}));
  CHECK(r->client.auth_method == AuthMethod::kNone);
  CHECK(r->client.secret_hash.empty());
  CHECK(r->client.created_at == 1000);
  CHECK(r->client.origin == ClientOrigin::kDynamic);
  CHECK_FALSE(r->client.used);
}

TEST_CASE("DCR: confidential clients get a secret, stored only as a hash") {
  for (std::string method : {"client_secret_post", "client_secret_basic", ""}) {
    CAPTURE(method);
    std::string body = R"({"redirect_uris":["http://127.0.0.1:3000/callback"])";
    if (!method.empty()) body += R"(,"token_endpoint_auth_method":")" + method + "\"";
    body += "}";
    auto r = register_client(body, kRegistrationPolicy, 5);
    REQUIRE(r.is_ok());
    std::string secret = r->response["client_secret"];
    CHECK(secret.size() == 43);
    CHECK(r->response["client_secret_expires_at"] == 0);
    CHECK(r->client.secret_hash == sha256_hex(secret));
    CHECK(r->response["token_endpoint_auth_method"] ==
          (method.empty() ? "client_secret_basic" : method));
    CHECK(r->response["grant_types"] == nlohmann::json({"authorization_code", "refresh_token"}));
  }
}

TEST_CASE("DCR refusals are RFC 7591 errors") {
  struct Case {
    std::string body;
    std::string error;
    std::string description;
  };
  const Case cases[] = {
      {"not json", "invalid_client_metadata", "body is not a JSON object"},
      {"[]", "invalid_client_metadata", "body is not a JSON object"},
      {"{}", "invalid_redirect_uri", "redirect_uris is required"},
      {R"({"redirect_uris":[]})", "invalid_redirect_uri", "redirect_uris is required"},
      {R"({"redirect_uris":"https://claude.ai/cb"})", "invalid_redirect_uri",
       "redirect_uris must be an array of strings"},
      {R"({"redirect_uris":["https://claude.ai.evil.com/cb"]})", "invalid_redirect_uri",
       "redirect URI host claude.ai.evil.com is not allowed for this scope"},
      {R"({"redirect_uris":["https://evilclaude.ai/cb"]})", "invalid_redirect_uri",
       "redirect URI host evilclaude.ai is not allowed for this scope"},
      {R"({"redirect_uris":["https://user@claude.ai@evil.com/cb"]})", "invalid_redirect_uri",
       "redirect URI must not contain user information"},
      {R"({"redirect_uris":["https://claude.ai/cb#x"]})", "invalid_redirect_uri",
       "redirect URI must not contain a fragment"},
      {R"({"redirect_uris":["https://claude.ai/ok","http://evil.com/cb"]})", "invalid_redirect_uri",
       "redirect URI must use https (http only on a loopback host)"},
      {R"({"redirect_uris":["https://claude.ai/cb"],"token_endpoint_auth_method":"private_key_jwt"})",
       "invalid_client_metadata", "unsupported token_endpoint_auth_method private_key_jwt"},
      {R"({"redirect_uris":["https://claude.ai/cb"],"grant_types":["client_credentials"]})",
       "invalid_client_metadata", "grant_type client_credentials is not supported"},
      {R"({"redirect_uris":["https://claude.ai/cb"],"response_types":["token"]})",
       "invalid_client_metadata", "response_type token is not supported"},
      {R"({"redirect_uris":["https://claude.ai/cb"],"client_name":5})", "invalid_client_metadata",
       "client_name must be a string"},
      {R"({"redirect_uris":["https://claude.ai/cb"],"application_type":"tv"})",
       "invalid_client_metadata", "application_type must be web or native"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    auto r = register_client(c.body, kRegistrationPolicy, 1);
    REQUIRE_FALSE(r.is_ok());
    auto b = to_error_body(r.status());
    CHECK(b.error == c.error);
    CHECK(b.description == c.description);
    CHECK(b.http_status == 400);
  }
}

}  // namespace gw::oauth
