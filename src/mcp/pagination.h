#pragma once
// Opaque, stateless cursors for tools/list (server/utilities/pagination): the offset plus a
// fingerprint of the list, so a cursor from another list or a forged one is refused (-32602).

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "util/status.h"

namespace gw::mcp {

struct Page {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::optional<std::string> next_cursor;  // absent on the last page
};

std::uint64_t list_fingerprint(const std::vector<std::string>& names);

// cursor: the params.cursor value (null when absent). REQUIRES: page_size > 0.
Result<Page> paginate(std::size_t total, std::size_t page_size, std::uint64_t fingerprint,
                      const nlohmann::json& cursor);

}  // namespace gw::mcp
