#pragma once
// OAuth refusals are ordinary Status values whose reason() is the RFC error code
// (OAuthErrorCode, util/status.h) and whose message is the error_description. One mapping turns
// them into the RFC 6749 §5.2 / RFC 7591 §3.2.2 / RFC 8707 §2 error body and HTTP status.

#include <string>
#include <string_view>

#include "util/status.h"

namespace gw::oauth {

Status oauth_error(OAuthErrorCode code, std::string_view description);

// The RFC spelling: "invalid_grant".
const char* oauth_error_name(OAuthErrorCode code);

// "invalid_grant: authorization code was already used" for a refusal, Status::to_string()
// otherwise: for log lines and tests.
std::string describe(const Status& status);

struct OAuthErrorBody {
  std::string error;        // "server_error" for a Status that is not an OAuth refusal
  std::string description;  // never contains secrets
  int http_status = 400;    // 401 for invalid_client, 500/503 for server errors
};
OAuthErrorBody to_error_body(const Status& status);

}  // namespace gw::oauth
