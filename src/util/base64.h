#pragma once
// Base64 codecs (RFC 4648): the URL-safe form tokens, PKCE challenges and password hashes use, and
// the standard form of HTTP Basic credentials. Pure.

#include <optional>
#include <string>
#include <string_view>

namespace gw {

std::string base64url_encode(std::string_view bytes);  // RFC 4648 §5, no padding
// Unpadded base64url; nullopt for a foreign character, a length of 1 mod 4 or non-zero trailing
// bits (so each text has one decoding).
std::optional<std::string> base64url_decode(std::string_view text);
// RFC 4648 §4 standard alphabet; padding required when the length needs it (HTTP Basic, RFC 7617).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace gw
