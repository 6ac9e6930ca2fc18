#include "oauth/bearer.h"

#include "http/response.h"
#include "oauth/authorization_server.h"
#include "oauth/oauth_error.h"
#include "oauth/resource_server.h"

namespace gw::oauth {

Result<TokenInfo> authenticate_bearer(std::string_view authorization_header,
                                      AuthorizationServer& server) {
  if (!server.status().is_ok())
    return unavailable("the scope's authorization server is unavailable");
  return check_bearer(authorization_header, server.tokens());
}

std::string bearer_challenge(const Status& failure, AuthorizationServer& server,
                             Transport transport) {
  return oauth::bearer_challenge(failure, server.urls(), server.scope().oauth.scopes_supported,
                                 transport);
}

void send_bearer_failure(httplib::Response& response, const Status& failure,
                         AuthorizationServer& server, Transport transport) {
  if (failure.code() == StatusCode::kUnavailable) {
    http::send_error(response, 503, "unavailable", failure.message());
    return;
  }
  response.set_header("WWW-Authenticate", bearer_challenge(failure, server, transport));
  OAuthErrorBody body = to_error_body(failure);
  if (body.error == "invalid_token" || body.error == "insufficient_scope") {
    http::send_error(response, body.http_status, body.error, body.description);
  } else {
    http::send_error(response, 401, "unauthorized",
                     "this scope needs an OAuth access token (Authorization: Bearer …)");
  }
}

}  // namespace gw::oauth
