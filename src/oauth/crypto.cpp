#include "oauth/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <cstdlib>
#include <stdexcept>

#include "util/base64.h"

namespace gw::oauth {

std::string random_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    // A token from a failed CSPRNG would be guessable; there is no safe way to go on.
    std::abort();
  }
  return base64url_encode(raw);
}

std::string hmac_token(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(),
           &len) == nullptr) {
    std::abort();  // only fails on allocation failure inside OpenSSL
  }
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), len));
}

std::string sha256(std::string_view data) {
  std::array<unsigned char, 32> digest{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &len, EVP_sha256(), nullptr) != 1) {
    std::abort();  // only fails on allocation failure inside OpenSSL
  }
  return std::string(reinterpret_cast<const char*>(digest.data()), len);
}

std::string sha256_hex(std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string raw = sha256(data);
  std::string out;
  out.reserve(64);
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // lengths of our tokens are public
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace gw::oauth
