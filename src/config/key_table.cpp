#include "config/key_table.h"

#include <fmt/format.h>

namespace gw::config {
namespace {

template <typename Section, typename Field>
std::function<void(Section&, const KeyValue&)> setter(Field& (*access)(Section&)) {
  return [access](Section& section, const KeyValue& value) {
    Field& field = access(section);
    if constexpr (std::is_same_v<Field, int>) {
      field = static_cast<int>(std::get<std::int64_t>(value));
    } else if constexpr (std::is_same_v<Field, std::int64_t>) {
      field = std::get<std::int64_t>(value);
    } else if constexpr (std::is_same_v<Field, bool>) {
      field = std::get<bool>(value);
    } else if constexpr (std::is_same_v<Field, std::string>) {
      field = std::get<std::string>(value);
    } else if constexpr (std::is_same_v<Field, Secret>) {
      field = Secret(std::get<std::string>(value));
    } else if constexpr (std::is_same_v<Field, std::vector<std::string>>) {
      field = std::get<std::vector<std::string>>(value);
    }
  };
}

// Shorthands that keep each table row on a few lines.
template <typename S, typename F>
KeySpec<S> text(std::string_view name, std::string_view dflt, bool reloadable, std::string_view doc,
                F& (*access)(S&)) {
  return {name, KeyKind::kString, dflt, 0, 0, {}, {}, reloadable, doc, setter<S, F>(access)};
}
template <typename S>
KeySpec<S> secret(std::string_view name, std::string_view dflt, std::string_view doc,
                  Secret& (*access)(S&)) {
  return {name, KeyKind::kSecret, dflt, 0, 0, {}, {}, true, doc, setter<S, Secret>(access)};
}
template <typename S, typename F>
KeySpec<S> integer(std::string_view name, std::string_view dflt, std::int64_t min, std::int64_t max,
                   bool reloadable, std::string_view doc, F& (*access)(S&)) {
  return {name, KeyKind::kInteger, dflt, min, max, {}, {}, reloadable, doc, setter<S, F>(access)};
}
template <typename S>
KeySpec<S> boolean(std::string_view name, std::string_view dflt, std::string_view doc,
                   bool& (*access)(S&)) {
  return {name, KeyKind::kBoolean, dflt, 0, 0, {}, {}, true, doc, setter<S, bool>(access)};
}
template <typename S>
KeySpec<S> list(std::string_view name, std::string_view dflt, bool reloadable, std::string_view doc,
                std::vector<std::string>& (*access)(S&)) {
  return {name, KeyKind::kStringList,
          dflt, 0,
          0,    {},
          {},   reloadable,
          doc,  setter<S, std::vector<std::string>>(access)};
}
template <typename S>
KeySpec<S> choice(std::string_view name, std::string_view dflt,
                  std::vector<std::string_view> choices, std::string_view doc,
                  std::function<void(S&, const std::string&)> assign) {
  return {name, KeyKind::kChoice,
          dflt, 0,
          0,    std::move(choices),
          {},   true,
          doc,  [assign](S& s, const KeyValue& v) { assign(s, std::get<std::string>(v)); }};
}

std::vector<KeySpec<ServerConfig>> make_server_keys() {
  using S = ServerConfig;
  return {
      text(
          "listen", "127.0.0.1:8008", false, "Address and port the gateway listens on (host:port).",
          +[](S& s) -> std::string& { return s.listen; }),
      text(
          "public_base_url", "http://<listen>", true,
          "Public origin used to build issuer, endpoint and resource URLs (https://host, no path, "
          "no "
          "trailing slash). The Host header is never trusted for this.",
          +[](S& s) -> std::string& { return s.public_base_url; }),
      list(
          "trusted_proxies", "[]", true,
          "CIDRs of proxies (NGINX) whose X-Forwarded-* and X-Environment-Path headers are "
          "believed.",
          +[](S& s) -> std::vector<std::string>& { return s.trusted_proxies; }),
      text(
          "data_dir", "./data", false, "Directory for durable state (OAuth stores, audit log).",
          +[](S& s) -> std::string& { return s.data_dir; }),
      {"state_store",
       KeyKind::kSecret,
       "journal",
       0,
       0,
       {},
       {},
       false,
       "Where OAuth state and MCP sessions live: journal (files under data_dir, one machine) or "
       "redis://[user:password@]host:port/db, shared by several replicas (password via ${VAR}), "
       "or rediss://…[?ca_file=PATH] over TLS (the certificate verified against that CA file or "
       "the system's). Keys are prefixed gw:<scope>:.",
       setter<S, Secret>(+[](S& s) -> Secret& { return s.state_store; })},
      text(
          "audit_log", "<data_dir>/audit.log", false, "Audit log of every tool call (JSON lines).",
          +[](S& s) -> std::string& { return s.audit_log; }),
      choice<S>("log_level", "info", {"debug", "info", "warning", "error"},
                "Server log verbosity (stderr).",
                [](S& s, const std::string& v) { s.log_level = v; }),
      list(
          "allowed_origins", "[https://claude.ai, https://claude.com, https://chatgpt.com]", true,
          "Browser Origins allowed to call the gateway (DNS-rebinding protection); requests "
          "without an "
          "Origin are allowed. A port of * matches any port (http://127.0.0.1:*).",
          +[](S& s) -> std::vector<std::string>& { return s.allowed_origins; }),
      text(
          "default_scope", "\"\"", true,
          "Scope name that answers the root /.well-known/* fallbacks; empty: those answer 404.",
          +[](S& s) -> std::string& { return s.default_scope; }),
      integer(
          "max_body_bytes", "1048576", 1024, 64LL << 20, false, "Largest request body accepted.",
          +[](S& s) -> std::int64_t& { return s.max_body_bytes; }),
      integer(
          "max_connections", "4096", 16, 100000, false,
          "Most client connections served at once (each open SSE stream holds one).",
          +[](S& s) -> int& { return s.max_connections; }),
      integer(
          "read_timeout_s", "30", 1, 3600, false, "Seconds to wait for a client to send a request.",
          +[](S& s) -> int& { return s.read_timeout_s; }),
      integer(
          "keep_alive_timeout_s", "60", 1, 3600, false,
          "Seconds an idle keep-alive connection is kept.",
          +[](S& s) -> int& { return s.keep_alive_timeout_s; }),
      integer(
          "health_probe_interval_s", "10", 1, 3600, true,
          "Seconds between background probes of each scope's database (SELECT 1, bounded by its "
          "login_timeout_s); GET /health answers from the last one, with its age.",
          +[](S& s) -> int& { return s.health_probe_interval_s; }),
      integer(
          "limits.max_streams_per_token", "16", 1, 100000, true,
          "Held-open streams (legacy SSE, GET /mcp, subscriptions/listen) one token may have open "
          "at once; past it a new one is answered 429 with Retry-After.",
          +[](S& s) -> int& { return s.limits.max_streams_per_token; }),
      integer(
          "limits.max_streams_per_address", "64", 1, 100000, true,
          "Held-open streams one client address may have open at once (the address "
          "trusted_proxies' X-Forwarded-For gives, else the peer); past it: 429 with Retry-After.",
          +[](S& s) -> int& { return s.limits.max_streams_per_address; }),
      integer(
          "limits.reserved_connections", "64", 0, 100000, true,
          "Connections streams may never take (at most half of max_connections), so health, "
          "OAuth and tool calls are served while streams hold the rest; a stream past it: 503.",
          +[](S& s) -> int& { return s.limits.reserved_connections; }),
      text(
          "admin_listen", "\"\"", false,
          "Separate listener for GET /metrics and POST /admin/reload; \"\" turns it off. A "
          "non-loopback "
          "address requires admin_token.",
          +[](S& s) -> std::string& { return s.admin_listen; }),
      secret<S>(
          "admin_token", "\"\"", "Bearer token the admin listener requires (use ${VAR}).",
          +[](S& s) -> Secret& { return s.admin_token; }),
  };
}

std::vector<KeySpec<ScopeConfig>> make_scope_keys() {
  using S = ScopeConfig;
  std::vector<KeySpec<S>> keys = {
      text(
          "path", "/<name>", true, "URL prefix of the scope: a single segment such as /demo.",
          +[](S& s) -> std::string& { return s.path; }),
      text(
          "description", "\"\"", true, "Shown in health and to the model in the MCP instructions.",
          +[](S& s) -> std::string& { return s.description; }),
      boolean(
          "read_only", "true", "Only statements that read run; everything else is refused.",
          +[](S& s) -> bool& { return s.read_only; }),
      text(
          "database.host", "required", true, "SQL Server host name or address.",
          +[](S& s) -> std::string& { return s.database.host; }),
      integer(
          "database.port", "1433", 1, 65535, true, "SQL Server TCP port.",
          +[](S& s) -> int& { return s.database.port; }),
      text(
          "database.name", "required", true, "Database to use after login.",
          +[](S& s) -> std::string& { return s.database.database; }),
      text(
          "database.user", "required", true, "SQL login name. Use a least-privilege login.",
          +[](S& s) -> std::string& { return s.database.user; }),
      secret<S>(
          "database.password", "required",
          "SQL login password; write ${VAR} to take it from the "
          "environment.",
          +[](S& s) -> Secret& { return s.database.password; }),
      choice<S>("database.tds_version", "7.4", {"7.1", "7.2", "7.3", "7.4"},
                "TDS protocol version.",
                [](S& s, const std::string& v) { s.database.tds_version = v; }),
      choice<S>("database.encryption", "request", {"off", "request", "require"},
                "TLS to SQL Server: off, request (use when offered), require.",
                [](S& s, const std::string& v) {
                  s.database.encryption = v == "off"       ? Encryption::kOff
                                          : v == "require" ? Encryption::kRequire
                                                           : Encryption::kRequest;
                }),
      boolean(
          "database.trust_server_certificate", "false",
          "Accept the server's certificate without verification (development only).",
          +[](S& s) -> bool& { return s.database.trust_server_certificate; }),
      boolean(
          "database.confine", "true",
          "Read-only scopes: refuse names outside database.name (three- and four-part names, "
          "linked servers) and server-level readers such as sys.fn_dblog and sys.sql_logins.",
          +[](S& s) -> bool& { return s.database.confine; }),
      boolean(
          "database.require_read_only_login", "false",
          "Read-only scopes: refuse to serve when the login can write (checked at start, reload "
          "and by the health probe); when false, health reports it as degraded.",
          +[](S& s) -> bool& { return s.database.require_read_only_login; }),
      list(
          "database.extra_databases", "[]", true,
          "More databases on the same server and login (e.g. [ArchiveDB, Staging]), each with its "
          "own pool of pool.max_size; every tool then takes an optional `database` argument "
          "(default database.name), and list_databases lists them with their health.",
          +[](S& s) -> std::vector<std::string>& { return s.database.extra_databases; }),
      boolean(
          "database.impersonate", "false",
          "Run each call as the signed-in user's database user (oauth.users[].database_user) with "
          "EXECUTE AS USER ... WITH COOKIE, reverted before the connection is pooled again. The "
          "login needs IMPERSONATE on those users.",
          +[](S& s) -> bool& { return s.database.impersonate; }),
      integer(
          "database.login_timeout_s", "10", 1, 300, true, "Seconds to wait for a login.",
          +[](S& s) -> int& { return s.database.login_timeout_s; }),
      integer(
          "database.query_timeout_s", "60", 1, 290, true,
          "Seconds a query may run before it is cancelled (below Claude's 300 s tool timeout).",
          +[](S& s) -> int& { return s.database.query_timeout_s; }),
      integer(
          "pool.max_size", "8", 1, 1000, true, "Most open connections to the database.",
          +[](S& s) -> int& { return s.database.pool_max_size; }),
      integer(
          "pool.acquire_timeout_ms", "5000", 1, 600000, true,
          "How long a call waits for a free connection before a \"database busy\" error.",
          +[](S& s) -> int& { return s.database.pool_acquire_timeout_ms; }),
      integer(
          "limits.max_rows", "1000", 1, 1000000, true, "Most rows returned by one tool call.",
          +[](S& s) -> int& { return s.limits.max_rows; }),
      integer(
          "limits.max_result_bytes", "1000000", 1024, 64LL << 20, true,
          "Most bytes of rows returned by one tool call (Claude reads about 150,000 characters), "
          "and by one HTTP request: the calls of a JSON-RPC batch share it.",
          +[](S& s) -> std::int64_t& { return s.limits.max_result_bytes; }),
      integer(
          "limits.sample_default_rows", "10", 1, 10000, true,
          "get_table_sample rows when no limit is given.",
          +[](S& s) -> int& { return s.limits.sample_default_rows; }),
      integer(
          "limits.sample_max_rows", "100", 1, 100000, true,
          "Largest limit get_table_sample accepts.",
          +[](S& s) -> int& { return s.limits.sample_max_rows; }),
  };
  std::vector<KeySpec<S>> oauth = {
      choice<S>(
          "oauth.sign_in", "password", {"password", "auto"},
          "How users sign in at the authorize page: password (the users below) or auto (approve "
          "without a person; development only, logged loudly).",
          [](S& s, const std::string& v) {
            s.oauth.sign_in = v == "auto" ? SignIn::kAuto : SignIn::kPassword;
          }),
      {"oauth.users",
       KeyKind::kRecordList,
       "[]",
       0,
       0,
       {},
       {{"name", false, true, "user name typed at sign-in"},
        {"password_hash", false, true, "from `mssql-mcp-gateway hash-password`"},
        {"database_user", false, false,
         "the database user the user's calls run as when database.impersonate is true"}},
       true,
       "Users who may sign in to this scope.",
       [](S& s, const KeyValue& v) {
         s.oauth.users.clear();
         for (const Record& r : std::get<std::vector<Record>>(v)) {
           User user{r.at("name")[0], Secret(r.at("password_hash")[0]), ""};
           if (auto it = r.find("database_user"); it != r.end()) user.database_user = it->second[0];
           s.oauth.users.push_back(std::move(user));
         }
       }},
      list(
          "oauth.allowed_redirect_hosts", "[claude.ai, claude.com, chatgpt.com]", true,
          "Hosts (and their subdomains) that registered https redirect URIs may name.",
          +[](S& s) -> std::vector<std::string>& { return s.oauth.allowed_redirect_hosts; }),
      boolean(
          "oauth.allow_loopback_redirects", "true",
          "Allow http://localhost and http://127.0.0.1 redirect URIs on any port (desktop "
          "clients).",
          +[](S& s) -> bool& { return s.oauth.allow_loopback_redirects; }),
      integer(
          "oauth.access_token_ttl_s", "3600", 60, 86400, true, "Access token lifetime.",
          +[](S& s) -> int& { return s.oauth.access_token_ttl_s; }),
      integer(
          "oauth.refresh_token_ttl_s", "2592000", 3600, 31536000, true, "Refresh token lifetime.",
          +[](S& s) -> int& { return s.oauth.refresh_token_ttl_s; }),
      integer(
          "oauth.authorization_code_ttl_s", "60", 10, 600, true, "Authorization code lifetime.",
          +[](S& s) -> int& { return s.oauth.authorization_code_ttl_s; }),
      list(
          "oauth.scopes_supported", "[mssql.read, mssql.write]", true,
          "OAuth scopes advertised; unknown or empty requested scopes get the default grant.",
          +[](S& s) -> std::vector<std::string>& { return s.oauth.scopes_supported; }),
      {"oauth.clients",
       KeyKind::kRecordList,
       "[]",
       0,
       0,
       {},
       {{"client_id", false, true, "the client's id"},
        {"client_secret", false, false, "omit for a public client; ${VAR} recommended"},
        {"redirect_uris", true, true, "exact redirect URIs"}},
       true,
       "Pre-registered OAuth clients (besides dynamic registration and metadata documents).",
       [](S& s, const KeyValue& v) {
         s.oauth.clients.clear();
         for (const Record& r : std::get<std::vector<Record>>(v)) {
           PreregisteredClient c;
           c.client_id = r.at("client_id")[0];
           if (auto it = r.find("client_secret"); it != r.end())
             c.client_secret = Secret(it->second[0]);
           c.redirect_uris = r.at("redirect_uris");
           s.oauth.clients.push_back(std::move(c));
         }
       }},
      boolean(
          "oauth.client_id_metadata_documents", "true",
          "Accept https URL client ids (Client ID Metadata Documents), fetched with SSRF "
          "protection.",
          +[](S& s) -> bool& { return s.oauth.client_id_metadata_documents; }),
      boolean(
          "oauth.cimd_allow_private_addresses", "false",
          "Tests only: let metadata documents be fetched from loopback and private addresses.",
          +[](S& s) -> bool& { return s.oauth.cimd_allow_private_addresses; }),
      integer(
          "oauth.cimd_connect_timeout_ms", "3000", 100, 60000, true,
          "Client metadata document fetch: milliseconds for the TCP connect and for the TLS "
          "handshake.",
          +[](S& s) -> int& { return s.oauth.cimd_connect_timeout_ms; }),
      integer(
          "oauth.cimd_timeout_ms", "5000", 100, 60000, true,
          "Client metadata document fetch: milliseconds for the whole fetch, name lookup included "
          "(a slow server is cut off; a fetch is also abandoned when the browser goes away).",
          +[](S& s) -> int& { return s.oauth.cimd_timeout_ms; }),
      integer(
          "oauth.cimd_max_concurrent_fetches", "4", 1, 1000, true,
          "Client metadata documents fetched at once for this scope; more answer 503 with "
          "Retry-After.",
          +[](S& s) -> int& { return s.oauth.cimd_max_concurrent_fetches; }),
      integer(
          "oauth.cimd_cache_entries", "1000", 0, 100000, true,
          "Client metadata documents (and failed fetches) cached by URL; documents for their HTTP "
          "cache lifetime (at most a day), the oldest entry going first.",
          +[](S& s) -> int& { return s.oauth.cimd_cache_entries; }),
      integer(
          "oauth.cimd_failure_cache_s", "30", 0, 3600, true,
          "Seconds a failed client metadata document fetch is remembered before it is tried "
          "again.",
          +[](S& s) -> int& { return s.oauth.cimd_failure_cache_s; }),
      integer(
          "oauth.sign_in_failures_per_user_address", "5", 1, 100000, true,
          "Failed sign-ins of one user name from one client address, within the failure window, "
          "after which that pair is answered 429 with Retry-After.",
          +[](S& s) -> int& { return s.oauth.sign_in_failures_per_user_address; }),
      integer(
          "oauth.sign_in_failures_per_address", "20", 1, 100000, true,
          "Failed sign-ins from one client address (any user name) within the failure window.",
          +[](S& s) -> int& { return s.oauth.sign_in_failures_per_address; }),
      integer(
          "oauth.sign_in_failures_per_user", "100", 1, 1000000, true,
          "Failed sign-ins of one user name from all addresses within the failure window (guessing "
          "spread over many addresses); below it the user still signs in from a clean address.",
          +[](S& s) -> int& { return s.oauth.sign_in_failures_per_user; }),
      integer(
          "oauth.sign_in_failure_window_s", "900", 10, 86400, true,
          "The failure window: failures are counted from the first one for this many seconds.",
          +[](S& s) -> int& { return s.oauth.sign_in_failure_window_s; }),
      integer(
          "oauth.pending_sign_ins_per_address", "50", 1, 100000, true,
          "Sign-in forms shown and not yet submitted per client address; past it the address's "
          "oldest expires.",
          +[](S& s) -> int& { return s.oauth.pending_sign_ins_per_address; }),
      integer(
          "oauth.pending_sign_ins_max", "1000", 1, 1000000, true,
          "Sign-in forms pending in this scope; past it the address holding the most loses its "
          "oldest.",
          +[](S& s) -> int& { return s.oauth.pending_sign_ins_max; }),
      boolean(
          "development.allow_unauthenticated_methods", "false",
          "Development only: initialize, ping and tools/list without a token (logged loudly).",
          +[](S& s) -> bool& { return s.development.allow_unauthenticated_methods; }),
      boolean(
          "development.allow_unauthenticated_tools_call", "false",
          "Development only: tools/call without a token (logged loudly).",
          +[](S& s) -> bool& { return s.development.allow_unauthenticated_tools_call; }),
  };
  keys.insert(keys.end(), oauth.begin(), oauth.end());
  return keys;
}

const char* kind_name(KeyKind kind) {
  switch (kind) {
    case KeyKind::kString: return "text";
    case KeyKind::kSecret: return "secret text";
    case KeyKind::kInteger: return "integer";
    case KeyKind::kBoolean: return "boolean";
    case KeyKind::kChoice: return "choice";
    case KeyKind::kStringList: return "list of text";
    case KeyKind::kRecordList: return "list of records";
  }
  return "value";
}

template <typename Section>
void append_rows(std::string& out, std::string_view section,
                 const std::vector<KeySpec<Section>>& keys) {
  for (const auto& key : keys) {
    std::string doc(key.doc);
    if (!key.record_fields.empty()) {
      doc += " Fields:";
      for (const RecordField& f : key.record_fields) {
        doc += fmt::format(" `{}`{} ({}),", f.name, f.required ? "" : " (optional)", f.doc);
      }
      doc.pop_back();
      doc += '.';
    }
    out +=
        fmt::format("| `{}{}` | {} | `{}` | {} | {} |\n", section, key.name, describe_expected(key),
                    key.default_text, key.reloadable ? "yes" : "restart", doc);
  }
}

}  // namespace

const std::vector<KeySpec<ServerConfig>>& server_keys() {
  static const auto keys = make_server_keys();
  return keys;
}

const std::vector<KeySpec<ScopeConfig>>& scope_keys() {
  static const auto keys = make_scope_keys();
  return keys;
}

template <typename Section>
std::string describe_expected(const KeySpec<Section>& key) {
  switch (key.kind) {
    case KeyKind::kInteger: return fmt::format("an integer {}..{}", key.min, key.max);
    case KeyKind::kBoolean: return "true or false";
    case KeyKind::kChoice: {
      std::string out = "one of ";
      for (size_t i = 0; i < key.choices.size(); ++i) {
        out += (i == 0 ? "" : ", ");
        out += key.choices[i];
      }
      return out;
    }
    case KeyKind::kStringList: return "a list of text";
    case KeyKind::kRecordList: return "a list of records";
    case KeyKind::kSecret:
    case KeyKind::kString: return std::string("a ") + kind_name(key.kind);
  }
  return "a value";
}

template std::string describe_expected(const KeySpec<ServerConfig>&);
template std::string describe_expected(const KeySpec<ScopeConfig>&);

std::string reference_markdown() {
  std::string out =
      "| key | accepts | default | reload | meaning |\n"
      "|---|---|---|---|---|\n";
  append_rows(out, "server.", server_keys());
  append_rows(out, "scopes.<name>.", scope_keys());
  return out;
}

}  // namespace gw::config
