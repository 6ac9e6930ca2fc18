#pragma once
// The HTTP edge of each scope's authorization server. Called once by app/serve.cpp:
//   oauth::register_routes(*routes);
// Discovery documents (RFC 8414, OpenID configuration, RFC 9728) under every path clients try
// (PROTOCOL-NOTES §5.4; the scope router maps the path-inserted and root forms onto these inner
// paths), and /register, /authorize (GET, POST), /token, /revoke. Never a redirect, except the one
// back to a trusted redirect_uri.

#include "http/route_table.h"

namespace gw::oauth {

void register_routes(http::RouteTable& routes);

}  // namespace gw::oauth
