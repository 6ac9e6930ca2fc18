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
      {"https://claude.ai:443/a", ""},
      {"https://claude.ai:65535/a", ""},
      // Ports are checked numbers: never an exception (std::stoi) or a wrap past 65535.
      {"https://claude.ai:99999999999999999999/a",
       "client_id URL: URL port must be a number from 1 to 65535"},
      {"https://claude.ai:70000/a", "client_id URL: URL port must be a number from 1 to 65535"},
      {"https://claude.ai:65536/a", "client_id URL: URL port must be a number from 1 to 65535"},
      {"https://claude.ai:0/a", "client_id URL: URL port must be a number from 1 to 65535"},
      {"https://claude.ai:-1/a", "client_id URL: URL port must be a number from 1 to 65535"},
      {"https://claude.ai:+443/a", "client_id URL: URL port must be a number from 1 to 65535"},
      {"https://[::1]:99999/a", "client_id URL: URL port must be a number from 1 to 65535"},
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
      {"max-age=99999999999999999999", kMaxCacheSeconds},  // past int64: the bound, no throw
      {"max-age=\"120\"", 120},
      {"max-age=-5", kDefaultCacheSeconds},
      {"max-age=1e3", kDefaultCacheSeconds},
      {"s-maxage=5", kDefaultCacheSeconds},  // a shared cache's directive, not ours
      {"x-max-age=5", kDefaultCacheSeconds},
      {"private, max-age=0", 0},
  };
  for (const auto& c : cases) {
    CAPTURE(c.header);
    CHECK(cache_seconds(c.header) == c.seconds);
  }
}

TEST_CASE("cache_seconds: Expires against Date when there is no max-age") {
  struct Case {
    std::string cache_control;
    std::string expires;
    std::string date;
    std::int64_t seconds;
  };
  const std::string date = "Sun, 06 Nov 1994 08:49:37 GMT";
  const Case cases[] = {
      {"", "Sun, 06 Nov 1994 08:59:37 GMT", date, 600},
      {"", "Mon, 07 Nov 1994 08:49:37 GMT", date, 86400},
      {"", "Wed, 01 Mar 2000 00:00:00 GMT", "Tue, 29 Feb 2000 23:59:00 GMT", 60},  // leap day
      {"", "Sun, 06 Nov 1994 08:49:36 GMT", date, 0},                              // in the past
      {"", "Sat, 06 Nov 2094 08:49:37 GMT", date, kMaxCacheSeconds},
      {"", "0", date, 0},  // invalid: already expired
      {"", "Sun, 06 Nov 1994 08:59:37 CET", date, 0},
      {"max-age=30", "Sun, 06 Nov 1994 08:59:37 GMT", date, 30},  // max-age wins
      {"no-store", "Sun, 06 Nov 1994 08:59:37 GMT", date, 0},
      {"", "Sun, 06 Nov 1994 08:59:37 GMT", "", kDefaultCacheSeconds},  // no Date to compare
      {"", "", date, kDefaultCacheSeconds},
  };
  for (const auto& c : cases) {
    CAPTURE(c.expires);
    CHECK(cache_seconds(c.cache_control, c.expires, c.date) == c.seconds);
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
      // IPv4 special-purpose blocks (IANA registry).
      {"192.0.2.1", true},
      {"198.51.100.7", true},
      {"203.0.113.9", true},
      {"192.88.99.1", true},
      {"192.0.0.8", true},
      {"198.19.0.1", true},
      {"240.0.0.1", true},
      {"192.0.3.1", false},
      {"203.0.114.1", false},
      // Every IPv6 form that embeds or maps a refused IPv4 address.
      {"::127.0.0.1", true},         // IPv4-compatible (deprecated)
      {"::8.8.8.8", true},           // ... refused whatever it embeds
      {"::ffff:0:127.0.0.1", true},  // IPv4-translated
      {"::ffff:0:8.8.8.8", true},
      {"::ffff:10.0.0.1", true},  // IPv4-mapped
      {"::ffff:169.254.169.254", true},
      {"64:ff9b::127.0.0.1", true},  // NAT64 well-known prefix
      {"64:ff9b::10.0.0.1", true},
      {"64:ff9b::8.8.8.8", false},   // NAT64 to a public address: DNS64 networks need it
      {"64:ff9b:1::8.8.8.8", true},  // local-use NAT64
      {"2002:7f00:1::1", true},      // 6to4 of 127.0.0.1
      {"2002:808:808::1", true},     // 6to4 at all
      {"2001:0:4136:e378:8000:63bf:3fff:fdd2", true},  // Teredo
      {"2001::1", true},
      {"2001:1:ffff::1", true},  // 2001::/23 IETF protocol assignments
      {"2001:2::1", true},       // benchmarking
      {"2001:db8::1", true},     // documentation
      {"2001:200::1", false},    // just past 2001::/23: ordinary global unicast
      {"3fff::1", true},         // documentation (RFC 9637)
      {"3fff:1000::1", false},   // past 3fff::/20
      // IANA IPv6 special-purpose blocks outside global unicast.
      {"100::1", true},        // discard-only
      {"100:0:0:1::1", true},  // dummy prefix
      {"5f00::1", true},       // SRv6 SIDs
      {"fec0::1", true},       // site-local (deprecated)
      {"fe80::1%eth0", true},  // a zone index does not parse: refused
      {"4000::1", true},       // unallocated
      {"2a00:1450:4001:80e::200e", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.ip);
    CHECK(is_non_public_address(c.ip) == c.blocked);
  }
}

}  // namespace gw::oauth
