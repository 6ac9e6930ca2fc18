#include "tools/page_cursor.h"

#include <charconv>

#include <fmt/format.h>

#include "tools/tool_support.h"
#include "util/base64.h"

namespace gw::tools {

std::string list_fingerprint(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", hash);
}

std::string encode_cursor(std::int64_t offset, std::string_view fingerprint) {
  return base64url_encode(fmt::format("{}:{}", offset, fingerprint));
}

Result<PageRequest> page_arguments(const nlohmann::json& arguments, std::string_view fingerprint,
                                   std::int64_t default_limit, std::int64_t max_limit) {
  PageRequest page;
  Result<std::int64_t> limit = integer_argument(arguments, "limit", default_limit);
  if (!limit) return limit.status();
  if (*limit < 1 || *limit > max_limit) {
    return invalid_argument(fmt::format("argument \"limit\" must be 1..{}", max_limit));
  }
  page.limit = *limit;
  Result<std::string> cursor = string_argument(arguments, "cursor", false);
  if (!cursor) return cursor.status();
  if (cursor->empty()) return page;
  const Status refused = invalid_argument(
      "argument \"cursor\" is not a cursor this tool returned for these arguments (pass "
      "nextCursor back with the same arguments, or omit it for the first page)");
  const std::optional<std::string> text = base64url_decode(*cursor);
  if (!text) return refused;
  const std::size_t colon = text->find(':');
  if (colon == std::string::npos || std::string_view(*text).substr(colon + 1) != fingerprint)
    return refused;
  const char* end = text->data() + colon;
  auto [p, ec] = std::from_chars(text->data(), end, page.offset);
  if (ec != std::errc() || p != end || page.offset < 0) return refused;
  return page;
}

nlohmann::json next_cursor(const PageRequest& page, std::int64_t shown, std::int64_t total,
                           std::string_view fingerprint) {
  const std::int64_t next = page.offset + shown;
  if (shown == 0 || next >= total) return nullptr;
  return encode_cursor(next, fingerprint);
}

nlohmann::json page_result(const char* key, nlohmann::json items, std::int64_t total,
                           const PageRequest& page, std::string_view fingerprint) {
  const auto count = static_cast<std::int64_t>(items.size());
  return {{key, std::move(items)},
          {"count", count},
          {"total", total},
          {"nextCursor", next_cursor(page, count, total, fingerprint)}};
}

}  // namespace gw::tools
