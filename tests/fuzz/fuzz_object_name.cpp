// Fuzz target: object-name parsing either fails or yields parts that quote back to a name that parses to the
// same parts (quoting is the only way a name reaches SQL text).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sql/identifier.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto name = gw::sql::parse_object_name(text);
  if (!name.is_ok()) return 0;
  const std::string quoted = gw::sql::quote_object_name(*name);
  auto again = gw::sql::parse_object_name(quoted);
  if (!again.is_ok() || again->schema != name->schema || again->name != name->name) __builtin_trap();
  return 0;
}
