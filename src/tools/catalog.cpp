#include "tools/catalog.h"

#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "db/result_collector.h"
#include "sql/identifier.h"

namespace gw::tools {
namespace {

// Catalog metadata is small; these caps only guard against a pathological catalog.
constexpr db::ResultLimits kCatalogLimits{200'000, 256LL * 1024 * 1024};

// Row counts come from one grouped read of sys.partitions joined in, not a subquery per object: the
// same plan in SQL Server, and linear in tds-devserver at 20,000 tables.
constexpr const char* kCatalogSelect =
    "SELECT o.object_id, s.name AS schema_name, o.name AS object_name, o.type AS object_type,\n"
    "  p.row_count\n"
    "FROM sys.objects o JOIN sys.schemas s ON s.schema_id = o.schema_id\n"
    "LEFT JOIN (SELECT pp.object_id, SUM(pp.rows) AS row_count FROM sys.partitions pp\n"
    "  WHERE pp.index_id IN (0, 1) GROUP BY pp.object_id) p ON p.object_id = o.object_id\n";
constexpr const char* kCatalogFrom =
    "FROM sys.objects o JOIN sys.schemas s ON s.schema_id = o.schema_id\n";

std::string catalog_where(bool include_views) {
  return include_views ? "WHERE o.type IN ('U', 'V') AND o.is_ms_shipped = 0"
                       : "WHERE o.type = 'U' AND o.is_ms_shipped = 0";
}

std::string text_of(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

std::int64_t int_of(const nlohmann::json& v) {
  if (v.is_number()) return v.get<std::int64_t>();
  if (v.is_string()) return std::strtoll(v.get<std::string>().c_str(), nullptr, 10);
  if (v.is_boolean()) return v.get<bool>() ? 1 : 0;
  return 0;
}

bool bool_of(const nlohmann::json& v) { return v.is_boolean() ? v.get<bool>() : int_of(v) != 0; }

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

Result<db::ResultCollector> run(CallSession& session, const std::string& sql,
                                const db::QueryOptions& options) {
  db::ResultCollector collector(kCatalogLimits);
  GW_RETURN_IF_ERROR(session.execute(sql, options, collector));
  return collector;
}

nlohmann::json first_rows(const db::ResultCollector& result, std::size_t i = 0) {
  return i < result.result_sets().size() ? result.result_sets()[i]["rows"]
                                         : nlohmann::json::array();
}

nlohmann::json columns_json(const nlohmann::json& rows, const nlohmann::json& default_rows) {
  std::map<std::string, nlohmann::json> defaults;
  for (const nlohmann::json& r : default_rows) defaults[text_of(r[0])] = r[1];
  nlohmann::json out = nlohmann::json::array();
  for (const nlohmann::json& r : rows) {
    const std::string type_name = text_of(r[2]);
    const std::string type = declared_type(type_name, int_of(r[3]), static_cast<int>(int_of(r[4])),
                                           static_cast<int>(int_of(r[5])));
    nlohmann::json column = {{"name", text_of(r[1])},
                             {"type", type},
                             {"nullable", bool_of(r[6])},
                             {"identity", bool_of(r[7])},
                             {"default", nullptr}};
    if (const auto it = defaults.find(text_of(r[1])); it != defaults.end())
      column["default"] = it->second;
    out.push_back(std::move(column));
  }
  return out;
}

void add_indexes(const nlohmann::json& rows, nlohmann::json& out) {
  std::map<std::int64_t, nlohmann::json> by_id;
  for (const nlohmann::json& r : rows) {
    nlohmann::json& index = by_id[int_of(r[0])];
    if (index.is_null()) {
      index = {{"name", r[1]},
               {"type", text_of(r[2])},
               {"unique", bool_of(r[3])},
               {"primaryKey", bool_of(r[4])},
               {"columns", nlohmann::json::array()},
               {"includedColumns", nlohmann::json::array()}};
    }
    index[bool_of(r[7]) ? "includedColumns" : "columns"].push_back(text_of(r[5]));
  }
  out["primaryKey"] = nullptr;
  out["indexes"] = nlohmann::json::array();
  for (auto& [id, index] : by_id) {
    if (index["primaryKey"].get<bool>()) {
      out["primaryKey"] = {{"name", index["name"]}, {"columns", index["columns"]}};
    }
    out["indexes"].push_back(std::move(index));
  }
}

void add_foreign_keys(const CatalogObject& object, const nlohmann::json& rows,
                      nlohmann::json& out) {
  std::map<std::string, nlohmann::json> outgoing;
  std::map<std::string, nlohmann::json> incoming;
  for (const nlohmann::json& r : rows) {
    const std::string name = text_of(r[0]);
    const std::string from = text_of(r[1]) + "." + text_of(r[2]);
    const std::string to = text_of(r[4]) + "." + text_of(r[5]);
    if (int_of(r[8]) == object.object_id) {
      nlohmann::json& fk = outgoing[name];
      if (fk.is_null()) {
        fk = {{"name", name},
              {"columns", nlohmann::json::array()},
              {"referencedTable", to},
              {"referencedColumns", nlohmann::json::array()}};
      }
      fk["columns"].push_back(text_of(r[3]));
      fk["referencedColumns"].push_back(text_of(r[6]));
    }
    if (int_of(r[9]) == object.object_id) {
      nlohmann::json& fk = incoming[name];
      if (fk.is_null()) {
        fk = {{"name", name},
              {"table", from},
              {"columns", nlohmann::json::array()},
              {"referencedColumns", nlohmann::json::array()}};
      }
      fk["columns"].push_back(text_of(r[3]));
      fk["referencedColumns"].push_back(text_of(r[6]));
    }
  }
  out["foreignKeys"] = nlohmann::json::array();
  for (auto& [_, fk] : outgoing) out["foreignKeys"].push_back(std::move(fk));
  out["referencedBy"] = nlohmann::json::array();
  for (auto& [_, fk] : incoming) out["referencedBy"].push_back(std::move(fk));
}

}  // namespace

namespace {

std::vector<CatalogObject> catalog_objects(const nlohmann::json& rows, bool include_views) {
  std::vector<CatalogObject> objects;
  for (const nlohmann::json& r : rows) {
    CatalogObject o;
    o.object_id = int_of(r[0]);
    o.schema = text_of(r[1]);
    o.name = text_of(r[2]);
    o.type = trim(text_of(r[3])) == "V" ? "view" : "table";
    if (o.type == "view" && !include_views) continue;
    if (o.type == "table" && !r[4].is_null()) o.row_count = int_of(r[4]);
    objects.push_back(std::move(o));
  }
  return objects;
}

}  // namespace

Result<std::vector<CatalogObject>> load_catalog(CallSession& session,
                                                const db::QueryOptions& options,
                                                bool include_views) {
  Result<db::ResultCollector> result =
      run(session, std::string(kCatalogSelect) + catalog_where(true) + "\nORDER BY s.name, o.name",
          options);
  if (!result) return result.status();
  return catalog_objects(first_rows(*result), include_views);
}

Result<CatalogObject> find_table(CallSession& session, const db::QueryOptions& options,
                                 std::string_view typed, const std::string& scope_name) {
  Result<sql::ObjectName> parsed = sql::parse_object_name(typed);
  if (!parsed) return resolve_table({}, typed, scope_name);  // its message names what is wrong
  Result<db::ResultCollector> result =
      run(session,
          fmt::format("{}{} AND LOWER(o.name) = LOWER({})\nORDER BY s.name, o.name", kCatalogSelect,
                      catalog_where(true), sql::quote_string_literal(parsed->name)),
          options);
  if (!result) return result.status();
  Result<CatalogObject> found =
      resolve_table(catalog_objects(first_rows(*result), true), typed, scope_name);
  // The name parsed, so InvalidArgument means ambiguous: the whole catalog would not help.
  if (found || found.status().code() == StatusCode::kInvalidArgument) return found;
  // Not found: the whole catalog, for "Did you mean" (the error path only).
  Result<std::vector<CatalogObject>> catalog = load_catalog(session, options, true);
  if (!catalog) return catalog.status();
  return resolve_table(*catalog, typed, scope_name);
}

std::string catalog_page_sql(bool include_views, const std::string& schema, std::int64_t offset,
                             std::int64_t limit) {
  std::string where = catalog_where(include_views);
  if (!schema.empty())
    where += fmt::format(" AND LOWER(s.name) = LOWER({})", sql::quote_string_literal(schema));
  return fmt::format(
      "SELECT COUNT(*) AS total {}{};\n"
      "{}{}\nORDER BY s.name, o.name OFFSET {} ROWS FETCH NEXT {} ROWS ONLY",
      kCatalogFrom, where, kCatalogSelect, where, offset, limit);
}

Result<CatalogPage> load_catalog_page(CallSession& session, const db::QueryOptions& options,
                                      bool include_views, const std::string& schema,
                                      std::int64_t offset, std::int64_t limit) {
  Result<db::ResultCollector> result =
      run(session, catalog_page_sql(include_views, schema, offset, limit), options);
  if (!result) return result.status();
  CatalogPage page;
  const nlohmann::json count = first_rows(*result, 0);
  page.total = count.empty() ? 0 : int_of(count[0][0]);
  page.objects = catalog_objects(first_rows(*result, 1), include_views);
  return page;
}

std::string describe_sql(const CatalogObject& object) {
  return fmt::format(
      "SELECT c.column_id, c.name, t.name AS type_name, c.max_length, c.precision, c.scale, "
      "c.is_nullable,\n"
      "  c.is_identity\n"
      "FROM sys.columns c JOIN sys.types t ON t.user_type_id = c.user_type_id\n"
      "WHERE c.object_id = {0} ORDER BY c.column_id;\n"
      "SELECT i.index_id, i.name, i.type_desc, i.is_unique, i.is_primary_key, c.name AS "
      "column_name,\n"
      "  ic.key_ordinal, ic.is_included_column\n"
      "FROM sys.indexes i\n"
      "JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id\n"
      "JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id\n"
      "WHERE i.object_id = {0} ORDER BY i.index_id, ic.key_ordinal, c.column_id;\n"
      "SELECT fk.name, ps.name, po.name, pc.name, rs.name, ro.name, rc.name, "
      "fkc.constraint_column_id,\n"
      "  fk.parent_object_id, fk.referenced_object_id\n"
      "FROM sys.foreign_keys fk\n"
      "JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id\n"
      "JOIN sys.objects po ON po.object_id = fk.parent_object_id\n"
      "JOIN sys.schemas ps ON ps.schema_id = po.schema_id\n"
      "JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = "
      "fkc.parent_column_id\n"
      "JOIN sys.objects ro ON ro.object_id = fk.referenced_object_id\n"
      "JOIN sys.schemas rs ON rs.schema_id = ro.schema_id\n"
      "JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = "
      "fkc.referenced_column_id\n"
      "WHERE fk.parent_object_id = {0} OR fk.referenced_object_id = {0}\n"
      "ORDER BY fk.name, fkc.constraint_column_id;\n"
      "SELECT COLUMN_NAME, COLUMN_DEFAULT FROM INFORMATION_SCHEMA.COLUMNS\n"
      "WHERE TABLE_SCHEMA = {1} AND TABLE_NAME = {2}",
      object.object_id, sql::quote_string_literal(object.schema),
      sql::quote_string_literal(object.name));
}

std::string declared_type(const std::string& type_name, std::int64_t max_length, int precision,
                          int scale) {
  const auto length = [&](std::int64_t bytes_per_char) {
    return max_length < 0 ? std::string("(max)") : fmt::format("({})", max_length / bytes_per_char);
  };
  if (type_name == "nvarchar" || type_name == "nchar") return type_name + length(2);
  if (type_name == "varchar" || type_name == "char" || type_name == "varbinary" ||
      type_name == "binary") {
    return type_name + length(1);
  }
  if (type_name == "decimal" || type_name == "numeric")
    return fmt::format("{}({},{})", type_name, precision, scale);
  if (type_name == "datetime2" || type_name == "time" || type_name == "datetimeoffset") {
    return fmt::format("{}({})", type_name, scale);
  }
  return type_name;
}

nlohmann::json assemble_description(const CatalogObject& object,
                                    const nlohmann::json& result_sets) {
  const auto rows = [&](std::size_t i) {
    return i < result_sets.size() ? result_sets[i]["rows"] : nlohmann::json::array();
  };
  nlohmann::json out = {
      {"schema", object.schema},
      {"name", object.name},
      {"type", object.type},
      {"rowCount", object.row_count ? nlohmann::json(*object.row_count) : nlohmann::json()}};
  out["columns"] = columns_json(rows(0), rows(3));
  add_indexes(rows(1), out);
  add_foreign_keys(object, rows(2), out);
  return out;
}

Result<nlohmann::json> describe_object(CallSession& session, const db::QueryOptions& options,
                                       const CatalogObject& object) {
  Result<db::ResultCollector> result = run(session, describe_sql(object), options);
  if (!result) return result.status();
  return assemble_description(object, result->result_sets());
}

}  // namespace gw::tools
