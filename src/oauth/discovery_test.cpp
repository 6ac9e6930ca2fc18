#include "oauth/discovery.h"

#include <doctest/doctest.h>

namespace gw::oauth {

TEST_CASE("scope_urls builds every URL from the public base and the scope path") {
  for (std::string base : {"https://mcp.example.com", "https://mcp.example.com/"}) {
    ScopeUrls u = scope_urls(base, "/demo");
    CHECK(u.issuer == "https://mcp.example.com/demo");
    CHECK(u.authorization_endpoint == "https://mcp.example.com/demo/authorize");
    CHECK(u.token_endpoint == "https://mcp.example.com/demo/token");
    CHECK(u.registration_endpoint == "https://mcp.example.com/demo/register");
    CHECK(u.revocation_endpoint == "https://mcp.example.com/demo/revoke");
    CHECK(u.resource_mcp == "https://mcp.example.com/demo/mcp");
    CHECK(u.resource_sse == "https://mcp.example.com/demo/sse");
    CHECK(u.resource_metadata ==
          "https://mcp.example.com/.well-known/oauth-protected-resource/demo/mcp");
    CHECK(u.resource_metadata_sse ==
          "https://mcp.example.com/.well-known/oauth-protected-resource/demo/sse");
  }
  CHECK(scope_urls("http://127.0.0.1:8080", "/demo/").issuer == "http://127.0.0.1:8080/demo");
}

TEST_CASE("authorization server metadata") {
  ScopeUrls u = scope_urls("https://h", "/demo");
  auto doc = authorization_server_metadata(u, {{"mssql.read"}, false});
  CHECK(doc["issuer"] == "https://h/demo");
  CHECK(doc["authorization_endpoint"] == "https://h/demo/authorize");
  CHECK(doc["token_endpoint"] == "https://h/demo/token");
  CHECK(doc["registration_endpoint"] == "https://h/demo/register");
  CHECK(doc["revocation_endpoint"] == "https://h/demo/revoke");
  CHECK(doc["response_types_supported"] == nlohmann::json({"code"}));
  CHECK(doc["code_challenge_methods_supported"] == nlohmann::json({"S256"}));
  CHECK(doc["grant_types_supported"] == nlohmann::json({"authorization_code", "refresh_token"}));
  CHECK(doc["token_endpoint_auth_methods_supported"] ==
        nlohmann::json({"none", "client_secret_post", "client_secret_basic"}));
  CHECK(doc["scopes_supported"] == nlohmann::json({"mssql.read"}));
  CHECK(doc["authorization_response_iss_parameter_supported"] == true);
  CHECK_FALSE(doc.contains("client_id_metadata_document_supported"));
  auto cimd = authorization_server_metadata(u, {{}, true});
  CHECK(cimd["client_id_metadata_document_supported"] == true);
}

TEST_CASE("protected resource metadata names the URL the user typed") {
  ScopeUrls u = scope_urls("https://h", "/demo");
  auto mcp = protected_resource_metadata(u, Transport::kMcp, {"mssql.read"}, "demo");
  CHECK(mcp["resource"] == "https://h/demo/mcp");
  CHECK(mcp["authorization_servers"] == nlohmann::json({"https://h/demo"}));
  CHECK(mcp["bearer_methods_supported"] == nlohmann::json({"header"}));
  CHECK(mcp["scopes_supported"] == nlohmann::json({"mssql.read"}));
  CHECK(mcp["resource_name"] == "demo");
  auto sse = protected_resource_metadata(u, Transport::kSse, {}, "");
  CHECK(sse["resource"] == "https://h/demo/sse");
  CHECK_FALSE(sse.contains("resource_name"));
}

TEST_CASE("classify_scope_well_known: canonical and Claude.ai quirk paths") {
  using D = Document;
  using T = Transport;
  struct Case {
    std::string path;
    bool found;
    D doc;
    T transport;
  };
  const Case cases[] = {
      {"/.well-known/oauth-authorization-server", true, D::kAuthorizationServer, T::kMcp},
      {"/.well-known/oauth-authorization-server/", true, D::kAuthorizationServer, T::kMcp},
      {"/.well-known/openid-configuration", true, D::kOpenIdConfiguration, T::kMcp},
      {"/.well-known/oauth-protected-resource", true, D::kProtectedResource, T::kMcp},
      {"/.well-known/oauth-protected-resource/sse", true, D::kProtectedResource, T::kSse},
      {"/.well-known/oauth-protected-resource/mcp", true, D::kProtectedResource, T::kMcp},
      {"/.well-known/oauth-authorization-server/sse", true, D::kAuthorizationServer, T::kSse},
      {"/sse/.well-known/oauth-protected-resource", true, D::kProtectedResource, T::kSse},
      {"/mcp/.well-known/oauth-protected-resource", true, D::kProtectedResource, T::kMcp},
      {"/mcp/.well-known/openid-configuration", true, D::kOpenIdConfiguration, T::kMcp},
      {"/.well-known/other", false, D::kAuthorizationServer, T::kMcp},
      {"/.well-known/oauth-protected-resource/x", false, D::kAuthorizationServer, T::kMcp},
      {"/x/.well-known/oauth-protected-resource", false, D::kAuthorizationServer, T::kMcp},
      {"/mcp", false, D::kAuthorizationServer, T::kMcp},
      {"/mcp/.well-known/oauth-protected-resource/sse", false, D::kAuthorizationServer, T::kMcp},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    auto r = classify_scope_well_known(c.path);
    REQUIRE(r.has_value() == c.found);
    if (!r) continue;
    CHECK(r->document == c.doc);
    CHECK(r->transport == c.transport);
    CHECK(r->scope == "");
  }
}

TEST_CASE("classify_root_well_known: path-inserted forms and default-scope fallbacks") {
  auto exists = [](std::string_view s) { return s == "demo" || s == "Demo" || s == "production"; };
  using D = Document;
  using T = Transport;
  struct Case {
    std::string path;
    bool found;
    D doc;
    std::string scope;
    T transport;
  };
  const Case cases[] = {
      {"/.well-known/oauth-authorization-server", true, D::kAuthorizationServer, "", T::kMcp},
      {"/.well-known/oauth-authorization-server/demo", true, D::kAuthorizationServer, "demo",
       T::kMcp},
      {"/.well-known/oauth-authorization-server/demo/mcp", true, D::kAuthorizationServer, "demo",
       T::kMcp},
      {"/.well-known/openid-configuration/demo", true, D::kOpenIdConfiguration, "demo", T::kMcp},
      {"/.well-known/oauth-protected-resource/demo/mcp", true, D::kProtectedResource, "demo",
       T::kMcp},
      {"/.well-known/oauth-protected-resource/demo/sse", true, D::kProtectedResource, "demo",
       T::kSse},
      {"/.well-known/oauth-protected-resource/Demo/sse/", true, D::kProtectedResource, "Demo",
       T::kSse},
      {"/.well-known/oauth-protected-resource/demo", true, D::kProtectedResource, "demo", T::kMcp},
      {"/.well-known/oauth-protected-resource/sse", true, D::kProtectedResource, "", T::kSse},
      {"/.well-known/oauth-protected-resource/mcp", true, D::kProtectedResource, "", T::kMcp},
      {"/.well-known/oauth-protected-resource/nosuch", true, D::kProtectedResource, "nosuch",
       T::kMcp},
      {"/.well-known/oauth-protected-resource/demo/x", false, D::kProtectedResource, "", T::kMcp},
      {"/.well-known/oauth-protected-resource/a/b/c", false, D::kProtectedResource, "", T::kMcp},
      {"/.well-known/security.txt", false, D::kProtectedResource, "", T::kMcp},
      {"/demo/.well-known/oauth-protected-resource", false, D::kProtectedResource, "", T::kMcp},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    auto r = classify_root_well_known(c.path, exists);
    REQUIRE(r.has_value() == c.found);
    if (!r) continue;
    CHECK(r->document == c.doc);
    CHECK(r->scope == c.scope);
    CHECK(r->transport == c.transport);
  }
  auto mcp_scope = classify_root_well_known("/.well-known/oauth-protected-resource/mcp",
                                            [](std::string_view s) { return s == "mcp"; });
  CHECK(mcp_scope->scope == "mcp");
}

}  // namespace gw::oauth

