#pragma once
// The checks of GET /authorize (OAuth 2.1 §4.1.1), in the order the spec needs them: first the
// client and its redirect URI (until they are trusted an error is a page, never a redirect: §7.5.2
// open redirector), then everything else (errors go back to the client by redirect, §4.1.2.1).

#include <optional>
#include <string>
#include <vector>

#include "oauth/discovery.h"
#include "oauth/params.h"
#include "oauth/records.h"
#include "util/status.h"

namespace gw::oauth {

// The redirect URI to use: the request's, when it is registered for the client; the only registered
// one when the request names none (RFC 6749 §3.1.2.3). Errors are for a page (InvalidArgument).
Result<std::string> trusted_redirect_uri(const Params& params, const ClientRecord& client);

struct AuthorizeRequest {
  std::string client_id;
  std::string client_name;
  std::string redirect_uri;
  std::string state;
  std::string code_challenge;
  std::string resource;                 // canonical: urls.resource_mcp or urls.resource_sse
  std::string scope;                    // as granted (space-separated)
  bool redirect_uri_in_request = true;  // then the token request must repeat it (OAuth 2.1 §4.1.3)
};

// Everything after the redirect URI; refusals are OAuth errors (oauth_error.h) to redirect with.
Result<AuthorizeRequest> validate_authorize_request(
    const Params& params, const ClientRecord& client, const std::string& redirect_uri,
    const ScopeUrls& urls, const std::vector<std::string>& scopes_supported);

// RFC 8707: an absent resource means this scope's MCP URL; a present one must name it (…/mcp or
// …/sse; scheme, host and the scope segment compared case-insensitively, a trailing slash ignored).
// Returns the canonical URL, or invalid_target.
Result<std::string> resolve_resource(const std::string& requested, const ScopeUrls& urls);

// Known scopes out of the request; none known (empty, "read write", ...) means the scope's default
// grant, all of scopes_supported (PROTOCOL-NOTES §5.5: tolerate what clients really send).
std::string grant_scope(const std::string& requested, const std::vector<std::string>& supported);

}  // namespace gw::oauth
