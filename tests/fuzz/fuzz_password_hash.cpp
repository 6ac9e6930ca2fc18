// Fuzz target: password hashes from tenants.yaml (`scrypt$N$r$p$salt$hash`, password.h). For any
// bytes the format check returns, and one that it accepts also verifies a password: bounded N,
// r and p keep that cheap enough, and a malformed hash never reaches scrypt.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "oauth/password.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view encoded = gw::fuzz::as_text(data, size);
  const gw::Status status = gw::config::validate_password_hash(encoded);
  if (!status.is_ok()) {
    gw::fuzz::require(status.code() == gw::StatusCode::kInvalidArgument,
                      "a malformed hash is InvalidArgument");
    gw::fuzz::require(gw::oauth::verify_password("pw", encoded).status().code() ==
                          gw::StatusCode::kInvalidArgument,
                      "verify refuses what validate refuses");
    return 0;
  }
  // scrypt at the largest accepted parameters costs seconds: verify only small ones, which is
  // where a parsing slip (salt, hash length) would show.
  if (encoded.substr(0, 10) == "scrypt$16$") {
    auto match = gw::oauth::verify_password("pw", encoded);
    gw::fuzz::require(match.is_ok(), "a well-formed small hash verifies");
  }
  return 0;
}
