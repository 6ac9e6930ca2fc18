#pragma once
// The text form of a sign-in password hash (tenants.yaml `oauth.users[].password_hash`), as
// `mssql-mcp-gateway hash-password` writes it: scrypt$N$r$p$<salt b64url>$<hash b64url>.
// Pure: no scrypt runs here. It is part of the configuration's format, so config validation
// (`check`, `serve` start-up) refuses a bad hash with its file line; the authorization server
// (oauth/password.h) parses the same text when it verifies a password.

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace gw::config {

struct ScryptParams {
  std::uint64_t n = 32768;  // 2^15: ~32 MiB, about 0.1 s on a server core (RFC 7914 §2 guidance)
  std::uint64_t r = 8;
  std::uint64_t p = 1;
};

struct PasswordHash {
  ScryptParams params;
  std::string salt;  // raw bytes
  std::string hash;  // raw bytes, kPasswordHashBytes long
};

inline constexpr std::size_t kPasswordHashBytes = 32;

// The parts of `encoded`, or InvalidArgument naming what is wrong. The message never quotes
// `encoded`: a password pasted by mistake into password_hash must not reach a log.
Result<PasswordHash> parse_password_hash(std::string_view encoded);

// The format check alone, for `check` and config validation.
Status validate_password_hash(std::string_view encoded);

}  // namespace gw::config
