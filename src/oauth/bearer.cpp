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
                             Transport transport, std::string_view typed_path) {
  ScopeUrls urls = server.urls();
  urls.resource_metadata = retyped_url(urls.resource_metadata, typed_path);
  urls.resource_metadata_sse = retyped_url(urls.resource_metadata_sse, typed_path);
  return oauth::bearer_challenge(failure, urls, server.scope().oauth.scopes_supported, transport);
}

void send_bearer_failure(httplib::Response& response, const Status& failure,
                         AuthorizationServer& server, Transport transport,
                         std::string_view typed_path) {
  if (failure.code() == StatusCode::kUnavailable) {
    // RFC 9110 §10.2.3: when to come back (the state store's back-off is far shorter).
    response.set_header("Retry-After", "5");
    http::send_error(response, 503, "unavailable", failure.message());
    return;
  }
  response.set_header("WWW-Authenticate", bearer_challenge(failure, server, transport, typed_path));
  const OAuthErrorBody body = to_error_body(failure);
  const OAuthErrorCode* code = failure.oauth_error_code();
  if (code != nullptr &&
      (*code == OAuthErrorCode::kInvalidToken || *code == OAuthErrorCode::kInsufficientScope)) {
    http::send_error(response, body.http_status, body.error, body.description);
  } else {
    http::send_error(response, 401, "unauthorized",
                     "this scope needs an OAuth access token (Authorization: Bearer …)");
  }
}

}  // namespace gw::oauth
