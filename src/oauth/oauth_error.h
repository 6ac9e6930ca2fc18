#pragma once
// OAuth refusals travel as ordinary Status values whose message starts with the RFC error code:
// "invalid_grant: authorization code was already used". One mapping turns them into the RFC 6749
// §5.2 / RFC 7591 §3.2.2 / RFC 8707 §2 error body and HTTP status.

#include <string>
#include <string_view>

#include "util/status.h"

namespace gw::oauth {

// `code` is one of the RFC error codes (invalid_request, invalid_client, invalid_grant, ...).
Status oauth_error(std::string_view code, std::string_view description);

struct OAuthErrorBody {
  std::string error;        // "server_error" for a Status that is not an OAuth refusal
  std::string description;  // never contains secrets
  int http_status = 400;    // 401 for invalid_client, 500/503 for server errors
};
OAuthErrorBody to_error_body(const Status& status);

}  // namespace gw::oauth
