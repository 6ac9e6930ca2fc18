#pragma once
// What the MCP layer calls before serving a request of a scope (RFC 6750, RFC 9728 §5.1):
//
//   auto grant = oauth::authenticate_bearer(req.get_header_value("Authorization"), server);
//   if (!grant) return oauth::send_bearer_failure(res, grant.status(), server);
//
// Tokens come only from the Authorization header; a token of another scope is refused (audience).
// The development flags (allow_unauthenticated_*) are the MCP layer's to check before calling this.

#include <httplib.h>

#include <string>
#include <string_view>

#include "oauth/authorization_server.h"
#include "oauth/token_service.h"

namespace gw::oauth {

// The grant of a valid token; Unauthenticated (missing, or "invalid_token: …"), or Unavailable when
// the scope's OAuth store could not be opened.
Result<TokenInfo> authenticate_bearer(std::string_view authorization_header,
                                      AuthorizationServer& server);

// `WWW-Authenticate: Bearer resource_metadata="…/.well-known/oauth-protected-resource/<scope>/mcp",
// scope="…"[, error="invalid_token", …]` for a failure of authenticate_bearer; …/<scope>/sse for
// the legacy transport (transport_of_route of the request's inner path).
std::string bearer_challenge(const Status& failure, AuthorizationServer& server,
                             Transport transport);

// 401 with that challenge and a JSON body ({"error": "unauthorized"|"invalid_token", "message"}),
// 403 "insufficient_scope" for a failure of check_write_access, or 503 when the store is
// unavailable.
void send_bearer_failure(httplib::Response& response, const Status& failure,
                         AuthorizationServer& server, Transport transport = Transport::kMcp);

}  // namespace gw::oauth
