#include "http/scope_router.h"

#include <doctest/doctest.h>

using gw::http::Route;
using gw::http::RouteInput;
using gw::http::ScopeRouter;

namespace {

constexpr int kDemo = 0;
constexpr int kProduction = 1;
constexpr auto kScope = Route::Kind::kScope;
constexpr auto kServer = Route::Kind::kServer;
constexpr auto kNotFound = Route::Kind::kNotFound;

struct Case {
  const char* path;
  std::optional<std::string_view> header;
  bool trusted;
  Route expected;
};

}  // namespace

TEST_CASE("ScopeRouter maps path prefixes and trusted headers to a scope and inner path") {
  const ScopeRouter router({"/demo", "/production", "/demonstration"}, -1);
  const std::vector<Case> cases = {
      {"/demo/health", std::nullopt, false, {kScope, kDemo, "/health"}},
      {"/demo", std::nullopt, false, {kScope, kDemo, "/"}},
      {"/demo/", std::nullopt, false, {kScope, kDemo, "/"}},
      {"/demo/mcp/", std::nullopt, false, {kScope, kDemo, "/mcp"}},
      {"/Demo/mcp", std::nullopt, false, {kScope, kDemo, "/mcp"}},
      {"/DEMO/sse", std::nullopt, false, {kScope, kDemo, "/sse"}},
      {"/demonstration/health", std::nullopt, false, {kScope, 2, "/health"}},
      {"/demox/health", std::nullopt, false, {kServer, -1, "/demox/health"}},
      {"/production/mcp", std::nullopt, false, {kScope, kProduction, "/mcp"}},
      {"/health", std::nullopt, false, {kServer, -1, "/health"}},
      {"/", std::nullopt, false, {kServer, -1, "/"}},
      {"", std::nullopt, false, {kServer, -1, "/"}},
      // Behind NGINX: prefix stripped, scope in the header.
      {"/health", "/demo", true, {kScope, kDemo, "/health"}},
      {"/mcp", "/Production/", true, {kScope, kProduction, "/mcp"}},
      {"/demo/health", "/demo", true, {kScope, kDemo, "/health"}},
      {"/health", "/nope", true, {kNotFound, -1, "/health"}},
      // The header from an untrusted peer is ignored: no scope can be chosen by a client.
      {"/health", "/demo", false, {kServer, -1, "/health"}},
      {"/production/mcp", "/demo", false, {kScope, kProduction, "/mcp"}},
      // RFC 8414 / 9728 path insertion.
      {"/.well-known/oauth-protected-resource/demo/mcp",
       std::nullopt,
       false,
       {kScope, kDemo, "/.well-known/oauth-protected-resource/mcp"}},
      {"/.well-known/oauth-authorization-server/demo",
       std::nullopt,
       false,
       {kScope, kDemo, "/.well-known/oauth-authorization-server"}},
      {"/.well-known/openid-configuration/Production/",
       std::nullopt,
       false,
       {kScope, kProduction, "/.well-known/openid-configuration"}},
      {"/demo/.well-known/openid-configuration",
       std::nullopt,
       false,
       {kScope, kDemo, "/.well-known/openid-configuration"}},
      {"/demo/mcp/.well-known/oauth-protected-resource",
       std::nullopt,
       false,
       {kScope, kDemo, "/mcp/.well-known/oauth-protected-resource"}},
      {"/.well-known/oauth-authorization-server",
       std::nullopt,
       false,
       {kServer, -1, "/.well-known/oauth-authorization-server"}},
      {"/authorize", std::nullopt, false, {kServer, -1, "/authorize"}},
      // Not an origin-form path (found by fuzzing): no scope, even with a trusted header.
      {"*", std::nullopt, false, {kNotFound, -1, "*"}},
      {"demo/health", "/production", true, {kNotFound, -1, "demo/health"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    CAPTURE(c.header.value_or("(none)"));
    CHECK(router.route({c.path, c.header, c.trusted}) == c.expected);
  }
}

TEST_CASE("root discovery and OAuth endpoints go to the default scope when one is set") {
  const ScopeRouter router({"/demo", "/production"}, kProduction);
  const std::vector<Case> cases = {
      {"/.well-known/oauth-authorization-server",
       std::nullopt,
       false,
       {kScope, kProduction, "/.well-known/oauth-authorization-server", true}},
      {"/.well-known/oauth-protected-resource/sse",
       std::nullopt,
       false,
       {kScope, kProduction, "/.well-known/oauth-protected-resource/sse", true}},
      {"/.well-known/oauth-protected-resource/demo/sse",
       std::nullopt,
       false,
       {kScope, kDemo, "/.well-known/oauth-protected-resource/sse"}},
      {"/authorize", std::nullopt, false, {kScope, kProduction, "/authorize", true}},
      {"/token", std::nullopt, false, {kScope, kProduction, "/token", true}},
      {"/register/", std::nullopt, false, {kScope, kProduction, "/register", true}},
      {"/health", std::nullopt, false, {kServer, -1, "/health"}},
      {"/mcp", std::nullopt, false, {kServer, -1, "/mcp"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    CHECK(router.route({c.path, c.header, c.trusted}) == c.expected);
  }
}
