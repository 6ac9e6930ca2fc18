// Fuzz target: the scope router is total: any path and header give a route, and a scope route's
// inner path starts with '/'.
#include <cstddef>
#include <cstdint>
#include <string>

#include "http/scope_router.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t split = input.find('\n');
  const std::string path = input.substr(0, split);
  const std::optional<std::string_view> header =
      split == std::string::npos
          ? std::nullopt
          : std::optional<std::string_view>(std::string_view(input).substr(split + 1));
  static const gw::http::ScopeRouter router({"/demo", "/production", "/marketing"}, 0);
  for (bool trusted : {false, true}) {
    const auto route = router.route({path, header, trusted});
    if (route.kind == gw::http::Route::Kind::kScope &&
        (route.scope_index < 0 || route.scope_index > 2 || route.inner_path.empty() ||
         route.inner_path[0] != '/')) {
      __builtin_trap();
    }
  }
  return 0;
}
