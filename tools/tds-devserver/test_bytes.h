#pragma once
// Test helper: bytes as "0A 1B ..." hex text, so expected encodings read like the spec's tables.

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace gw::tdsdev {

inline std::string hex(const std::vector<uint8_t>& v) {
  std::string s;
  for (uint8_t b : v) s += fmt::format("{}{:02X}", s.empty() ? "" : " ", b);
  return s;
}

inline std::string hex(const std::string& v) {
  return hex(std::vector<uint8_t>(v.begin(), v.end()));
}

// Bytes [from, to) of a vector.
inline std::string hex(std::vector<uint8_t>::const_iterator from,
                       std::vector<uint8_t>::const_iterator to) {
  return hex(std::vector<uint8_t>(from, to));
}

}  // namespace gw::tdsdev
