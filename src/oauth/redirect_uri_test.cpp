#include "oauth/redirect_uri.h"

#include <doctest/doctest.h>

namespace gw::oauth {

TEST_CASE("parse_url") {
  auto u = parse_url("HTTPS://User@Claude.AI:8443/api/cb?x=1#frag").value();
  CHECK(u.scheme == "https");
  CHECK(u.host == "claude.ai");
  CHECK(u.port == "8443");
  CHECK(u.path == "/api/cb");
  CHECK(u.query == "x=1");
  CHECK(u.has_userinfo);
  CHECK(u.has_fragment);
  auto v6 = parse_url("http://[::1]:3000/callback").value();
  CHECK(v6.host == "[::1]");
  CHECK(v6.port == "3000");
  auto bare = parse_url("https://claude.ai").value();
  CHECK(bare.path == "");
  CHECK(parse_url("https://user@claude.ai@evil.com/").value().host == "evil.com");
  for (std::string bad : {"", "claude.ai/cb", "https:/x", "https://", "https://h:8x/", "://h/"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_url(bad).is_ok());
  }
}

TEST_CASE("validate_redirect_uri: accepted and refused, with the reason") {
  RedirectPolicy policy{{"claude.ai", "claude.com", "chatgpt.com"}, true};
  RedirectPolicy strict{{"claude.ai"}, false};
  struct Case {
    std::string uri;
    const RedirectPolicy* policy;
    std::string error;
  };
  const Case cases[] = {
      {"https://claude.ai/api/mcp/auth_callback", &policy, ""},
      {"https://claude.com/api/mcp/auth_callback", &policy, ""},
      {"https://chatgpt.com/connector/oauth/abc123", &policy, ""},
      {"https://www.claude.ai/cb", &policy, ""},
      {"https://CLAUDE.AI/cb", &policy, ""},
      {"https://claude.ai:443/cb?x=1", &policy, ""},
      {"http://localhost:3000/callback", &policy, ""},
      {"http://127.0.0.1:54321/callback", &policy, ""},
      {"http://[::1]:8080/cb", &policy, ""},
      {"http://localhost/cb", &policy, ""},
      {"https://claude.ai.evil.com/cb", &policy,
       "redirect URI host claude.ai.evil.com is not allowed for this scope"},
      {"https://evilclaude.ai/cb", &policy,
       "redirect URI host evilclaude.ai is not allowed for this scope"},
      {"https://user@claude.ai@evil.com/cb", &policy,
       "redirect URI must not contain user information"},
      {"https://user@claude.ai/cb", &policy, "redirect URI must not contain user information"},
      {"https://claude.ai/cb#frag", &policy, "redirect URI must not contain a fragment"},
      {"https://claude.ai/cb#", &policy, "redirect URI must not contain a fragment"},
      {"http://claude.ai/cb", &policy,
       "redirect URI must use https (http only on a loopback host)"},
      {"http://127.0.0.2/cb", &policy,
       "redirect URI must use https (http only on a loopback host)"},
      {"http://localhost.evil.com/cb", &policy,
       "redirect URI must use https (http only on a loopback host)"},
      {"http://localhost:3000/callback", &strict,
       "loopback redirect URIs are not allowed for this scope"},
      {"https://localhost/cb", &strict,
       "redirect URI host localhost is not allowed for this scope"},
      {"cursor://anysphere/cb", &policy, "redirect URI must use https"},
      {"javascript:alert(1)", &policy, "redirect URI is not an absolute URL"},
      {"ftp://claude.ai/cb", &policy, "redirect URI must use https"},
      {"/relative/cb", &policy, "redirect URI is not an absolute URL"},
      {"https://claude.ai./cb", &policy, "redirect URI host is not a valid name"},
      {"https://claude..ai/cb", &policy, "redirect URI host is not a valid name"},
      {"https://claude.ai%2eevil.com/cb", &policy, "redirect URI host is not a valid name"},
      {"https://claude.ai/c b", &policy, "redirect URI contains a character that is not allowed"},
      {"https://claude.ai\\@evil.com/cb", &policy,
       "redirect URI must not contain user information"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.uri);
    Status s = validate_redirect_uri(c.uri, *c.policy);
    CHECK(s.message() == c.error);
    CHECK(s.is_ok() == c.error.empty());
  }
}

TEST_CASE("redirect_uri_registered: exact, except the loopback port") {
  const std::vector<std::string> reg = {"https://claude.ai/api/mcp/auth_callback",
                                        "http://127.0.0.1:3000/callback"};
  struct Case {
    std::string uri;
    bool ok;
  };
  const Case cases[] = {
      {"https://claude.ai/api/mcp/auth_callback", true},
      {"https://claude.ai/api/mcp/auth_callback/", false},
      {"https://claude.ai/api/mcp/auth_callback?x=1", false},
      {"https://CLAUDE.ai/api/mcp/auth_callback", false},
      {"https://claude.ai:8443/api/mcp/auth_callback", false},
      {"http://127.0.0.1:3000/callback", true},
      {"http://127.0.0.1:49152/callback", true},
      {"http://127.0.0.1/callback", true},
      {"http://127.0.0.1:3000/other", false},
      {"http://localhost:3000/callback", false},
      {"http://127.0.0.1:3000/callback#x", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.uri);
    CHECK(redirect_uri_registered(c.uri, reg) == c.ok);
  }
}

}  // namespace gw::oauth
