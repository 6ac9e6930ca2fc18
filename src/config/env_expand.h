#pragma once
// ${VAR} expansion for tenants.yaml values, so the file itself holds no password.
//   ${VAR}          the variable's value; an error when it is not set
//   ${VAR:-default} the value, or default when unset or empty
//   $$              a literal $

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "util/status.h"

namespace gw::config {

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Reads the process environment.
EnvLookup process_environment();

// With unset_names given, a ${VAR} without default that is unset expands to "" and its name is
// collected instead of failing (for `check`, which validates files on machines without the
// secrets).
Result<std::string> expand_env(std::string_view text, const EnvLookup& env,
                               std::set<std::string>* unset_names = nullptr);

}  // namespace gw::config
