#pragma once
// The few cryptographic primitives the authorization server needs, all from OpenSSL 3.

#include <cstddef>
#include <string>
#include <string_view>

namespace gw::oauth {

// `bytes` bytes from the OpenSSL CSPRNG, base64url without padding. bytes >= 32 gives the >= 256
// bits an unguessable token needs (OAuth 2.1 §7.2 / RFC 6749 §10.10).
std::string random_token(std::size_t bytes = 32);

// SHA-256 of `data`, raw 32 bytes.
std::string sha256(std::string_view data);
// SHA-256 of `data`, lower-case hex: the form in which tokens, codes and secrets are stored.
std::string sha256_hex(std::string_view data);

// HMAC-SHA256(key, data) as base64url without padding: a token derived from a secret the holder
// presents (RFC 2104), unpredictable to anyone without `key`.
std::string hmac_token(std::string_view key, std::string_view data);

// Equality that takes the same time wherever the first difference is (secrets, CSRF tokens).
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace gw::oauth
