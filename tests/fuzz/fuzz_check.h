#pragma once
// What the fuzz targets share: an invariant check that names the broken invariant before aborting
// (libFuzzer then saves the input as a crash), and the input as text.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

namespace gw::fuzz {

inline void require(bool holds, const char* invariant) {
  if (holds) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", invariant);
  std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// True when `s` holds a byte that must never reach an HTTP header or a Location: CR, LF, NUL.
inline bool has_header_breaking_byte(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// Splits "first line\nrest" (no newline: all of it is the first part).
inline std::pair<std::string_view, std::string_view> split_first_line(std::string_view s) {
  const std::size_t nl = s.find('\n');
  if (nl == std::string_view::npos) return {s, {}};
  return {s.substr(0, nl), s.substr(nl + 1)};
}

}  // namespace gw::fuzz
