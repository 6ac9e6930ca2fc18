#include "oauth/authorization_endpoint.h"

#include <doctest/doctest.h>

#include <regex>

#include "oauth/journal_store.h"
#include "oauth/password.h"
#include "oauth/sign_in_page.h"
#include "oauth/test_vectors.h"

namespace gw::oauth {
namespace {

struct AuthorizeFixture {
  ManualClock clock;
  std::unique_ptr<JournalStore> store = JournalStore::in_memory();
  TokenService tokens{*store, clock, scope_urls("https://h", "/demo"), {"mssql.read"}, {}};
  AuthorizationEndpoint endpoint;

  explicit AuthorizeFixture(SignInMode mode = SignInMode::kPassword)
      : endpoint(
            tokens, clock, [this](const std::string& id) { return resolve(id); },
            {{"alice", hash_password("wonderland", {1024, 8, 1}).value()}}, mode, "demo") {
    REQUIRE(store->put_client(resolve("c1").value()).is_ok());
  }

  Result<ClientRecord> resolve(const std::string& id) {
    if (id != "c1") return not_found("unknown client_id " + id);
    ClientRecord c;
    c.client_id = "c1";
    c.client_name = "Claude <beta>";
    c.origin = ClientOrigin::kPreregistered;
    c.redirect_uris = {kRedirect, "http://127.0.0.1:3000/callback"};
    return c;
  }

