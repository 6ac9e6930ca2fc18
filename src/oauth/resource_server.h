#pragma once
// The resource-server side (RFC 6750, RFC 9728 §5.1, MCP 2025-11-25 § Token Handling): a Bearer
// token from the Authorization header only, never the query string, checked against this scope's
// store and audience.

#include <string>
#include <string_view>
#include <vector>

#include "oauth/discovery.h"
#include "oauth/token_service.h"

namespace gw::oauth {

// OK with the token's grant, or Unauthenticated: "no bearer token" (the challenge then carries no
// error, RFC 6750 §3.1) or an "invalid_token: …" OAuth error (expired, unknown, other audience).
Result<TokenInfo> check_bearer(std::string_view authorization_header, TokenService& service);

// The WWW-Authenticate value for a 401 after `failure` from check_bearer:
//   Bearer resource_metadata="https://host/.well-known/oauth-protected-resource/demo/mcp",
//          scope="mssql.read"[, error="invalid_token", error_description="…"]
// The metadata named is that of the resource the client asked for (…/demo/sse for the legacy
// transport): RFC 9728 §3.3 has the client refuse a `resource` other than the URL it requested.
std::string bearer_challenge(const Status& failure, const ScopeUrls& urls,
                             const std::vector<std::string>& scopes_supported,
                             Transport transport = Transport::kMcp);

}  // namespace gw::oauth
