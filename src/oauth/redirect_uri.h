#pragma once
// Which redirect URIs a client may register and use (OAuth 2.1 §2.3.1, §7.5.1; RFC 8252 §7.3;
// MCP 2025-11-25 § Communication Security: only https, or http on a loopback host).

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace gw::oauth {

// The parts of an absolute URL that redirect and resource checks need. Pure parsing, no
// normalisation except lower-casing scheme and host.
struct Url {
  std::string scheme;  // lower case
  std::string host;    // lower case; IPv6 literals keep their brackets: "[::1]"
  std::string port;    // "" when absent
  std::string path;    // "" or starts with '/'
  std::string query;   // without '?'
  bool has_userinfo = false;
  bool has_fragment = false;
};
Result<Url> parse_url(std::string_view text);

struct RedirectPolicy {
  // A host matches when it equals one of these or is a subdomain of one (whole labels).
  std::vector<std::string> allowed_hosts;
  bool allow_loopback = false;  // http://localhost, 127.0.0.1 or [::1], any port
};

// OK, or InvalidArgument whose message names the rule that refused `uri` (shown to the client in an
// RFC 7591 invalid_redirect_uri body).
Status validate_redirect_uri(std::string_view uri, const RedirectPolicy& policy);

// True when `requested` is one of the registered URIs: exact string match, except that a loopback
// registration matches the same URI on any port (RFC 8252 §7.3).
bool redirect_uri_registered(std::string_view requested,
                             const std::vector<std::string>& registered);

bool is_loopback_host(std::string_view host);  // "localhost", "127.0.0.1", "[::1]"

}  // namespace gw::oauth
