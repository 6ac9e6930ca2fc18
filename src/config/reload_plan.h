#pragma once
// What a reload of tenants.yaml changes, decided from the old and the new configuration alone
// (pure, so it is unit-tested with tables of cases). The reloader (app/reloader.h) acts on the
// plan:
//   kUnchanged         the running Scope object is kept: its pool, OAuth store, sessions and
//                      streams untouched
//   kChangedDatabase   a new Scope with a new pool; the old pool serves the calls already running,
//                      then closes
//   kChangedSettings   a new Scope (new pool too: simplest, and logins are cheap next to a
//                      reload); sessions and legacy SSE streams carry over to it in both changed
//                      cases
//   kAdded / kRemoved  the scope starts serving / stops taking new requests (running ones finish)
// Scopes are matched by name: renaming a scope removes the old one and adds a new one.

#include <string>
#include <vector>

#include "config/config.h"

namespace gw::config {

enum class ScopeChange { kAdded, kRemoved, kUnchanged, kChangedDatabase, kChangedSettings };

struct ScopePlan {
  std::string name;
  ScopeChange change;

  bool operator==(const ScopePlan&) const = default;
};

struct ReloadPlan {
  // New scopes in the new file's order, then removed ones in the old file's order.
  std::vector<ScopePlan> scopes;
  // "server.listen", ...: keys a running process cannot change; the reload keeps their old values.
  std::vector<std::string> restart_needed;
};

ReloadPlan plan_reload(const Config& old_config, const Config& new_config);

// The restart-only server keys ("server.listen", ...); config/key_table.cpp marks the same keys.
std::vector<std::string> restart_only_keys();

// new_config with every restart-only server key set back to old_config's value: what a reload
// applies.
Config effective_config(const Config& old_config, const Config& new_config);

// Whether two database sections log in to the same place the same way (and bound the pool and
// the read-only policy alike): a scope whose section is unchanged keeps its pool on reload.
bool same_database(const DatabaseConfig& a, const DatabaseConfig& b);

// "added", "removed", "unchanged", "changed_database", "changed_settings".
const char* change_name(ScopeChange change);

}  // namespace gw::config
