#pragma once
// Password hashes for the users of a scope's sign-in page (tenants.yaml
// `oauth.users[].password_hash`), made by `mssql-mcp-gateway hash-password`. Format
// (self-describing, so parameters can grow later): scrypt$N$r$p$<salt b64url>$<hash b64url>

#include <string>
#include <string_view>

#include "config/password_format.h"
#include "util/status.h"

namespace gw::oauth {

// A new hash with a fresh 16-byte salt. Fails only if OpenSSL refuses the parameters.
Result<std::string> hash_password(std::string_view password, config::ScryptParams params = {});

// True when `password` matches `encoded`. A malformed `encoded` is an InvalidArgument error
// (a config problem, "password hash: " + parse_password_hash's message), a wrong password is
// OK(false). The comparison is constant-time.
Result<bool> verify_password(std::string_view password, std::string_view encoded);

}  // namespace gw::oauth
