#pragma once
// Password hashes for the users of a scope's sign-in page (tenants.yaml
// `oauth.users[].password_hash`), made by `mssql-mcp-gateway hash-password`. Format
// (self-describing, so parameters can grow later): scrypt$N$r$p$<salt b64url>$<hash b64url>

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace gw::oauth {

struct ScryptParams {
  std::uint64_t n = 32768;  // 2^15: ~32 MiB, about 0.1 s on a server core (RFC 7914 §2 guidance)
  std::uint64_t r = 8;
  std::uint64_t p = 1;
};

// A new hash with a fresh 16-byte salt. Fails only if OpenSSL refuses the parameters.
Result<std::string> hash_password(std::string_view password, ScryptParams params = {});

// True when `password` matches `encoded`. A malformed `encoded` is an InvalidArgument error
// (a config problem), a wrong password is OK(false). The comparison is constant-time.
Result<bool> verify_password(std::string_view password, std::string_view encoded);

// Checks the format only (for `check` and config validation), without running scrypt.
Status validate_password_hash(std::string_view encoded);

}  // namespace gw::oauth
