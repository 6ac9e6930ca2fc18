#pragma once
// PKCE (RFC 7636) with S256 only: OAuth 2.1 §4.1.1 and MCP 2025-11-25 § Authorization Code
// Protection.

#include <string_view>

#include "util/status.h"

namespace gw::oauth {

// A code_challenge for S256 is BASE64URL(SHA256(verifier)): exactly 43 base64url characters.
// `method` is the request's code_challenge_method; "plain" and an absent method are refused
// (RFC 7636 §4.3 defaults to plain, which MCP forbids).
Status validate_code_challenge(std::string_view challenge, std::string_view method);

// RFC 7636 §4.1: 43..128 characters of [A-Za-z0-9-._~]; then BASE64URL(SHA256(verifier)) must equal
// the stored challenge (compared in constant time).
Status verify_code_verifier(std::string_view verifier, std::string_view challenge);

}  // namespace gw::oauth
