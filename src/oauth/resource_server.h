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

// The scope that lets a token change data (MCP 2025-11-25 § Scope Challenge Handling: step-up).
// Enforced only where the scope advertises it in scopes_supported; a list without it opts out.
inline constexpr std::string_view kWriteScope = "mssql.write";

// OK, or "insufficient_scope: …" (PermissionDenied) when the grant lacks kWriteScope.
Status check_write_access(const TokenInfo& grant, const std::vector<std::string>& scopes_supported);

// The WWW-Authenticate value after `failure` from check_bearer (401) or check_write_access (403):
//   Bearer resource_metadata="https://host/.well-known/oauth-protected-resource/demo/mcp",
//          scope="mssql.read mssql.write"[, error="invalid_token"|"insufficient_scope",
//          error_description="…"]
// scope= names every scope of the scope's list, so one challenge asks for all a step-up needs.
// The metadata named is that of the resource the client asked for (…/demo/sse for the legacy
// transport): RFC 9728 §3.3 has the client refuse a `resource` other than the URL it requested.
std::string bearer_challenge(const Status& failure, const ScopeUrls& urls,
                             const std::vector<std::string>& scopes_supported,
                             Transport transport = Transport::kMcp);

}  // namespace gw::oauth
