#include "oauth/pkce.h"

#include "oauth/crypto.h"
#include "util/base64.h"

namespace gw::oauth {
namespace {

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

}  // namespace

Status validate_code_challenge(std::string_view challenge, std::string_view method) {
  if (challenge.empty()) return invalid_argument("code_challenge is required (PKCE S256)");
  if (method != "S256") {
    return invalid_argument("code_challenge_method must be S256");
  }
  auto raw = base64url_decode(challenge);
  if (challenge.size() != 43 || !raw || raw->size() != 32) {
    return invalid_argument("code_challenge is not a base64url SHA-256 value");
  }
  return Status::ok();
}

Status verify_code_verifier(std::string_view verifier, std::string_view challenge) {
  if (verifier.empty()) return invalid_argument("code_verifier is required");
  if (verifier.size() < 43 || verifier.size() > 128) {
    return invalid_argument("code_verifier must be 43 to 128 characters");
  }
  for (char c : verifier) {
    if (!is_unreserved(c))
      return invalid_argument("code_verifier has a character outside RFC 7636");
  }
  if (!constant_time_equals(base64url_encode(sha256(verifier)), challenge)) {
    return invalid_argument("code_verifier does not match the code_challenge");
  }
  return Status::ok();
}

}  // namespace gw::oauth
