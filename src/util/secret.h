#pragma once
// A password, token or key. It has no operator<< and no implicit conversion, so it cannot reach a
// log line or an error message by accident; reveal() is the one deliberate way out.

#include <string>
#include <utility>

#include <openssl/crypto.h>

namespace gw {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  ~Secret() { OPENSSL_cleanse(value_.data(), value_.size()); }
  Secret(const Secret&) = default;
  Secret& operator=(const Secret&) = default;
  Secret(Secret&&) = default;
  Secret& operator=(Secret&&) = default;

  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

  // Constant-time in the length of the shorter input: timing does not leak where they differ.
  bool equals(const std::string& candidate) const {
    if (candidate.size() != value_.size()) return false;
    return CRYPTO_memcmp(candidate.data(), value_.data(), value_.size()) == 0;
  }
  // For change detection on reload; compares contents in constant time.
  bool operator==(const Secret& other) const { return equals(other.value_); }

 private:
  std::string value_;
};

}  // namespace gw
