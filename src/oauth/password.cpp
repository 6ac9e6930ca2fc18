#include "oauth/password.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "oauth/crypto.h"
#include "util/base64.h"

namespace gw::oauth {
namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::uint64_t kMaxMemory = 1ull << 30;

Result<std::string> derive(std::string_view password, std::string_view salt,
                           const config::ScryptParams& params) {
  std::string out(config::kPasswordHashBytes, '\0');
  if (EVP_PBE_scrypt(password.data(), password.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), params.n,
                     params.r, params.p, kMaxMemory, reinterpret_cast<unsigned char*>(out.data()),
                     out.size()) != 1) {
    return internal_error("password hash: scrypt refused the parameters");
  }
  return out;
}

}  // namespace

Result<std::string> hash_password(std::string_view password, config::ScryptParams params) {
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
  auto parsed = config::parse_password_hash(encoded);
  if (!parsed) return invalid_argument("password hash: " + parsed.status().message());
  auto hash = derive(password, parsed->salt, parsed->params);
  if (!hash) return hash.status();
  return constant_time_equals(*hash, parsed->hash);
}

}  // namespace gw::oauth
