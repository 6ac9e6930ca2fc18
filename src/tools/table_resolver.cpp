#include "tools/table_resolver.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "sql/identifier.h"

namespace gw::tools {
namespace {

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return fold(x) == fold(y); });
}

// True when the typed text names a schema: a '.' outside [brackets] and "quotes".
bool names_schema(std::string_view text) {
  char close = 0;
  for (char c : text) {
    if (close != 0) {
      if (c == close) close = 0;  // a doubled ]] or "" reopens at once: harmless for this test
    } else if (c == '[') {
      close = ']';
    } else if (c == '"') {
      close = '"';
    } else if (c == '.') {
      return true;
    }
  }
  return false;
}

std::string not_found_message(const std::vector<CatalogObject>& catalog, std::string_view typed,
                              const std::string& scope_name) {
  std::string message = fmt::format("Table '{}' was not found in scope \"{}\".", typed, scope_name);
  const std::vector<std::string> near = near_names(catalog, typed);
  if (!near.empty()) {
    message += " Did you mean: ";
    for (std::size_t i = 0; i < near.size(); ++i) message += (i > 0 ? ", " : "") + near[i];
    message += "?";
  } else {
    message += " Call list_tables to see the tables.";
  }
  return message;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitute = diagonal + (fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> near_names(const std::vector<CatalogObject>& catalog,
                                    std::string_view typed, std::size_t limit) {
  std::string bare(typed);
  bare.erase(std::remove_if(bare.begin(), bare.end(),
                            [](char c) { return c == '[' || c == ']' || c == '"'; }),
             bare.end());
  const std::size_t threshold = std::max<std::size_t>(2, bare.size() / 3);
  const std::size_t dot = bare.rfind('.');
  const std::string last_part = dot == std::string::npos ? bare : bare.substr(dot + 1);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const CatalogObject& object : catalog) {
    // The right name in the wrong schema counts as one edit.
    const std::size_t d =
        std::min({edit_distance(bare, object.qualified()), edit_distance(bare, object.name),
                  edit_distance(last_part, object.name) + (dot == std::string::npos ? 0 : 1)});
    if (d <= threshold) scored.emplace_back(d, object.qualified());
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (const auto& entry : scored) {
    if (out.size() == limit) break;
    out.push_back(entry.second);
  }
  return out;
}

Result<CatalogObject> resolve_table(const std::vector<CatalogObject>& catalog,
                                    std::string_view typed, const std::string& scope_name) {
  Result<sql::ObjectName> parsed = sql::parse_object_name(typed);
  if (!parsed) {
    return invalid_argument(
        fmt::format("'{}' is not a table name: {} (expected Table, schema.Table or "
                    "[schema].[Table])",
                    typed, parsed.status().message()));
  }
  const bool explicit_schema = names_schema(typed);
  const CatalogObject* unique_elsewhere = nullptr;
  int elsewhere = 0;
  for (const CatalogObject& object : catalog) {
    if (!same_name(object.name, parsed->name)) continue;
    if (same_name(object.schema, parsed->schema)) return object;
    if (!explicit_schema) {
      unique_elsewhere = &object;
      ++elsewhere;
    }
  }
  if (elsewhere == 1) return *unique_elsewhere;
  if (elsewhere > 1) {
    return invalid_argument(
        fmt::format("Table name '{}' is ambiguous in scope \"{}\": name the schema, e.g. {}.",
                    typed, scope_name, unique_elsewhere->qualified()));
  }
  return not_found(not_found_message(catalog, typed, scope_name));
}

}  // namespace gw::tools
