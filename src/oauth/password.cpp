#include "oauth/password.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>
#include <vector>

#include "oauth/crypto.h"

namespace gw::oauth {
namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
// Bounds a hash from a config file may ask for: enough for any sane cost, small enough that a typo
// cannot make every sign-in allocate gigabytes.
constexpr std::uint64_t kMaxN = 1u << 20;
constexpr std::uint64_t kMaxMemory = 1ull << 30;

struct Parsed {
  ScryptParams params;
  std::string salt;
  std::string hash;
};

bool parse_u64(std::string_view s, std::uint64_t& out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

Result<Parsed> parse(std::string_view encoded) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = encoded.find('$', start);
    parts.push_back(encoded.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  const Status bad = invalid_argument(
      "password hash: expected scrypt$N$r$p$salt$hash (make one with `mssql-mcp-gateway "
      "hash-password`)");
  if (parts.size() != 6 || parts[0] != "scrypt") return bad;
  Parsed p;
  if (!parse_u64(parts[1], p.params.n) || !parse_u64(parts[2], p.params.r) ||
      !parse_u64(parts[3], p.params.p)) {
    return bad;
  }
  if (p.params.n < 2 || p.params.n > kMaxN || (p.params.n & (p.params.n - 1)) != 0 ||
      p.params.r < 1 || p.params.r > 32 || p.params.p < 1 || p.params.p > 16) {
    return invalid_argument("password hash: scrypt parameters out of range");
  }
  auto salt = base64url_decode(parts[4]);
  auto hash = base64url_decode(parts[5]);
  if (!salt || !hash || salt->size() < 4 || hash->size() != kHashBytes) return bad;
  p.salt = std::move(*salt);
  p.hash = std::move(*hash);
  return p;
}

Result<std::string> derive(std::string_view password, std::string_view salt,
                           const ScryptParams& params) {
  std::string out(kHashBytes, '\0');
  if (EVP_PBE_scrypt(password.data(), password.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), params.n,
                     params.r, params.p, kMaxMemory, reinterpret_cast<unsigned char*>(out.data()),
                     out.size()) != 1) {
    return internal_error("password hash: scrypt refused the parameters");
  }
  return out;
}

}  // namespace

Result<std::string> hash_password(std::string_view password, ScryptParams params) {
  std::string salt(kSaltBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), kSaltBytes) != 1) {
    return internal_error("password hash: no random bytes");
  }
  auto hash = derive(password, salt, params);
  if (!hash) return hash.status();
  return "scrypt$" + std::to_string(params.n) + "$" + std::to_string(params.r) + "$" +
         std::to_string(params.p) + "$" + base64url_encode(salt) + "$" + base64url_encode(*hash);
}

Result<bool> verify_password(std::string_view password, std::string_view encoded) {
  auto parsed = parse(encoded);
  if (!parsed) return parsed.status();
  auto hash = derive(password, parsed->salt, parsed->params);
  if (!hash) return hash.status();
  return constant_time_equals(*hash, parsed->hash);
}

Status validate_password_hash(std::string_view encoded) {
  auto parsed = parse(encoded);
  return parsed ? Status::ok() : parsed.status();
}

}  // namespace gw::oauth