namespace gw::oauth {
namespace {

TEST_CASE("retyped_url: the URL as the client typed it, where it names the same resource") {
  const std::string mcp = "https://h.example/demo/mcp";
  const std::string prm = "https://h.example/.well-known/oauth-protected-resource/demo/mcp";
  struct Case {
    std::string canonical;
    const char* typed;
    const char* expected;
  };
  const Case cases[] = {
      {mcp, "/demo/mcp", "https://h.example/demo/mcp"},
      {mcp, "/Demo/mcp", "https://h.example/Demo/mcp"},
      {mcp, "/demo/MCP/", "https://h.example/demo/MCP"},
      {mcp, "/mcp", "https://h.example/demo/mcp"},  // behind a proxy that strips the scope
      {mcp, "/other/mcp", "https://h.example/demo/mcp"},
      {mcp, "", "https://h.example/demo/mcp"},
      {mcp, "demo/mcp", "https://h.example/demo/mcp"},
      {prm, "/Demo/mcp", "https://h.example/.well-known/oauth-protected-resource/Demo/mcp"},
      {mcp, "/a/very/long/path/that/is/longer/than/the/url/itself", "https://h.example/demo/mcp"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.typed);
    CHECK(retyped_url(c.canonical, c.typed) == c.expected);
  }
}

}  // namespace
}  // namespace gw::oauth
