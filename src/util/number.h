#pragma once
// Numbers from the network (URL ports, header values, JSON members) parsed with checked
// conversions: out of range or malformed text is an error for the caller to answer with a 400,
// never an exception (std::stoi) or a silent wrap.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace gw {

// Plain decimal digits (no sign, no spaces, no "0x") whose value lies in [min, max].
inline std::optional<std::int64_t> parse_decimal(std::string_view text, std::int64_t min,
                                                 std::int64_t max) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value < min || value > max) return std::nullopt;
  return value;
}

// A double that is a whole number within std::int64_t; nullopt otherwise (a cast of an
// out-of-range double is undefined behaviour).
inline std::optional<std::int64_t> whole_number(double value) {
  // 2^63 is exactly representable; every double below it and >= -2^63 fits.
  constexpr double kLimit = 9223372036854775808.0;
  if (!(value >= -kLimit && value < kLimit)) return std::nullopt;  // also NaN
  const auto whole = static_cast<std::int64_t>(value);
  if (static_cast<double>(whole) != value) return std::nullopt;
  return whole;
}

}  // namespace gw
