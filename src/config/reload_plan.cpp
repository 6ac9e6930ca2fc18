#include "config/reload_plan.h"

#include <tuple>

namespace gw::config {

// Everything that decides how the pool logs in and where it connects (and the pool's own bounds),
// and the read-only policy the scope's tools apply to what runs there.
bool same_database(const DatabaseConfig& a, const DatabaseConfig& b) {
  return std::tie(a.host, a.port, a.database, a.user, a.password, a.tds_version, a.encryption,
                  a.trust_server_certificate, a.login_timeout_s, a.query_timeout_s, a.pool_max_size,
                  a.pool_acquire_timeout_ms, a.confine, a.require_read_only_login,
                  a.extra_databases, a.impersonate) ==
         std::tie(b.host, b.port, b.database, b.user, b.password, b.tds_version, b.encryption,
                  b.trust_server_certificate, b.login_timeout_s, b.query_timeout_s, b.pool_max_size,
                  b.pool_acquire_timeout_ms, b.confine, b.require_read_only_login,
                  b.extra_databases, b.impersonate);
}

namespace {

bool same_limits(const LimitsConfig& a, const LimitsConfig& b) {
  return std::tie(a.max_rows, a.max_result_bytes, a.sample_default_rows, a.sample_max_rows) ==
         std::tie(b.max_rows, b.max_result_bytes, b.sample_default_rows, b.sample_max_rows);
}

bool same_users(const std::vector<User>& a, const std::vector<User>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || !(a[i].password_hash == b[i].password_hash) ||
        a[i].database_user != b[i].database_user) {
      return false;
    }
  }
  return true;
}

bool same_clients(const std::vector<PreregisteredClient>& a,
                  const std::vector<PreregisteredClient>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tie(a[i].client_id, a[i].client_secret, a[i].redirect_uris) !=
        std::tie(b[i].client_id, b[i].client_secret, b[i].redirect_uris)) {
      return false;
    }
  }
  return true;
}

bool same_abuse_limits(const OAuthConfig& a, const OAuthConfig& b) {
  return std::tie(a.cimd_connect_timeout_ms, a.cimd_timeout_ms, a.cimd_max_concurrent_fetches,
                  a.cimd_cache_entries, a.cimd_failure_cache_s, a.sign_in_failures_per_user_address,
                  a.sign_in_failures_per_address, a.sign_in_failures_per_user,
                  a.sign_in_failure_window_s, a.pending_sign_ins_per_address,
                  a.pending_sign_ins_max) ==
         std::tie(b.cimd_connect_timeout_ms, b.cimd_timeout_ms, b.cimd_max_concurrent_fetches,
                  b.cimd_cache_entries, b.cimd_failure_cache_s, b.sign_in_failures_per_user_address,
                  b.sign_in_failures_per_address, b.sign_in_failures_per_user,
                  b.sign_in_failure_window_s, b.pending_sign_ins_per_address,
                  b.pending_sign_ins_max);
}

bool same_oauth(const OAuthConfig& a, const OAuthConfig& b) {
  return std::tie(a.allowed_redirect_hosts, a.allow_loopback_redirects, a.access_token_ttl_s,
                  a.refresh_token_ttl_s, a.authorization_code_ttl_s, a.sign_in, a.scopes_supported,
                  a.client_id_metadata_documents, a.cimd_allow_private_addresses) ==
             std::tie(b.allowed_redirect_hosts, b.allow_loopback_redirects, b.access_token_ttl_s,
                      b.refresh_token_ttl_s, b.authorization_code_ttl_s, b.sign_in,
                      b.scopes_supported, b.client_id_metadata_documents,
                      b.cimd_allow_private_addresses) &&
         same_abuse_limits(a, b) && same_users(a.users, b.users) &&
         same_clients(a.clients, b.clients);
}

