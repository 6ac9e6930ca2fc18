#pragma once
// Paging of the catalog tools (list_tables, search_objects): `limit` and an opaque `cursor`, as MCP
// pages its own lists (server/utilities/pagination: the cursor is opaque, the client does not parse
// it). The cursor is base64url("<offset>:<fingerprint>"), the fingerprint a hash of the arguments
// that choose the list (database, filters): a cursor handed back with other arguments is refused
// instead of silently paging another list.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace gw::tools {

struct PageRequest {
  std::int64_t offset = 0;
  std::int64_t limit = 0;
};

// FNV-1a of the text, as 16 hex digits (stable across processes and restarts).
std::string list_fingerprint(std::string_view text);

std::string encode_cursor(std::int64_t offset, std::string_view fingerprint);

// The `limit` (default_limit when absent; 1..max_limit) and `cursor` arguments. InvalidArgument
// names the argument: a limit out of range, a cursor that is not one of ours or was made for other
// arguments.
Result<PageRequest> page_arguments(const nlohmann::json& arguments, std::string_view fingerprint,
                                   std::int64_t default_limit, std::int64_t max_limit);

// The cursor of the page after [offset, offset + shown) of total, or null when it was the last.
nlohmann::json next_cursor(const PageRequest& page, std::int64_t shown, std::int64_t total,
                           std::string_view fingerprint);

// A page as both tools answer it: {<key>: items, count, total, nextCursor}.
nlohmann::json page_result(const char* key, nlohmann::json items, std::int64_t total,
                           const PageRequest& page, std::string_view fingerprint);

}  // namespace gw::tools
