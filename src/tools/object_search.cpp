#include "tools/object_search.h"

#include <cstdlib>

#include <fmt/format.h>

#include "db/result_collector.h"
#include "sql/identifier.h"
#include "tools/catalog.h"

namespace gw::tools {
namespace {

// sys.objects.type of each kind (Microsoft Learn, "sys.objects"): SQL and CLR procedures and
// functions (scalar, inline and multi-statement table-valued, CLR scalar and table-valued).
const char* object_types(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kTable: return "'U'";
    case ObjectKind::kView: return "'V'";
    case ObjectKind::kProcedure: return "'P', 'PC'";
    case ObjectKind::kFunction: return "'FN', 'IF', 'TF', 'FS', 'FT'";
    case ObjectKind::kColumn: return "";
  }
  return "";
}

const char* kind_of_type(const std::string& type) {
  if (type == "U") return "table";
  if (type == "V") return "view";
  if (type == "P" || type == "PC") return "procedure";
  return "function";
}

std::string text_of(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : ""; }

std::int64_t int_of(const nlohmann::json& v) {
  if (v.is_number()) return v.get<std::int64_t>();
  if (v.is_string()) return std::strtoll(v.get<std::string>().c_str(), nullptr, 10);
  return 0;
}

std::string trimmed(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// A catalog-sized page; the caps only guard against a pathological reply.
constexpr db::ResultLimits kSearchLimits{10'000, 16LL * 1024 * 1024};

}  // namespace

const char* kind_name(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kTable: return "table";
    case ObjectKind::kView: return "view";
    case ObjectKind::kProcedure: return "procedure";
    case ObjectKind::kFunction: return "function";
    case ObjectKind::kColumn: return "column";
  }
  return "";
}

const std::vector<ObjectKind>& all_kinds() {
  static const std::vector<ObjectKind> kinds = {ObjectKind::kTable, ObjectKind::kView,
                                                ObjectKind::kProcedure, ObjectKind::kFunction,
                                                ObjectKind::kColumn};
  return kinds;
}

std::string like_pattern(std::string_view pattern) {
  std::string out;
  bool wildcard = false;
  for (const char c : pattern) {
    if (c == '\\' || c == '[') out += '\\';
    if (c == '%' || c == '_') wildcard = true;
    out += c;
  }
  return wildcard ? out : "%" + out + "%";
}

std::string search_sql(const SearchRequest& request) {
  const std::string like = fmt::format("LIKE LOWER({}) ESCAPE '\\'",
                                       sql::quote_string_literal(like_pattern(request.pattern)));
  std::string types;
  bool columns = false;
  for (const ObjectKind kind : request.kinds) {
    if (kind == ObjectKind::kColumn) {
      columns = true;
      continue;
    }
    types += (types.empty() ? "" : ", ") + std::string(object_types(kind));
  }
  std::vector<std::string> parts;
  if (!types.empty()) {
    parts.push_back(fmt::format(
        "SELECT s.name AS schema_name, o.name AS object_name, o.type AS object_type, "
        "CAST(NULL AS nvarchar(128)) AS column_name, CAST(NULL AS nvarchar(128)) AS type_name, "
        "CAST(NULL AS int) AS max_length, CAST(NULL AS int) AS col_precision, "
        "CAST(NULL AS int) AS col_scale\n"
        "FROM sys.objects o JOIN sys.schemas s ON s.schema_id = o.schema_id\n"
        "WHERE o.type IN ({}) AND o.is_ms_shipped = 0 AND LOWER(o.name) {}",
        types, like));
  }
  if (columns) {
    parts.push_back(fmt::format(
        "SELECT s.name AS schema_name, o.name AS object_name, o.type AS object_type, "
        "c.name AS column_name, t.name AS type_name, c.max_length, c.precision AS col_precision, "
        "c.scale AS col_scale\n"
        "FROM sys.columns c JOIN sys.objects o ON o.object_id = c.object_id\n"
        "JOIN sys.schemas s ON s.schema_id = o.schema_id\n"
        "JOIN sys.types t ON t.user_type_id = c.user_type_id\n"
        "WHERE o.type IN ('U', 'V') AND o.is_ms_shipped = 0 AND LOWER(c.name) {}",
        like));
  }
  std::string matches;
  for (const std::string& part : parts) matches += (matches.empty() ? "" : "\nUNION ALL\n") + part;
  return fmt::format(
      "SELECT COUNT(*) AS total FROM (\n{0}\n) AS m;\n"
      "{0}\nORDER BY schema_name, object_name, column_name OFFSET {1} ROWS FETCH NEXT {2} ROWS "
      "ONLY",
      matches, request.offset, request.limit);
}

SearchPage assemble_search(const nlohmann::json& result_sets) {
  SearchPage page;
  if (!result_sets.empty() && !result_sets[0]["rows"].empty())
    page.total = int_of(result_sets[0]["rows"][0][0]);
  if (result_sets.size() < 2) return page;
  for (const nlohmann::json& r : result_sets[1]["rows"]) {
    const std::string schema = text_of(r[0]);
    const std::string object = text_of(r[1]);
    const bool column = !r[3].is_null();
    nlohmann::json match = {{"kind", column ? "column" : kind_of_type(trimmed(text_of(r[2])))},
                            {"schema", schema},
                            {"name", object},
                            {"column", nullptr},
                            {"type", nullptr},
                            {"qualifiedName", schema + "." + object}};
    if (column) {
      match["column"] = text_of(r[3]);
      match["type"] = declared_type(text_of(r[4]), int_of(r[5]), static_cast<int>(int_of(r[6])),
                                    static_cast<int>(int_of(r[7])));
      match["qualifiedName"] = schema + "." + object + "." + text_of(r[3]);
    }
    page.matches.push_back(std::move(match));
  }
  return page;
}

Result<SearchPage> search_objects(CallSession& session, const db::QueryOptions& options,
                                  const SearchRequest& request) {
  db::ResultCollector collector(kSearchLimits);
  GW_RETURN_IF_ERROR(session.execute(search_sql(request), options, collector));
  return assemble_search(collector.result_sets());
}

}  // namespace gw::tools
