// Fuzz target: tenants.yaml loading must return a config or a Status for any bytes, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "SET") return std::string("value");
    return std::nullopt;
  };
  auto result = gw::config::load_text(text, "fuzz.yaml", env);
  if (!result.is_ok() && result.status().message().empty()) __builtin_trap();  // errors must say something
  return 0;
}
