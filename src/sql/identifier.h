#pragma once
// Names and literals the tools splice into SQL they build themselves (describe_table,
// get_table_sample). The tools resolve a parsed name against the catalog first, then quote the
// catalog's spelling; nothing here checks that an object exists.

#include <string>
#include <string_view>

#include "util/status.h"

namespace gw::sql {

inline constexpr std::string_view kDefaultSchema = "dbo";
// SQL Server names are sysname, nvarchar(128).
inline constexpr std::size_t kMaxIdentifierCharacters = 128;

struct ObjectName {
  std::string schema;
  std::string name;
  bool operator==(const ObjectName&) const = default;
};

// [part] with every ] doubled: safe for any text, including ], quotes, ; and newlines.
std::string quote_identifier(std::string_view part);

// [schema].[name]
std::string quote_object_name(const ObjectName& object);

// N'text' with every ' doubled, for the rare place a value cannot be a parameter.
std::string quote_string_literal(std::string_view text);

// Parses the one- or two-part names the tools accept: Customers, dbo.Customers,
// [dbo].[Customers], "dbo"."Customers", [weird]]name]. A one-part name gets schema dbo.
// Anything else (three or four parts, empty parts, unterminated quotes, trailing text such as
// "Customers; DROP TABLE x") is InvalidArgument with a message naming what is wrong.
Result<ObjectName> parse_object_name(std::string_view text);

}  // namespace gw::sql
