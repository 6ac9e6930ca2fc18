#include "util/cidr.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <optional>

namespace gw {
namespace {

struct Address {
  std::array<std::uint8_t, 16> bytes{};
  bool is_v4 = true;
};

std::optional<Address> parse_address(std::string_view text) {
  const std::string s(text);
  Address a;
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    std::memcpy(a.bytes.data(), &v4, 4);
    return a;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    static const std::uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(&v6, kMappedPrefix, 12) == 0) {  // ::ffff:a.b.c.d is the IPv4 peer it names
      std::memcpy(a.bytes.data(), reinterpret_cast<const std::uint8_t*>(&v6) + 12, 4);
      return a;
    }
    std::memcpy(a.bytes.data(), &v6, 16);
    a.is_v4 = false;
    return a;
  }
  return std::nullopt;
}

}  // namespace

Result<Cidr> Cidr::parse(std::string_view text) {
  const size_t slash = text.find('/');
  auto address = parse_address(text.substr(0, slash));
  if (!address)
    return invalid_argument("expected an IP address or CIDR, got \"" + std::string(text) + "\"");
  Cidr cidr;
  cidr.bytes_ = address->bytes;
  cidr.is_v4_ = address->is_v4;
  const int max_bits = address->is_v4 ? 32 : 128;
  cidr.prefix_bits_ = max_bits;
  if (slash != std::string_view::npos) {
    std::string_view bits = text.substr(slash + 1);
    int value = -1;
    auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), value);
    if (ec != std::errc() || end != bits.data() + bits.size() || value < 0 || value > max_bits) {
      return invalid_argument("expected a prefix length 0.." + std::to_string(max_bits) + " in \"" +
                              std::string(text) + "\"");
    }
    cidr.prefix_bits_ = value;
  }
  return cidr;
}

bool Cidr::contains(std::string_view address) const {
  auto a = parse_address(address);
  if (!a || a->is_v4 != is_v4_) return false;
  int bits = prefix_bits_;
  for (size_t i = 0; bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((a->bytes[i] & mask) != (bytes_[i] & mask)) return false;
  }
  return true;
}

}  // namespace gw