// The scope's own keys other than database.* (the line it is defined on is not a setting).
bool same_settings(const ScopeConfig& a, const ScopeConfig& b) {
  return std::tie(a.path, a.description, a.read_only) ==
             std::tie(b.path, b.description, b.read_only) &&
         same_limits(a.limits, b.limits) && same_oauth(a.oauth, b.oauth) &&
         a.development.allow_unauthenticated_methods ==
             b.development.allow_unauthenticated_methods &&
         a.development.allow_unauthenticated_tools_call ==
             b.development.allow_unauthenticated_tools_call;
}

// Server keys a Scope object is built from: a change rebuilds every scope.
bool same_scope_inputs(const ServerConfig& a, const ServerConfig& b) {
  return a.public_base_url == b.public_base_url;
}

// The listener, the admin listener and the durable files are set up once, at start.
struct RestartKey {
  const char* name;
  bool (*same)(const ServerConfig&, const ServerConfig&);
  void (*keep)(ServerConfig& out, const ServerConfig& old);
};

template <auto Member>
constexpr RestartKey restart_key(const char* name) {
  return {name, [](const ServerConfig& a, const ServerConfig& b) { return a.*Member == b.*Member; },
          [](ServerConfig& out, const ServerConfig& old) { out.*Member = old.*Member; }};
}

using S = ServerConfig;
constexpr RestartKey kRestartKeys[] = {
    restart_key<&S::listen>("server.listen"),
    restart_key<&S::data_dir>("server.data_dir"),
    restart_key<&S::state_store>("server.state_store"),
    restart_key<&S::audit_log>("server.audit_log"),
    restart_key<&S::max_connections>("server.max_connections"),
    restart_key<&S::read_timeout_s>("server.read_timeout_s"),
    restart_key<&S::keep_alive_timeout_s>("server.keep_alive_timeout_s"),
    restart_key<&S::admin_listen>("server.admin_listen"),
    // The listener's body limit is fixed when it starts; the MCP parsers must agree with it.
    restart_key<&S::max_body_bytes>("server.max_body_bytes"),
};

}  // namespace

ReloadPlan plan_reload(const Config& old_config, const Config& new_config) {
  ReloadPlan plan;
  const bool server_same = same_scope_inputs(old_config.server, new_config.server);
  for (const auto& next : new_config.scopes) {
    const ScopeConfig* previous = old_config.find_scope(next.name);
    ScopeChange change = ScopeChange::kAdded;
    if (previous != nullptr) {
      change = !same_database(previous->database, next.database) ? ScopeChange::kChangedDatabase
               : !same_settings(*previous, next) || !server_same ? ScopeChange::kChangedSettings
                                                                 : ScopeChange::kUnchanged;
    }
    plan.scopes.push_back({next.name, change});
  }
  for (const auto& previous : old_config.scopes) {
    if (new_config.find_scope(previous.name) == nullptr) {
      plan.scopes.push_back({previous.name, ScopeChange::kRemoved});
    }
  }
  for (const RestartKey& key : kRestartKeys) {
    if (!key.same(old_config.server, new_config.server)) plan.restart_needed.push_back(key.name);
  }
  return plan;
}

std::vector<std::string> restart_only_keys() {
  std::vector<std::string> names;
  for (const RestartKey& key : kRestartKeys) names.emplace_back(key.name);
  return names;
}

Config effective_config(const Config& old_config, const Config& new_config) {
  Config out = new_config;
  for (const RestartKey& key : kRestartKeys) key.keep(out.server, old_config.server);
  // The new file's token was validated against its own admin_listen, which is not applied: a token
  // dropped along with a move to loopback would leave the running (maybe public) listener open.
  if (old_config.server.admin_listen != new_config.server.admin_listen) {
    out.server.admin_token = old_config.server.admin_token;
  }
  return out;
}

const char* change_name(ScopeChange change) {
  switch (change) {
    case ScopeChange::kAdded: return "added";
    case ScopeChange::kRemoved: return "removed";
    case ScopeChange::kUnchanged: return "unchanged";
    case ScopeChange::kChangedDatabase: return "changed_database";
    case ScopeChange::kChangedSettings: return "changed_settings";
  }
  return "unchanged";
}

}  // namespace gw::config
