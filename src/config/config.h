#pragma once
// The validated configuration: an immutable snapshot built from tenants.yaml by
// config::load_file(). Every key, its type, default, range and doc line is declared once, in
// key_table.cpp.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "util/secret.h"

namespace gw::config {

enum class Encryption { kOff, kRequest, kRequire };
enum class SignIn { kPassword, kAuto };

struct DatabaseConfig {
  std::string host;
  int port = 1433;
  std::string database;
  std::string user;
  Secret password;
  std::string tds_version = "7.4";
  Encryption encryption = Encryption::kRequest;
  bool trust_server_certificate = false;
  int login_timeout_s = 10;
  int query_timeout_s = 60;
  int pool_max_size = 8;
  int pool_acquire_timeout_ms = 5000;
  bool confine = true;                   // read-only scopes: names stay in `database`
  bool require_read_only_login = false;  // read-only scopes: refuse to serve a login that can write
  // More databases on the same server and login, each with its own pool; tools take a `database`
  // argument naming one of `database` and these.
  std::vector<std::string> extra_databases;
  // Run each call as the signed-in user's database user (oauth.users[].database_user) with
  // EXECUTE AS USER ... WITH COOKIE.
  bool impersonate = false;
};

struct LimitsConfig {
  int max_rows = 1000;
  std::int64_t max_result_bytes = 1'000'000;
  int sample_default_rows = 10;
  int sample_max_rows = 100;
};

struct User {
  std::string name;
  Secret password_hash;
  std::string database_user;  // database.impersonate: whom the user's calls run as
};

struct PreregisteredClient {
  std::string client_id;
  Secret client_secret;  // empty: a public client
  std::vector<std::string> redirect_uris;
};

struct OAuthConfig {
  std::vector<std::string> allowed_redirect_hosts = {"claude.ai", "claude.com", "chatgpt.com"};
  bool allow_loopback_redirects = true;
  int access_token_ttl_s = 3600;
  int refresh_token_ttl_s = 30 * 24 * 3600;
  int authorization_code_ttl_s = 60;
  SignIn sign_in = SignIn::kPassword;
  std::vector<User> users;
  std::vector<std::string> scopes_supported = {"mssql.read", "mssql.write"};
  std::vector<PreregisteredClient> clients;
  bool client_id_metadata_documents = true;
  bool cimd_allow_private_addresses = false;  // for tests only: lets CIMD fetch from loopback
  // Client ID Metadata Document fetches: one deadline for the whole fetch, a cap on fetches in
  // flight, a bounded cache (documents for their HTTP lifetime, failures briefly).
  int cimd_connect_timeout_ms = 3000;
  int cimd_timeout_ms = 5000;
  int cimd_max_concurrent_fetches = 4;
  int cimd_cache_entries = 1000;
  int cimd_failure_cache_s = 30;
  // Sign-in throttles (failures within the window) and pending sign-in bounds.
  int sign_in_failures_per_user_address = 5;
  int sign_in_failures_per_address = 20;
  int sign_in_failures_per_user = 100;
  int sign_in_failure_window_s = 900;
  int pending_sign_ins_per_address = 50;
  int pending_sign_ins_max = 1000;
};

struct DevelopmentConfig {
  bool allow_unauthenticated_methods = false;     // initialize, tools/list, ping without a token
  bool allow_unauthenticated_tools_call = false;  // tools/call without a token
};

struct ScopeConfig {
  std::string name;  // "demo"
  std::string path;  // "/demo"
  std::string description;
  bool read_only = true;
  DatabaseConfig database;
  LimitsConfig limits;
  OAuthConfig oauth;
  DevelopmentConfig development;
  int line = 0;  // where the scope is defined in the file, for messages
};

// Caps on what one client can hold of the server (README, Limits).
struct ServerLimits {
  int max_streams_per_token = 16;
  int max_streams_per_address = 64;
  int reserved_connections = 64;
};

struct ServerConfig {
  std::string listen = "127.0.0.1:8008";
  std::string
      public_base_url;  // "https://mcp.example.com", no trailing slash; empty: http://<listen>
  std::vector<std::string>
      trusted_proxies;  // CIDRs whose X-Forwarded-* and X-Environment-Path we believe
  std::string data_dir = "./data";
  // "journal" or redis://…; parsed by config/state_store.h (it may hold a password).
  Secret state_store = Secret("journal");
  std::string audit_log;  // empty: <data_dir>/audit.log
  std::string log_level = "info";
  std::vector<std::string> allowed_origins = {"https://claude.ai", "https://claude.com",
                                              "https://chatgpt.com"};
  std::string default_scope;  // answers the root /.well-known/* fallbacks; empty: they are 404
  std::int64_t max_body_bytes = 1'048'576;
  int max_connections = 4096;
  int read_timeout_s = 30;
  int keep_alive_timeout_s = 60;
  ServerLimits limits;
  int health_probe_interval_s = 10;
  std::string admin_listen;  // /metrics and /admin/*; empty: no admin listener
  Secret admin_token;        // when set, admin requests need "Authorization: Bearer <token>"
};

struct Config {
  std::string source_path;
  ServerConfig server;
  std::vector<ScopeConfig> scopes;

  const ScopeConfig* find_scope(const std::string& name) const;
};

using ConfigPtr = std::shared_ptr<const Config>;

}  // namespace gw::config
