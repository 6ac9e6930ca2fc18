#include "oauth/oauth_error.h"

namespace gw::oauth {
namespace {

StatusCode status_code_of(OAuthErrorCode code) {
  switch (code) {
    case OAuthErrorCode::kInvalidClient:
    case OAuthErrorCode::kInvalidToken: return StatusCode::kUnauthenticated;
    case OAuthErrorCode::kTemporarilyUnavailable:
    case OAuthErrorCode::kSlowDown: return StatusCode::kResourceExhausted;
    case OAuthErrorCode::kInsufficientScope: return StatusCode::kPermissionDenied;
    default: return StatusCode::kInvalidArgument;
  }
}

int http_status_of(OAuthErrorCode code) {
  switch (code) {
    case OAuthErrorCode::kInvalidClient:             // RFC 6749 §5.2
    case OAuthErrorCode::kInvalidToken: return 401;  // RFC 6750 §3.1
    case OAuthErrorCode::kTemporarilyUnavailable:
    case OAuthErrorCode::kSlowDown: return 429;
    case OAuthErrorCode::kInsufficientScope: return 403;  // RFC 6750 §3.1
    default: return 400;
  }
}

}  // namespace

const char* oauth_error_name(OAuthErrorCode code) {
  switch (code) {
    case OAuthErrorCode::kInvalidRequest: return "invalid_request";
    case OAuthErrorCode::kInvalidClient: return "invalid_client";
    case OAuthErrorCode::kInvalidGrant: return "invalid_grant";
    case OAuthErrorCode::kUnauthorizedClient: return "unauthorized_client";
    case OAuthErrorCode::kUnsupportedGrantType: return "unsupported_grant_type";
    case OAuthErrorCode::kInvalidScope: return "invalid_scope";
    case OAuthErrorCode::kInvalidTarget: return "invalid_target";
    case OAuthErrorCode::kAccessDenied: return "access_denied";
    case OAuthErrorCode::kUnsupportedResponseType: return "unsupported_response_type";
    case OAuthErrorCode::kServerError: return "server_error";
    case OAuthErrorCode::kTemporarilyUnavailable: return "temporarily_unavailable";
    case OAuthErrorCode::kInvalidRedirectUri: return "invalid_redirect_uri";
    case OAuthErrorCode::kInvalidClientMetadata: return "invalid_client_metadata";
    case OAuthErrorCode::kInvalidToken: return "invalid_token";
    case OAuthErrorCode::kInsufficientScope: return "insufficient_scope";
    case OAuthErrorCode::kSlowDown: return "slow_down";
  }
  return "server_error";
}

Status oauth_error(OAuthErrorCode code, std::string_view description) {
  return Status(status_code_of(code), std::string(description), code);
}

std::string describe(const Status& status) {
  const OAuthErrorCode* code = status.oauth_error_code();
  if (code == nullptr) return status.to_string();
  return std::string(oauth_error_name(*code)) + ": " + status.message();
}

OAuthErrorBody to_error_body(const Status& status) {
  if (const OAuthErrorCode* code = status.oauth_error_code()) {
    return {oauth_error_name(*code), status.message(), http_status_of(*code)};
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
