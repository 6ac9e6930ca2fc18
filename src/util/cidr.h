#pragma once
// IPv4/IPv6 address ranges, for the trusted-proxy list. "10.0.0.0/8", "::1/128", or a bare address.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace gw {

class Cidr {
 public:
  static Result<Cidr> parse(std::string_view text);
  // False for text that is not an address, and across families (except IPv4-mapped IPv6 peers).
  bool contains(std::string_view address) const;

 private:
  std::array<std::uint8_t, 16> bytes_{};
  int prefix_bits_ = 0;
  bool is_v4_ = true;
};

}  // namespace gw
