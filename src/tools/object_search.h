#pragma once
// search_objects' catalog query: table, view, procedure, function and column names matching a SQL
// LIKE pattern (Microsoft Learn, "LIKE (Transact-SQL)"), case-insensitive, schema-qualified, in
// schema, object, column order, a page at a time. The pattern reaches SQL only as an N'...'
// literal, with `[` and the escape character escaped so only `%` and `_` are wildcards.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/call_session.h"
#include "util/status.h"

namespace gw::tools {

enum class ObjectKind { kTable, kView, kProcedure, kFunction, kColumn };

// "table", "view", "procedure", "function", "column".
const char* kind_name(ObjectKind kind);
const std::vector<ObjectKind>& all_kinds();

struct SearchRequest {
  std::string pattern;            // as typed: Cust%, %_id, Orders (no wildcard: anywhere)
  std::vector<ObjectKind> kinds;  // non-empty
  std::int64_t offset = 0;
  std::int64_t limit = 50;
};

// The LIKE pattern for `pattern`: `\` and `[` escaped (ESCAPE '\'), and %...% around a pattern
// without % or _; pure.
std::string like_pattern(std::string_view pattern);

// Two result sets: the number of matches, then the page; pure.
std::string search_sql(const SearchRequest& request);

struct SearchPage {
  nlohmann::json matches =
      nlohmann::json::array();  // [{kind, schema, name, column, type, qualifiedName}]
  std::int64_t total = 0;
};

// Builds the page from search_sql's result sets; pure.
SearchPage assemble_search(const nlohmann::json& result_sets);

Result<SearchPage> search_objects(CallSession& session, const db::QueryOptions& options,
                                  const SearchRequest& request);

}  // namespace gw::tools