  static Params query() {
    return {{"response_type", "code"},         {"client_id", "c1"},
            {"redirect_uri", kRedirect},       {"state", "st&1"},
            {"code_challenge", kChallenge},    {"code_challenge_method", "S256"},
            {"resource", "https://h/demo/mcp"}};
  }
};

std::string field(const std::string& html, const std::string& name) {
  std::smatch m;
  std::regex re("name=\"" + name + "\" value=\"([^\"]*)\"");
  REQUIRE(std::regex_search(html, m, re));
  return m[1];
}

Params form_from(const std::string& html, const std::string& user, const std::string& pw) {
  return {{"request_id", field(html, "request_id")},
          {"csrf_token", field(html, "csrf_token")},
          {"username", user},
          {"password", pw},
          {"action", "allow"}};
}

}  // namespace

TEST_CASE("authorize: sign-in page, then a redirect with code, state and iss") {
  AuthorizeFixture f;
  auto page = f.endpoint.begin(AuthorizeFixture::query(), "1.2.3.4");
  CHECK(page.status == 200);
  CHECK(page.location.empty());
  CHECK(page.html.find("Claude &lt;beta&gt;") != std::string::npos);     // escaped client name
  CHECK(page.html.find("<code>claude.ai</code>") != std::string::npos);  // redirect host shown
  CHECK(page.html.find("action=\"https://h/demo/authorize\"") != std::string::npos);
  CHECK(page.html.find("<script") == std::string::npos);
  auto done = f.endpoint.submit(form_from(page.html, "alice", "wonderland"), "1.2.3.4");
  REQUIRE(done.status == 302);
  std::smatch m;
  REQUIRE(std::regex_match(
      done.location, m,
      std::regex("https://claude\\.ai/api/mcp/auth_callback\\?code=([A-Za-z0-9_-]{43})"
                 "&state=st%261&iss=https%3A%2F%2Fh%2Fdemo")));
  ClientCredentials req{{{"grant_type", "authorization_code"},
                         {"code", m[1]},
                         {"redirect_uri", kRedirect},
                         {"code_verifier", kVerifier},
                         {"client_id", "c1"}},
                        ""};
  auto tokens = f.tokens.exchange(req);
  if (!tokens) FAIL(tokens.status().to_string());
  CHECK(f.tokens.validate_access_token((*tokens)["access_token"])->user == "alice");
  // The pending authorization is single-use.
  auto again = f.endpoint.submit(form_from(page.html, "alice", "wonderland"), "1.2.3.4");
  CHECK(again.status == 400);
  CHECK(f.endpoint.pending_count() == 0);
}

TEST_CASE("authorize: errors before the redirect URI is trusted are pages, never redirects") {
  struct Case {
    std::string key;
    std::string value;
    bool erase;
    std::string text;
  };
  const Case cases[] = {
      {"client_id", "", true, "client_id is required."},
      {"client_id", "nobody", false, "unknown client_id nobody"},
      {"redirect_uri", "https://evil.com/cb", false,
       "redirect_uri is not registered for this client"},
      {"redirect_uri", "https://claude.ai.evil.com/api/mcp/auth_callback", false,
       "redirect_uri is not registered for this client"},
      {"redirect_uri", "", true, "redirect_uri is required"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.key);
    CAPTURE(c.value);
    AuthorizeFixture f;
    Params q = AuthorizeFixture::query();
    if (c.erase)
      q.erase(c.key);
    else
      q[c.key] = c.value;
    auto r = f.endpoint.begin(q, "a");
    CHECK(r.status == 400);
    CHECK(r.location.empty());
    CHECK(r.html.find(html_escape(c.text)) != std::string::npos);
  }
}

TEST_CASE("authorize: errors after the redirect URI is trusted redirect with error, state, iss") {
  struct Case {
    std::string key;
    std::string value;
    bool erase;
    std::string location;
  };
  const std::string base = std::string(kRedirect) + "?error=";
  const Case cases[] = {
      {"code_challenge", "", true,
       base + "invalid_request&error_description=code_challenge%20is%20required%20%28PKCE%20S256%29"
              "&state=st%261&iss=https%3A%2F%2Fh%2Fdemo"},
      {"code_challenge_method", "plain", false,
       base + "invalid_request&error_description=code_challenge_method%20must%20be%20S256"
              "&state=st%261&iss=https%3A%2F%2Fh%2Fdemo"},
      {"response_type", "token", false,
       base + "unsupported_response_type&error_description=only%20response_type%3Dcode%20is%20"
              "supported&state=st%261&iss=https%3A%2F%2Fh%2Fdemo"},
      {"resource", "https://h/production/mcp", false,
       base + "invalid_target&error_description=resource%20must%20be%20https%3A%2F%2Fh%2Fdemo%2Fmcp"
              "&state=st%261&iss=https%3A%2F%2Fh%2Fdemo"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.key);
    AuthorizeFixture f;
    Params q = AuthorizeFixture::query();
    if (c.erase)
      q.erase(c.key);
    else
      q[c.key] = c.value;
    auto r = f.endpoint.begin(q, "a");
    CHECK(r.status == 302);
    CHECK(r.location == c.location);
  }
}

TEST_CASE("authorize: CSRF token, wrong password, lockout, deny") {
  AuthorizeFixture f;
  auto page = f.endpoint.begin(AuthorizeFixture::query(), "addr");
  Params form = form_from(page.html, "alice", "wonderland");

  Params no_csrf = form;
  no_csrf.erase("csrf_token");
  auto r = f.endpoint.submit(no_csrf, "addr");
  CHECK(r.status == 403);
  CHECK(r.html.find("CSRF check failed") != std::string::npos);
  Params bad_csrf = form;
  bad_csrf["csrf_token"] = std::string(43, 'A');
  CHECK(f.endpoint.submit(bad_csrf, "addr").status == 403);

  Params wrong = form;
  wrong["password"] = "nope";
  for (int i = 0; i < 5; ++i) {
    auto w = f.endpoint.submit(wrong, "addr");
    CHECK(w.status == 401);
    CHECK(w.html.find("Wrong user name or password.") != std::string::npos);
    CHECK(w.html.find("value=\"alice\"") != std::string::npos);
  }
  auto locked = f.endpoint.submit(form, "addr");  // even the right password, while locked out
  CHECK(locked.status == 429);
  CHECK(locked.retry_after_s == 900);
  CHECK(locked.html.find("Too many failed sign-ins.") != std::string::npos);
  f.clock.advance_seconds(900);
  // The pending authorization expired meanwhile (10 min): start again.
  CHECK(f.endpoint.submit(form, "addr").status == 400);
  auto page2 = f.endpoint.begin(AuthorizeFixture::query(), "addr");
  CHECK(f.endpoint.submit(form_from(page2.html, "alice", "wonderland"), "addr").status == 302);

  auto page3 = f.endpoint.begin(AuthorizeFixture::query(), "addr");
  Params deny = form_from(page3.html, "", "");
  deny["action"] = "deny";
  auto denied = f.endpoint.submit(deny, "addr");
  CHECK(denied.status == 302);
  CHECK(denied.location == std::string(kRedirect) +
                               "?error=access_denied&error_description=the%20user%20denied%20access"
                               "&state=st%261&iss=https%3A%2F%2Fh%2Fdemo");
}

TEST_CASE("authorize: lockout per address across user names") {
  AuthorizeFixture f;
  auto page = f.endpoint.begin(AuthorizeFixture::query(), "evil");
  for (int i = 0; i < 20; ++i) {
    auto w = f.endpoint.submit(form_from(page.html, "user" + std::to_string(i), "x"), "evil");
    CHECK(w.status == 401);
  }
  CHECK(f.endpoint.submit(form_from(page.html, "alice", "wonderland"), "evil").status == 429);
  CHECK(f.endpoint.submit(form_from(page.html, "alice", "wonderland"), "other").status == 302);
}

TEST_CASE("authorize: guessing from one address does not lock the user out elsewhere") {
  AuthorizeFixture f;
  auto page = f.endpoint.begin(AuthorizeFixture::query(), "evil");
  for (int i = 0; i < 5; ++i) {
    CHECK(f.endpoint.submit(form_from(page.html, "alice", "guess"), "evil").status == 401);
  }
  auto throttled = f.endpoint.submit(form_from(page.html, "alice", "wonderland"), "evil");
  CHECK(throttled.status == 429);
  CHECK(throttled.retry_after_s == 900);
  auto home = f.endpoint.begin(AuthorizeFixture::query(), "home");
  CHECK(f.endpoint.submit(form_from(home.html, "alice", "wonderland"), "home").status == 302);
}

TEST_CASE("authorize: guessing spread over many addresses meets the per-user ceiling") {
  AuthorizeFixture f;
  auto page = f.endpoint.begin(AuthorizeFixture::query(), "x");
  for (int i = 0; i < 100; ++i) {
    const std::string address = "bot" + std::to_string(i / 4);  // 4 each: under 5 per address
    CHECK(f.endpoint.submit(form_from(page.html, "alice", "guess"), address).status == 401);
  }
  auto home = f.endpoint.begin(AuthorizeFixture::query(), "home");
  auto refused = f.endpoint.submit(form_from(home.html, "alice", "wonderland"), "home");
  CHECK(refused.status == 429);
  CHECK(refused.retry_after_s == 900);
  // Other users are not affected.
  CHECK(f.endpoint.submit(form_from(home.html, "bob", "x"), "home").status == 401);
  f.clock.advance_seconds(900);
  auto later = f.endpoint.begin(AuthorizeFixture::query(), "home");
  CHECK(f.endpoint.submit(form_from(later.html, "alice", "wonderland"), "home").status == 302);
}

TEST_CASE("authorize: a flood of requests from other addresses keeps a pending sign-in") {
  AuthorizeFixture f;
  auto victim = f.endpoint.begin(AuthorizeFixture::query(), "victim");
  for (int a = 0; a < 5; ++a) {
    for (int i = 0; i < 240; ++i) {
      f.endpoint.begin(AuthorizeFixture::query(), "flood" + std::to_string(a));
    }
  }
  CHECK(f.endpoint.pending_count("flood0") == 50);
  CHECK(f.endpoint.submit(form_from(victim.html, "alice", "wonderland"), "victim").status == 302);
}

TEST_CASE("authorize: requests per address are limited, before the client is looked up") {
  for (SignInMode mode : {SignInMode::kPassword, SignInMode::kAuto}) {
    AuthorizeFixture f(mode);
    const int expected = mode == SignInMode::kAuto ? 302 : 200;
    for (int i = 0; i < 300; ++i) {
      REQUIRE(f.endpoint.begin(AuthorizeFixture::query(), "flood").status == expected);
    }
    Params unknown = AuthorizeFixture::query();
    unknown["client_id"] = "https://attacker.example/metadata";  // would be fetched if resolved
    for (const Params& q : {AuthorizeFixture::query(), unknown}) {
      auto refused = f.endpoint.begin(q, "flood");
      CHECK(refused.status == 429);
      CHECK(refused.location.empty());
      CHECK(refused.retry_after_s == 600);
      CHECK(refused.html.find(
                "Too many authorization requests from this address. Wait a few minutes, "
                "then try again.") != std::string::npos);
    }
    // A pending sign-in per request, up to the per-address bound.
    CHECK(f.endpoint.pending_count("flood") == (mode == SignInMode::kAuto ? 0 : 50));
    CHECK(f.endpoint.begin(AuthorizeFixture::query(), "someone else").status == expected);
    f.clock.advance_seconds(600);
    CHECK(f.endpoint.begin(AuthorizeFixture::query(), "flood").status == expected);
  }
}

TEST_CASE("authorize: sign_in auto approves without a person") {
  AuthorizeFixture f(SignInMode::kAuto);
  auto r = f.endpoint.begin(AuthorizeFixture::query(), "a");
  CHECK(r.status == 302);
  CHECK(r.location.rfind(std::string(kRedirect) + "?code=", 0) == 0);
  CHECK(r.location.find("&state=st%261&iss=https%3A%2F%2Fh%2Fdemo") != std::string::npos);
}

TEST_CASE("build_redirect keeps an existing query") {
  CHECK(build_redirect("https://a/cb?x=1", {{"code", "c d"}}) == "https://a/cb?x=1&code=c%20d");
  CHECK(build_redirect("https://a/cb", {{"code", "c"}, {"state", "s"}}) ==
        "https://a/cb?code=c&state=s");
}

}  // namespace gw::oauth
