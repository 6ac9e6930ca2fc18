// Fuzz target: redirect URI checks (OAuth 2.1 §2.3.1, §7.5.1; RFC 8252 §7.3). For any bytes:
// parse_url and validate_redirect_uri return; an accepted URI has no fragment, no user information,
// no byte that could split a Location header, and https or loopback http;
// a URI that matches a registered one (exactly or by the loopback port rule) is itself valid.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "oauth/redirect_uri.h"

namespace {

const gw::oauth::RedirectPolicy kPolicies[] = {
    {{"claude.ai", "claude.com", "chatgpt.com"}, true},
    {{"example.com"}, false},
};

const std::vector<std::string> kRegistered = {
    "https://claude.ai/api/mcp/auth_callback",
    "http://127.0.0.1:3000/callback",
    "http://localhost/cb?x=1",
    "http://[::1]:8080/",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view uri = gw::fuzz::as_text(data, size);
  auto url = gw::oauth::parse_url(uri);
  if (url) {
    gw::fuzz::require(!url->host.empty(), "a parsed URL has a host");
    gw::fuzz::require(url->path.empty() || url->path[0] == '/', "a parsed path starts with '/'");
  }
  for (const auto& policy : kPolicies) {
    const gw::Status status = gw::oauth::validate_redirect_uri(uri, policy);
    if (!status.is_ok()) {
      gw::fuzz::require(!status.message().empty(), "a refusal says why");
      continue;
    }
    gw::fuzz::require(url.is_ok(), "an accepted redirect URI parses");
    gw::fuzz::require(!url->has_fragment && uri.find('#') == std::string_view::npos,
                      "an accepted redirect URI has no fragment");
    gw::fuzz::require(!url->has_userinfo, "an accepted redirect URI has no user information");
    gw::fuzz::require(!gw::fuzz::has_header_breaking_byte(uri),
                      "an accepted redirect URI has no CR, LF or NUL");
    gw::fuzz::require(
        url->scheme == "https" || (url->scheme == "http" && gw::oauth::is_loopback_host(url->host)),
        "an accepted redirect URI is https or loopback http");
  }
  // Every registration passes kPolicies[0], so a URI it matches (exactly, or on another loopback
  // port) must pass too: the port rule must not let anything else through.
  if (gw::oauth::redirect_uri_registered(uri, kRegistered)) {
    gw::fuzz::require(gw::oauth::validate_redirect_uri(uri, kPolicies[0]).is_ok(),
                      "a URI matching a registration is itself a valid redirect URI");
  }
  return 0;
}
