#include "oauth/cimd.h"

#include <doctest/doctest.h>

namespace gw::oauth {

namespace {
const RedirectPolicy kCimdPolicy{{"claude.ai"}, false};
const std::string kUrl = "https://claude.ai/oauth/mcp-oauth-client-metadata";
}  // namespace

TEST_CASE("validate_metadata_url") {
  struct Case {
    std::string url;
    std::string error;
  };
  const Case cases[] = {
      {kUrl, ""},
      {"https://example.com/client.json?v=1", ""},
      {"http://claude.ai/oauth/x", "client_id URL must be https"},
      {"HTTPS://claude.ai/oauth/x", "client_id URL must be https"},
      {"https://claude.ai", "client_id URL must have a path"},
      {"https://claude.ai/", "client_id URL must have a path"},
      {"https://claude.ai/a#b", "client_id URL must not contain a fragment"},
      {"https://u@claude.ai/a", "client_id URL must not contain user information"},
      {"https://claude.ai/a/../b", "client_id URL must not contain dot segments"},
      {"https://claude.ai/./b", "client_id URL must not contain dot segments"},
      {"https://claude.ai/a/..", "client_id URL must not contain dot segments"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.url);
    CHECK(validate_metadata_url(c.url).message() == c.error);
  }
  CHECK(looks_like_metadata_url(kUrl));
  CHECK_FALSE(looks_like_metadata_url("abc"));
  CHECK_FALSE(looks_like_metadata_url("http://x/y"));
}

TEST_CASE("validate_metadata_document") {
  auto good = validate_metadata_document(
      kUrl,
      R"({"client_id":")" + kUrl +
          R"(","client_name":"Claude","redirect_uris":["https://claude.ai/api/mcp/auth_callback"],
          "token_endpoint_auth_method":"none"})",
      kCimdPolicy, 7);
  REQUIRE(good.is_ok());
  CHECK(good->client_id == kUrl);
  CHECK(good->client_name == "Claude");
  CHECK(good->auth_method == AuthMethod::kNone);
  CHECK(good->origin == ClientOrigin::kMetadataDocument);
  CHECK(good->redirect_uris.size() == 1);

  struct Case {
    std::string body;
    std::string error;
  };
  const std::string id = R"("client_id":")" + kUrl + "\"";
  const Case cases[] = {
      {"[]", "client metadata document is not a JSON object"},
      {R"({"client_id":"https://claude.ai/other","client_name":"x","redirect_uris":["https://claude.ai/cb"]})",
       "client metadata document's client_id does not equal its URL"},
      {"{" + id + R"(,"redirect_uris":["https://claude.ai/cb"]})",
       "client metadata document has no client_name"},
      {"{" + id + R"(,"client_name":"x"})", "client metadata document has no redirect_uris"},
      {"{" + id + R"(,"client_name":"x","redirect_uris":["https://evil.com/cb"]})",
       "client metadata document: redirect URI host evil.com is not allowed for this scope"},
      {"{" + id +
           R"(,"client_name":"x","redirect_uris":["https://claude.ai/cb"],"client_secret":"s"})",
       "client metadata document must not contain a client secret"},
      {"{" + id +
           R"(,"client_name":"x","redirect_uris":["https://claude.ai/cb"],"token_endpoint_auth_method":"client_secret_basic"})",
       "client metadata document: only token_endpoint_auth_method none is supported"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    auto r = validate_metadata_document(kUrl, c.body, kCimdPolicy, 1);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().message() == c.error);
  }
}

TEST_CASE("validate_metadata_document: a long client_name is cut between characters") {
  // Found by fuzz_cimd: a 200-byte cut through a two-byte character left invalid UTF-8, and the
  // client's metadata then threw when serialised.
  struct Case {
    std::string name;
    std::string kept;
  };
  const std::string n199(199, 'N');
  const Case cases[] = {
      {n199 + "\u00e9\u00e9", n199},                              // é (2 bytes) straddles byte 200
      {n199 + "N\u00e9", n199 + "N"},                             // the cut falls on a boundary
      {std::string(198, 'N') + "\u20ac", std::string(198, 'N')},  // € (3 bytes) straddles it
      {std::string(198, 'N') + "\u00e9", std::string(198, 'N') + "\u00e9"},  // fits whole
  };
  for (const auto& c : cases) {
    auto r =
        validate_metadata_document(kUrl,
                                   R"({"client_id":")" + kUrl + R"(","client_name":")" + c.name +
                                       R"(","redirect_uris":["https://claude.ai/cb"]})",
                                   kCimdPolicy, 1);
    REQUIRE(r.is_ok());
    CHECK(r->client_name == c.kept);
    CHECK(r->metadata["client_name"] == c.kept);
    CHECK_NOTHROW(r->metadata.dump());
  }
}

TEST_CASE("cache_seconds") {
  struct Case {
    std::string header;
    std::int64_t seconds;
  };
  const Case cases[] = {
      {"", kDefaultCacheSeconds},
      {"max-age=600", 600},
      {"public, max-age=60", 60},
      {"max-age=99999999999999", kMaxCacheSeconds},
      {"no-store", 0},
      {"no-cache, max-age=60", 0},
      {"max-age=", kDefaultCacheSeconds},
      {"Max-Age=10", 10},
  };
  for (const auto& c : cases) {
    CAPTURE(c.header);
    CHECK(cache_seconds(c.header) == c.seconds);
  }
}

TEST_CASE("is_non_public_address") {
  struct Case {
    std::string ip;
    bool blocked;
  };
  const Case cases[] = {
      {"8.8.8.8", false},
      {"160.79.104.10", false},
      {"2606:4700::1111", false},
      {"127.0.0.1", true},
      {"10.1.2.3", true},
      {"172.16.0.1", true},
      {"172.31.255.255", true},
      {"172.32.0.1", false},
      {"192.168.1.1", true},
      {"169.254.169.254", true},
      {"100.64.0.1", true},
      {"0.0.0.0", true},
      {"224.0.0.1", true},
      {"255.255.255.255", true},
      {"::1", true},
      {"::", true},
      {"fe80::1", true},
      {"fd00::1", true},
      {"::ffff:127.0.0.1", true},
      {"::ffff:8.8.8.8", false},
      {"ff02::1", true},
      {"not an ip", true},
  };
  for (const auto& c : cases) {
    CAPTURE(c.ip);
    CHECK(is_non_public_address(c.ip) == c.blocked);
  }
}

}  // namespace gw::oauth
