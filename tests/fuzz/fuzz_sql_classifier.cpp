// Fuzz target: the T-SQL lexer and read-only classifier return a verdict for any bytes, never
// crash, hang or go quadratic; an allowed batch only ever starts statements with SELECT, WITH or
// '(', or is a DECLARE or SET of scalar variables (reads: they change nothing outside the batch).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sql/read_only_classifier.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view sql(reinterpret_cast<const char*>(data), size);
  auto verdict = gw::sql::classify_read_only(sql);
  if (verdict.is_ok()) {
    for (const auto& statement : verdict->statements) {
      const std::string_view k = statement.keyword;
      if (k != "SELECT" && k != "WITH" && k != "(" && k != "DECLARE" && k != "SET") {
        __builtin_trap();
      }
    }
  } else if (verdict.status().message().empty()) {
    __builtin_trap();
  }
  return 0;
}
