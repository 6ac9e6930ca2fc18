#include "oauth/oauth_error.h"

namespace gw::oauth {
namespace {

constexpr std::string_view kCodes[] = {
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
    "invalid_target",
    "access_denied",
    "unsupported_response_type",
    "server_error",
    "temporarily_unavailable",
    "invalid_redirect_uri",
    "invalid_client_metadata",
    "invalid_token",
    "insufficient_scope",
    "slow_down",
};

}  // namespace

Status oauth_error(std::string_view code, std::string_view description) {
  StatusCode sc = code == "invalid_client" || code == "invalid_token" ? StatusCode::kUnauthenticated
                  : code == "temporarily_unavailable" || code == "slow_down"
                      ? StatusCode::kResourceExhausted
                  : code == "insufficient_scope" ? StatusCode::kPermissionDenied
                                                 : StatusCode::kInvalidArgument;
  return Status(sc, std::string(code) + ": " + std::string(description));
}

OAuthErrorBody to_error_body(const Status& status) {
  const std::string& m = status.message();
  for (std::string_view code : kCodes) {
    if (m.size() > code.size() + 1 && m.compare(0, code.size(), code) == 0 &&
        m[code.size()] == ':') {
      OAuthErrorBody body{std::string(code), m.substr(code.size() + 2), 400};
      if (code == "invalid_client" || code == "invalid_token") body.http_status = 401;
      if (code == "temporarily_unavailable" || code == "slow_down") body.http_status = 429;
      if (code == "insufficient_scope") body.http_status = 403;  // RFC 6750 §3.1
      return body;
    }
  }
  // Not a refusal: a store or library failure. The message may name files; keep it out of bodies.
  bool busy =
      status.code() == StatusCode::kUnavailable || status.code() == StatusCode::kResourceExhausted;
  return {
      busy ? "temporarily_unavailable" : "server_error",
      busy ? "the authorization server cannot store this right now, try again" : "internal error",
      busy ? 503 : 500};
}

}  // namespace gw::oauth
