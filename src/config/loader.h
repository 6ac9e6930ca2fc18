#pragma once
// tenants.yaml -> a validated, immutable Config. Every problem in the file is reported in one pass,
// one line each, Ninja-style: "tenants.yaml:14:7: scopes.production.pool.max_size: expected an
// integer 1..1000, got "20x"".

#include <string>
#include <string_view>

#include "config/config.h"
#include "config/env_expand.h"
#include "util/status.h"

namespace gw::config {

// On failure the Status message holds every error, one per line.
// unset_names: see expand_env(); null (the default) makes an unset ${VAR} an error.
Result<ConfigPtr> load_file(const std::string& path, const EnvLookup& env = process_environment(),
                            std::set<std::string>* unset_names = nullptr);
Result<ConfigPtr> load_text(std::string_view text, const std::string& file_name,
                            const EnvLookup& env, std::set<std::string>* unset_names = nullptr);

}  // namespace gw::config
