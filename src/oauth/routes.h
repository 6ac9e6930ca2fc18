#pragma once
// The HTTP edge of each scope's authorization server. Called once per scope by the composition
// root (app/routes.cpp), on that scope's route table:
//   oauth::register_routes(*routes, scope.oauth());
// Discovery documents (RFC 8414, OpenID configuration, RFC 9728) under every path clients try
// (PROTOCOL-NOTES §5.4; the scope router maps the path-inserted and root forms onto these inner
// paths), and /register, /authorize (GET, POST), /token, /revoke. Never a redirect, except the one
// back to a trusted redirect_uri.

#include <string>

#include "http/route_table.h"
#include "oauth/authorization_server.h"

namespace gw::oauth {

// REQUIRES: server outlives the routes (the Scope owns both).
void register_routes(http::RouteTable& routes, AuthorizationServer& server);

// mcp_gateway_oauth_refusals_total{scope,endpoint,reason}: one family for every refusal, so an
// operator sees at a glance why clients fail. endpoint: register | authorize | token | revoke |
// resource (the bearer check on /mcp and /sse); reason: the RFC 6749/6750 error code, or
// wrong_credentials, locked_out_*, sign_in_expired, csrf_refused, missing_token for the sign-in
// form and the bearer check, or AuthorizeResponse::refusal for the other refusals of /authorize.
void count_refusal(const std::string& scope, const char* endpoint, const std::string& reason);

}  // namespace gw::oauth
