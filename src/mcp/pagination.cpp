#include "mcp/pagination.h"

#include <fmt/format.h>

#include <charconv>

namespace gw::mcp {

std::uint64_t list_fingerprint(const std::vector<std::string>& names) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a: a list identity, not a secret
  for (const auto& name : names) {
    for (unsigned char c : name) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
  }
  return h;
}

namespace {

std::string encode(std::size_t offset, std::uint64_t fingerprint) {
  return fmt::format("c1.{:x}.{:016x}", offset, fingerprint);
}

std::optional<std::size_t> decode(const std::string& cursor, std::uint64_t fingerprint) {
  const std::string prefix = "c1.";
  if (cursor.rfind(prefix, 0) != 0) return std::nullopt;
  const auto dot = cursor.find('.', prefix.size());
  if (dot == std::string::npos || dot == prefix.size()) return std::nullopt;
  std::size_t offset = 0;
  const char* begin = cursor.data() + prefix.size();
  const char* end = cursor.data() + dot;
  const auto [ptr, ec] = std::from_chars(begin, end, offset, 16);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  if (cursor.substr(dot + 1) != fmt::format("{:016x}", fingerprint)) return std::nullopt;
  return offset;
}

}  // namespace

Result<Page> paginate(std::size_t total, std::size_t page_size, std::uint64_t fingerprint,
                      const nlohmann::json& cursor) {
  std::size_t begin = 0;
  if (!cursor.is_null()) {
    const auto offset =
        cursor.is_string() ? decode(cursor.get<std::string>(), fingerprint) : std::nullopt;
    if (!offset || *offset == 0 || *offset >= total) {
      return invalid_argument("Invalid params: invalid cursor");
    }
    begin = *offset;
  }
  Page page;
  page.begin = begin;
  page.end = std::min(total, begin + page_size);
  if (page.end < total) page.next_cursor = encode(page.end, fingerprint);
  return page;
}

}  // namespace gw::mcp
