#include "config/password_format.h"

#include <charconv>
#include <vector>

#include "util/base64.h"

namespace gw::config {
namespace {

// Bounds a hash from a config file may ask for: enough for any sane cost, small enough that a
// typo cannot make every sign-in allocate gigabytes.
constexpr std::uint64_t kMaxN = 1u << 20;
constexpr std::uint64_t kMaxR = 32;
constexpr std::uint64_t kMaxP = 16;
constexpr std::size_t kMinSaltBytes = 4;

bool parse_u64(std::string_view s, std::uint64_t& out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

std::vector<std::string_view> split_dollar(std::string_view encoded) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = encoded.find('$', start);
    parts.push_back(encoded.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

bool params_in_range(const ScryptParams& p) {
  // RFC 7914 §2: N is a power of two greater than 1.
  return p.n >= 2 && p.n <= kMaxN && (p.n & (p.n - 1)) == 0 && p.r >= 1 && p.r <= kMaxR &&
         p.p >= 1 && p.p <= kMaxP;
}

}  // namespace

Result<PasswordHash> parse_password_hash(std::string_view encoded) {
  const std::vector<std::string_view> parts = split_dollar(encoded);
  if (parts.size() != 6 || parts[0] != "scrypt") {
    return invalid_argument(
        "expected scrypt$N$r$p$salt$hash (make one with `mssql-mcp-gateway hash-password`)");
  }
  PasswordHash out;
  if (!parse_u64(parts[1], out.params.n) || !parse_u64(parts[2], out.params.r) ||
      !parse_u64(parts[3], out.params.p)) {
    return invalid_argument("N, r and p must be whole numbers");
  }
  if (!params_in_range(out.params)) {
    return invalid_argument(
        "scrypt parameters out of range (N a power of two 2..1048576, r 1..32, p 1..16)");
  }
  auto salt = base64url_decode(parts[4]);
  if (!salt) return invalid_argument("the salt is not base64url (RFC 4648 §5, no padding)");
  if (salt->size() < kMinSaltBytes) return invalid_argument("the salt is shorter than 4 bytes");
  auto hash = base64url_decode(parts[5]);
  if (!hash) return invalid_argument("the hash is not base64url (RFC 4648 §5, no padding)");
  if (hash->size() != kPasswordHashBytes) {
    return invalid_argument("the hash is not 32 bytes (43 base64url characters)");
  }
  out.salt = std::move(*salt);
  out.hash = std::move(*hash);
  return out;
}

Status validate_password_hash(std::string_view encoded) {
  auto parsed = parse_password_hash(encoded);
  return parsed ? Status::ok() : parsed.status();
}

}  // namespace gw::config
